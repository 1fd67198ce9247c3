import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import {
  Answer,
  type AttemptFailure,
  type AttemptRequest,
  type AttemptResponse,
  keptHeaders,
  timedOut
} from "../core/exchange/attempt.js"
import { type Direct, directOf } from "../core/exchange/direct.js"
import { type Outcomes, Pending } from "../core/exchange/pending.js"
import { type FiberRefEntry, fiberRefEntry, isLiveClock, timeoutFail } from "./timeout.js"

export type { AttemptFailure, AttemptRequest, AttemptResponse } from "../core/exchange/attempt.js"

/**
 * What an attempt runs in: the context the call started with (a runtime may read its settings there, as
 * fetch reads `Fetch` and `RequestInit`), and the call's span, when it has one.
 *
 * @internal
 */
export interface AttemptContext {
  readonly context: Context.Context<never>
  readonly span: Tracer.Span | undefined
}

/**
 * The one interface of an attempt. Interrupting the effect aborts the request and closes its connection.
 *
 * @internal
 */
export type Transport = (
  request: AttemptRequest,
  call: AttemptContext
) => Effect.Effect<AttemptResponse, AttemptFailure>

type Outcome = Effect.Effect<AttemptResponse, AttemptFailure>

const outcomes: Outcomes<Outcome> = { succeed: Effect.succeed, fail: Effect.fail }

/**
 * A runtime's direct exchange (see `direct.ts`) as a transport: one callback for the whole exchange, its
 * timer included. The exchange is cancelled by `onInterrupt` rather than by a canceler returned to
 * `Effect.async`: with a canceler, Effect keeps the register's closures (and what they reach) alive past the
 * call, long enough to be promoted out of the young generation; measured, that cost a quarter of a call's CPU.
 *
 * @internal
 */
export const viaExchange = (direct: Direct<Context.Context<never>>): Transport => (request, call) => {
  const pending = new Pending<Context.Context<never>, Outcome>(outcomes)
  return Effect.onInterrupt(
    Effect.async<AttemptResponse, AttemptFailure>((resume) => {
      pending.start(direct, request, call.context, resume)
    }),
    () => Effect.sync(() => pending.cancel())
  )
}

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

const clientTransports = new WeakMap<HttpClient.HttpClient, Transport>()
const exchangeTransports = new WeakMap<Direct<Context.Context<never>>, Transport>()

/**
 * The transport of a client: its direct exchange when the runtime made it (the `HttpClient` in context is
 * exactly the one the runtime built: any `HttpClient.mapRequest`, `tapRequest`, ... makes a new client
 * without one) and the clock is the live one (the exchange's timer is a plain `setTimeout`); else the
 * `HttpClient` interface. Both end the same way.
 *
 * @internal
 */
export const transportOf = (client: HttpClient.HttpClient, clock: Clock.Clock): Transport => {
  const direct = isLiveClock(clock) ? directOf<Context.Context<never>>(client) : undefined
  if (direct !== undefined) {
    let transport = exchangeTransports.get(direct)
    if (transport === undefined) {
      transport = viaExchange(direct)
      exchangeTransports.set(direct, transport)
    }
    return transport
  }
  let transport = clientTransports.get(client)
  if (transport === undefined) {
    transport = viaClient(client)
    clientTransports.set(client, transport)
  }
  return transport
}
