/**
 * The `HttpClient` way of an attempt (Effect 4): the platform's request and response, so that any middleware
 * the client carries runs, under the attempt's time limit, in the call's context.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { Answer, type AttemptFailure, keptHeaders, timedOut } from "../../core/exchange/attempt.js"
import type { AttemptContext, Transport } from "./transport.js"

const always = () => true

/**
 * Runs `effect` as an attempt through `HttpClient` runs: the platform's own request span off (the call's
 * span, when it has one, is the parent of whatever the client's middleware traces), and fetch told not to
 * follow redirects (a redirect is an answer to report, and following it would send the key elsewhere).
 *
 * @internal
 */
export const inCallContext = <A, E>(effect: Effect.Effect<A, E>, call: AttemptContext): Effect.Effect<A, E> => {
  const requestInit = Context.getOrUndefined(call.context, FetchHttpClient.RequestInit)
  const inContext = Effect.provideService(
    Effect.provideService(effect, HttpClient.TracerDisabledWhen, always),
    FetchHttpClient.RequestInit,
    { ...requestInit, redirect: "manual" }
  )
  return call.span === undefined ? inContext : Effect.withParentSpan(inContext, call.span, { captureStackTrace: false })
}

const failureOf = (error: HttpClientError.HttpClientError): AttemptFailure => {
  const reason = error.reason
  return {
    _tag: "Failed",
    // a response error (its status, its body) came after the request was sent
    phase: reason._tag === "StatusCodeError" || reason._tag === "DecodeError" || reason._tag === "EmptyBodyError"
      ? "body"
      : "request",
    // Effect 4 names its reasons `TransportError`, `EncodeError`, `InvalidUrlError`: the core's names have no suffix
    reason: reason._tag.replace(/Error$/, ""),
    cause: reason.cause
  }
}

/**
 * Through the `HttpClient` interface, so that any middleware the client carries runs: the platform's
 * request and response, the body read, all under the attempt's time limit.
 *
 * @internal
 */
export const viaClient = (client: HttpClient.HttpClient): Transport => (request, call) => {
  const httpRequest = HttpClientRequest.make(request.method)(request.origin + request.path, {
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: HttpBody.text(request.body, "application/json") })
  })
  const exchange = client.execute(httpRequest).pipe(
    Effect.flatMap((response) =>
      Effect.map(response.text, (text) => {
        const { headers, status } = response
        return new Answer(status, text, keptHeaders(status, { header: (name) => headers[name] }))
      })
    ),
    Effect.mapError(failureOf),
    Effect.timeoutOrElse({ duration: request.timeoutMillis, orElse: () => Effect.fail(timedOut) })
  )
  return inCallContext(exchange, call)
}
