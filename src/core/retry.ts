/**
 * The retry decision, as a pure function of plain values: the policy's numbers, the failure, the operation's
 * kind, the attempt, the clock reading, the call's deadline, the delay the policy's schedule proposes and the
 * client's budget and rate state go in; "wait this long (and spend this much)" or "stop, because ..." comes
 * out. The edition steps the schedule, sleeps and applies the outcome with {@link commit}.
 *
 * Nothing here imports Effect.
 *
 * @internal
 */
import { type FailureFacts, isAmbiguous, isThrottling, isTransient } from "./failure.js"
import type { OperationKind, OperationName } from "./operations.js"
import { rateWindowMillis } from "./policy.js"
import { nextSlot } from "./rateWindow.js"
import { retryEvent, type SpanLike } from "./tracing.js"

/**
 * The per-client retry budget (see the edition's `Policy.RetryBudget`).
 *
 * @internal
 */
export interface RetryBudget {
  readonly capacity: number
  readonly retryCost: number
  readonly throttlingCost: number
  readonly successRefund: number
}

/**
 * Requests per minute the client allows itself, by kind of operation.
 *
 * @internal
 */
export type RateLimits = { readonly [Kind in OperationKind]: number }

/**
 * The numbers of a policy that the decision reads.
 *
 * @internal
 */
export interface RetryRules {
  readonly maxAttempts: number
  readonly ambiguousCreate: "recover" | "fail"
  readonly retryBudget: RetryBudget | undefined
  readonly rateLimits: RateLimits | undefined
}

/**
 * A kind's rate-limit window: the send times booked within the last window, oldest first. A sliding-window
 * log, as the server's limiter is: no window of the server's length ever holds more than the limit (a
 * bucket that starts full and refills lets 11 creates through in one minute: 10 at 0 s and one at 6 s).
 *
 * @internal
 */
export type Slot = ReadonlyArray<number>
/**
 * What one client (one `HttpClient`) shares between its calls: the retry tokens left, and a rate-limit
 * slot per kind of operation. Kept by `clientState.ts`; changed only by {@link commit}, {@link refund} and
 * the pacing before a call.
 *
 * @internal
 */
export interface ClientState {
  tokens: number
  readonly slots: Map<OperationKind, Slot>
}

/**
 * Everything the decision reads, but the schedule's proposal and the client's state.
 *
 * @internal
 */
export interface RetryInput {
  readonly rules: RetryRules
  readonly kind: OperationKind
  readonly failure: FailureFacts
  /** The `Retry-After` delay the failure carries, in milliseconds. */
  readonly retryAfterMillis: number | undefined
  /** The attempts made so far, the failed one included. */
  readonly attempts: number
  /** The clock reading, in milliseconds, when the failure is decided on. */
  readonly now: number
  /** When the call's total time is up, in the clock's milliseconds. */
  readonly deadline: number
}

/**
 * Why retrying stops.
 *
 * @internal
 */
export type StopReason =
  | "maxAttempts"
  | "notTransient"
  | "ambiguousCreate"
  | "scheduleDone"
  | "deadline"
  | "budget"

/**
 * The outcome: wait `delay` ms, then attempt again, spending `cost` tokens; or stop. `slot` is the kind's
 * rate-limit window with the retry booked, for {@link commit}; a decision to stop books nothing.
 *
 * @internal
 */
export type RetryDecision =
  | { readonly _tag: "Retry"; readonly delay: number; readonly cost: number; readonly slot: Slot | undefined }
  | { readonly _tag: "Stop"; readonly reason: StopReason }

/**
 * Books the kind's next send at `at` or later: the first time at which the window since it holds fewer than
 * `limit` (per minute) sends. `wait` is how long after `at` that is; the booking is made either way.
 *
 * @internal
 */
export const takeSlot = (
  slot: Slot | undefined,
  limit: number,
  at: number
): { readonly wait: number; readonly slot: Slot } => {
  const window = { limit: Math.max(1, limit), windowMillis: rateWindowMillis }
  const booked = slot ?? []
  const sendAt = nextSlot(booked, window, at)
  // only the bookings still inside a window of the new one can hold a later one back
  return { wait: sendAt - at, slot: [...booked.filter((time) => sendAt - time < rateWindowMillis), sendAt] }
}

