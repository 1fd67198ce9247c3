import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as Tracer from "effect/Tracer"
import {
  Answer,
  type AttemptFailure,
  type AttemptRequest,
  type AttemptResponse,
  keptHeaders,
  timedOut
} from "../../core/exchange/attempt.js"
import { type Direct, directOf } from "../../core/exchange/direct.js"
import { type Outcomes, Pending } from "../../core/exchange/pending.js"

/**
 * What an attempt runs in: the context the call started with (a runtime may read its settings there, as
 * fetch reads `RequestInit`), and the call's span, when it has one.
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
 * A runtime's direct exchange (see `core/exchange/direct.ts`) as a transport: one callback for the whole
 * exchange, its timer included. The exchange is cancelled by `onInterrupt` rather than by a canceler
 * returned to `Effect.callback`: a canceler's closure (and what it reaches) is kept alive past the call,
 * long enough to be promoted out of the young generation, which the Effect 3 edition measured at a quarter
 * of a call's CPU.
 *
 * @internal
 */
export const viaExchange = (direct: Direct<Context.Context<never>>): Transport => (request, call) => {
  const pending = new Pending<Context.Context<never>, Outcome>(outcomes)
  return Effect.onInterrupt(
    Effect.callback<AttemptResponse, AttemptFailure>((resume) => {
      pending.start(direct, request, call.context, resume)
    }),
    () => Effect.sync(() => pending.cancel())
  )
}

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

const clientTransports = new WeakMap<HttpClient.HttpClient, Transport>()
const exchangeTransports = new WeakMap<Direct<Context.Context<never>>, Transport>()

const liveClockPrototype: object | null = Object.getPrototypeOf(Clock.Clock.defaultValue())

/**
 * Whether `clock` is Effect's live clock, whose sleeps are plain timers (a `TestClock` is not).
 *
 * @internal
 */
export const isLiveClock = (clock: Clock.Clock): boolean => Object.getPrototypeOf(clock) === liveClockPrototype

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
