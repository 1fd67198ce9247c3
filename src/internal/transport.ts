/**
 * The one interface of an attempt, and which of its two ways a call takes: a runtime's direct exchange, or
 * the `HttpClient` interface (`clientTransport.ts`).
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Tracer from "effect/Tracer"
import type { AttemptFailure, AttemptRequest, AttemptResponse } from "../core/exchange/attempt.js"
import { type Direct, directOf } from "../core/exchange/direct.js"
import { type Outcomes, Pending } from "../core/exchange/pending.js"
import { viaClient } from "./clientTransport.js"
// v4: import { isLiveClock } from "./clock.js"
import { isLiveClock } from "./timeout.js"

export type { AttemptFailure, AttemptRequest, AttemptResponse } from "../core/exchange/attempt.js"

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
 * returned to `Effect.async` (`Effect.callback` in Effect 4): a canceler's closure (and what it reaches) is
 * kept alive past the call, long enough to be promoted out of the young generation, which the Effect 3
 * edition measured at a quarter of a call's CPU.
 *
 * @internal
 */
export const viaExchange = (direct: Direct<Context.Context<never>>): Transport => (request, call) => {
  const pending = new Pending<Context.Context<never>, Outcome>(outcomes)
  return Effect.onInterrupt(
    // v4: Effect.callback<AttemptResponse, AttemptFailure>((resume) => {
    Effect.async<AttemptResponse, AttemptFailure>((resume) => {
      pending.start(direct, request, call.context, resume)
    }),
    () => Effect.sync(() => pending.cancel())
  )
}

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
