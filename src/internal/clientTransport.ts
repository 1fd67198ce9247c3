/**
 * The `HttpClient` way of an attempt (Effect 3): the platform's request and response, so that any middleware
 * the client carries runs, in a fiber of its own under the attempt's time limit, in the call's context.
 *
 * @internal
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import { Answer, type AttemptFailure, keptHeaders, timedOut } from "../core/exchange/attempt.js"
import { type FiberRefEntry, fiberRefEntry, timeoutFail } from "./timeout.js"
import type { AttemptContext, Transport } from "./transport.js"

const tracerDisabled = () => true

/**
 * What runs inside a call sees its span (when it has one) as parent, and fetch told not to follow
 * redirects.
 *
 * @internal
 */
export const callContextOf = (call: AttemptContext): Context.Context<never> => {
  const requestInit = {
    ...Option.getOrElse(Context.getOption(call.context, FetchHttpClient.RequestInit), () => ({})),
    redirect: "manual" as const
  }
  const withInit = Context.add(call.context, FetchHttpClient.RequestInit, requestInit)
  return call.span === undefined ? withInit : Context.add(withInit, Tracer.ParentSpan, call.span)
}

/**
 * Runs `effect` in a call's context (a superset of the caller's, see {@link callContextOf}), with the platform's own request span turned off (the call's span, if
 * any, is the one to see): for the attempts through `HttpClient` and for the schedule's steps.
 *
 * @internal
 */
export const inCallContext = <A, E>(
  effect: Effect.Effect<A, E>,
  context: Context.Context<never>
): Effect.Effect<A, E> =>
  Effect.mapInputContext(Effect.locally(effect, HttpClient.currentTracerDisabledWhen, tracerDisabled), () => context)

/**
 * Through the `HttpClient` interface, so that any middleware the client carries runs: the platform's
 * request and response, the body read in an effect of its own, and the attempt in a fiber of its own under
 * the time limit.
 *
 * @internal
 */
export const viaClient = (client: HttpClient.HttpClient): Transport => (request, call) => {
  const httpRequest = HttpClientRequest.make(request.method)(request.origin + request.path, {
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: HttpBody.text(request.body, "application/json") })
  })
  return timeoutFail(
    client.execute(httpRequest).pipe(
      Effect.flatMap((response) =>
        Effect.map(response.text, (text) => {
          const { headers, status } = response
          return new Answer(status, text, keptHeaders(status, { header: (name) => headers[name] }))
        })
      ),
      Effect.mapError((error): AttemptFailure => ({
        _tag: "Failed",
        phase: error._tag === "ResponseError" ? "body" : "request",
        reason: error.reason,
        cause: error.cause
      }))
    ),
    Duration.millis(request.timeoutMillis),
    () => timedOut,
    // the attempt's fiber starts in the call's context, its own request span off
    { context: callContextOf(call), fiberRefs: withoutRequestSpan }
  )
}

const withoutRequestSpan = (fiberId: FiberId.Runtime): ReadonlyArray<FiberRefEntry> => [
  fiberRefEntry(HttpClient.currentTracerDisabledWhen, fiberId, tracerDisabled)
]
