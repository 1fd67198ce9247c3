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
import type { OperationKind } from "./operations.js"

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
 * A rate-limit slot: the requests available now (fractional, refilled continuously), as of `updatedAt`.
 *
 * @internal
 */
export interface Slot {
  readonly available: number
  readonly updatedAt: number
}

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
 * rate-limit slot as the decision left it (taken, or refilled), for {@link commit}.
 *
 * @internal
 */
export type RetryDecision =
  | { readonly _tag: "Retry"; readonly delay: number; readonly cost: number; readonly slot: Slot | undefined }
  | { readonly _tag: "Stop"; readonly reason: StopReason; readonly slot: Slot | undefined }

const minute = 60_000

/**
 * The kind's slot at `now`: refilled since it was last seen, and taken when one request is available. `wait`
 * is how long until one is (0 when it was taken).
 *
 * @internal
 */
export const takeSlot = (
  slot: Slot | undefined,
  limit: number,
  now: number
): { readonly wait: number; readonly slot: Slot } => {
  const perMinute = Math.max(1, limit)
  const previous = slot ?? { available: perMinute, updatedAt: now }
  const available = Math.min(perMinute, previous.available + ((now - previous.updatedAt) * perMinute) / minute)
  return available >= 1
    ? { wait: 0, slot: { available: available - 1, updatedAt: now } }
    : { wait: Math.ceil(((1 - available) * minute) / perMinute), slot: { available, updatedAt: now } }
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

const stop = (reason: StopReason, slot: Slot | undefined): RetryDecision => ({ _tag: "Stop", reason, slot })

/**
 * The decision, in this order: the {@link precheck}; the schedule's proposal (`undefined`: the schedule is
 * done), at least 0; raised to the failure's `Retry-After`; raised to the wait for a rate-limit slot (taken
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
  if (early !== undefined) return stop(early, undefined)
  if (proposedDelay === undefined) return stop("scheduleDone", undefined)
  const { failure, kind, now, retryAfterMillis, rules } = input
  let delay = Math.max(0, proposedDelay)
  if (retryAfterMillis !== undefined) delay = Math.max(delay, retryAfterMillis)
  let slot: Slot | undefined
  if (rules.rateLimits !== undefined) {
    const taken = takeSlot(state.slots.get(kind), rules.rateLimits[kind], now + delay)
    slot = taken.slot
    delay = Math.max(delay, taken.wait)
  }
  if (now + delay >= input.deadline) return stop("deadline", slot)
  const budget = rules.retryBudget
  if (budget === undefined) return { _tag: "Retry", delay, cost: 0, slot }
  const cost = isThrottling(failure) ? budget.throttlingCost : budget.retryCost
  if (state.tokens < cost) return stop("budget", slot)
  return { _tag: "Retry", delay, cost, slot }
}

/**
 * Applies a decision to the client's state: the slot it took or refilled, the tokens it spends.
 *
 * @internal
 */
export const commit = (state: ClientState, kind: OperationKind, decision: RetryDecision): void => {
  if (decision.slot !== undefined) state.slots.set(kind, decision.slot)
  if (decision._tag === "Retry") state.tokens -= decision.cost
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