/**
 * The checks made before the schedule is stepped: the attempts left, and whether the operation may be
 * repeated after this failure (a `create` that may have been applied only with the conflict recovery).
 * `undefined` when the schedule is to be asked.
 *
 * @internal
 */
export const precheck = (input: RetryInput): StopReason | undefined => {
  const { failure, kind, rules } = input
  if (input.attempts >= rules.maxAttempts) return "maxAttempts"
  if (!isTransient(failure)) return "notTransient"
  if (kind === "create" && isAmbiguous(failure) && rules.ambiguousCreate !== "recover") return "ambiguousCreate"
  return undefined
}

const stop = (reason: StopReason): RetryDecision => ({ _tag: "Stop", reason })

/**
 * The decision, in this order: the {@link precheck}; the schedule's proposal (`undefined`: the schedule is
 * done), at least 0; raised to the failure's `Retry-After`; raised to the wait for a rate-limit slot (booked
 * at the time of the retry); stop if the retry would start at or after the deadline; stop if the budget
 * cannot pay for it.
 *
 * @internal
 */
export const decide = (
  input: RetryInput,
  proposedDelay: number | undefined,
  state: Readonly<ClientState>
): RetryDecision => {
  const early = precheck(input)
  if (early !== undefined) return stop(early)
  if (proposedDelay === undefined) return stop("scheduleDone")
  const { failure, kind, now, retryAfterMillis, rules } = input
  let delay = Math.max(0, proposedDelay)
  if (retryAfterMillis !== undefined) delay = Math.max(delay, retryAfterMillis)
  let slot: Slot | undefined
  if (rules.rateLimits !== undefined) {
    const taken = takeSlot(state.slots.get(kind), rules.rateLimits[kind], now + delay)
    slot = taken.slot
    delay += taken.wait
  }
  if (now + delay >= input.deadline) return stop("deadline")
  const budget = rules.retryBudget
  if (budget === undefined) return { _tag: "Retry", delay, cost: 0, slot }
  const cost = isThrottling(failure) ? budget.throttlingCost : budget.retryCost
  if (state.tokens < cost) return stop("budget")
  return { _tag: "Retry", delay, cost, slot }
}

/**
 * Applies a decision to retry to the client's state: the send it booked, the tokens it spends.
 *
 * @internal
 */
export const commit = (state: ClientState, kind: OperationKind, decision: RetryDecision): void => {
  if (decision._tag !== "Retry") return
  if (decision.slot !== undefined) state.slots.set(kind, decision.slot)
  state.tokens -= decision.cost
}

/**
 * Gives tokens back after a success: `successRefund` when the first attempt succeeded, else what the last
 * retry cost; never beyond the capacity.
 *
 * @internal
 */
export const refund = (state: ClientState, budget: RetryBudget, attempts: number, lastCost: number): void => {
  state.tokens = Math.min(budget.capacity, state.tokens + (attempts === 1 ? budget.successRefund : lastCost))
}

/**
 * Books a call's first send in its kind's rate-limit window (before the call's deadline starts) and says
 * how long to wait for it.
 *
 * @internal
 */
export const bookFirstSend = (state: ClientState, kind: OperationKind, limits: RateLimits, now: number): number => {
  const taken = takeSlot(state.slots.get(kind), limits[kind], now)
  state.slots.set(kind, taken.slot)
  return taken.wait
}

/**
 * The limit of an attempt starting at `now`: the attempt's own, or what is left of the call's when that is
 * less (never below 0), and which of the two it is; `limitMillis` is the limit a timeout names, the
 * attempt's or the whole call's (`totalMillis`), not what was left of it.
 *
 * @internal
 */
export const attemptLimit = (
  deadline: number,
  now: number,
  attemptMillis: number,
  totalMillis: number
): { readonly scope: "attempt" | "total"; readonly millis: number; readonly limitMillis: number } => {
  const remaining = deadline - now
  return remaining < attemptMillis
    ? { scope: "total", millis: Math.max(0, remaining), limitMillis: totalMillis }
    : { scope: "attempt", millis: attemptMillis, limitMillis: attemptMillis }
}

/**
 * A request's retries so far, as its retry schedule carries them from one failure to the next: the attempts
 * made (the failed first one included), whether a failed attempt may have been applied by the server, and
 * what the last retry cost (the refund owed when it succeeds).
 *
 * @internal
 */
export interface Retried {
  readonly made: number
  readonly ambiguous: boolean
  readonly lastCost: number
}

/**
 * Where a request's retries start: its first attempt made.
 *
 * @internal
 */
export const firstAttempt: Retried = { made: 1, ambiguous: false, lastCost: 0 }

/**
 * Whether a value is a {@link Retried} (a retry schedule's output, read back from the schedule's metadata).
 *
 * @internal
 */
export const isRetried = (u: unknown): u is Retried =>
  typeof u === "object" && u !== null && "made" in u && typeof u.made === "number" && "ambiguous" in u &&
  typeof u.ambiguous === "boolean" && "lastCost" in u && typeof u.lastCost === "number"

/**
 * The retries after a failure that is retried: one more attempt, ambiguous when this failure or an earlier
 * one is, and what the retry costs.
 *
 * @internal
 */
export const retriedAfter = (retried: Retried, failure: FailureFacts, cost: number): Retried => ({
  made: retried.made + 1,
  ambiguous: retried.ambiguous || isAmbiguous(failure),
  lastCost: cost
})

/**
 * What a request's retry schedule asks after a failure at `now`: `undefined` to stop before the policy's
 * schedule is stepped; else, given the delay it proposes (`undefined` when it is done), the retries so far
 * with this one and the delay to wait, or `undefined` to stop.
 *
 * @internal
 */
export type OnFailure<Failure> = (
  now: number,
  failure: Failure,
  retried: Retried
) =>
  | ((proposedDelay: number | undefined) => { readonly retried: Retried; readonly delay: number } | undefined)
  | undefined

/**
 * What a request's failures are decided with: the call's rules, deadline and span, and the client's state.
 *
 * @internal
 */
export interface Decider {
  /** The operation the call is (a recovery's lookup is a request of another operation within it). */
  readonly operation: OperationName
  readonly policy: RetryRules
  readonly state: ClientState
  readonly span: SpanLike
  /** When the call's total time is up, in the clock's milliseconds. */
  readonly deadline: number
}

/**
 * The core's decision on a failed attempt of a request (`operation`, of `kind`), as its retry schedule asks
 * it: applied to the client's state and told to the call's span. `own` is false for a recovery's lookup,
 * whose attempts are not the call's; `retryAfterMillis` reads a failure's `Retry-After`.
 *
 * @internal
 */
export const onFailureOf = <Failure extends FailureFacts>(
  call: Decider,
  request: { readonly operation: OperationName; readonly kind: OperationKind },
  own: boolean,
  retryAfterMillis: (failure: Failure) => number | undefined
): OnFailure<Failure> =>
(now, failure, retried) => {
  const input: RetryInput = {
    rules: call.policy,
    kind: request.kind,
    failure,
    retryAfterMillis: retryAfterMillis(failure),
    attempts: retried.made,
    now,
    deadline: call.deadline
  }
  if (precheck(input) !== undefined) return undefined
  return (proposedDelay) => {
    const decision = decide(input, proposedDelay, call.state)
    if (decision._tag === "Stop") {
      if (decision.reason === "budget") call.span.attribute("rockset.retry_budget_exhausted", true)
      return undefined
    }
    commit(call.state, request.kind, decision)
    const next = retriedAfter(retried, failure, decision.cost)
    retryEvent(call.span, now, next.made, decision.delay, failure, request.operation, call.operation)
    if (own) call.span.attribute("rockset.attempts", next.made)
    return { retried: next, delay: decision.delay }
  }
}
