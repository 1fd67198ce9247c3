/**
 * Retry and timeout policies as values.
 *
 * A policy combines a retry schedule (a `Schedule` fed with each failure) with time limits (`Duration`s),
 * a per-client retry budget and an optional client-side rate limiter. Install one for the whole
 * application with {@link layer}; override it for one call with {@link withPolicy}: the per-call one wins.
 *
 * The default is correct for every operation: at most 3 attempts, full-jitter exponential backoff,
 * `Retry-After` honoured as a lower bound, 10 s per attempt, 30 s in all, and `create` protected from
 * creating a user twice.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type Pipeable, pipeArguments } from "effect/Pipeable"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as Failure from "../core/failure.js"
import * as Defaults from "../core/policy.js"
import type * as RocksetError from "./RocksetError.js"

/**
 * How much of a server's patience a client may spend on retries (the AWS SDKs' retry quota): a bucket of
 * `capacity` tokens shared by every call on one `HttpClient`; a retry takes `throttlingCost` tokens after a
 * 429 and `retryCost` after any other failure; a call that succeeds gives back what its last retry took,
 * or `successRefund` when it needed none. With the bucket empty, failures are returned at once instead of
 * being retried, so a down server is not hit by every caller three times.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const budget: Policy.RetryBudget = { capacity: 100, retryCost: 10, throttlingCost: 5, successRefund: 1 }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface RetryBudget {
  readonly capacity: number
  readonly retryCost: number
  readonly throttlingCost: number
  readonly successRefund: number
}

/**
 * Requests per minute the client allows itself, by kind of operation. Rockset documents create user
 * 10/min, metadata updates (update, delete, preferences) 50/min and metadata reads 500/min. The client
 * keeps them as the server does, over a sliding window: no minute ever holds more sends than the limit
 * (retries included), so a burst of 10 creates makes the 11th wait until the first is a minute old.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const limits: Policy.RateLimits = { create: 10, update: 50, read: 500 }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface RateLimits {
  readonly create: number
  readonly update: number
  readonly read: number
}

/**
 * A retry and timeout policy. Build one from {@link defaultPolicy} or {@link noRetry} with the `with*`
 * combinators, or with {@link make}.
 *
 * @example
 * ```ts
 * import { pipe } from "effect"
 * import { Policy } from "effect-rockset"
 *
 * const patient: Policy.Policy = pipe(
 *   Policy.defaultPolicy,
 *   Policy.withMaxAttempts(5),
 *   Policy.withTotalTimeout("2 minutes")
 * )
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Policy extends Pipeable {
  /** Attempts in all, the first included. `1` never retries; smaller values count as `1`. */
  readonly maxAttempts: number
  /** The limit of one attempt: connect, headers, body and decoding. */
  readonly attemptTimeout: Duration.Duration
  /** The limit of the whole call, backoff sleeps included. No attempt starts after it. */
  readonly totalTimeout: Duration.Duration
  /** The delay before each retry, fed with the failure; when it ends, retrying ends. */
  readonly schedule: Schedule.Schedule<unknown, RocksetError.CallError>
  /** The per-client retry budget, or `undefined` for none. */
  readonly retryBudget: RetryBudget | undefined
  /** The client-side rate limits, or `undefined` (the default) for none. */
  readonly rateLimits: RateLimits | undefined
  /**
   * What `create` does after a failure that may have created the user (a reset or timeout after sending,
   * 500, 502, 504): `"recover"` (the default) repeats it, and a repeat that meets 409 fetches the user and
   * returns it as created when its roles match; `"fail"` returns the ambiguous failure as it is.
   */
  readonly ambiguousCreate: "recover" | "fail"
}

/**
 * The backoff delays of the default schedule: full jitter, a random delay in
 * `[0, min(cap, base × 2^retry)]`, with a larger base after a 429.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const slower: Policy.BackoffOptions = { base: "250 millis", throttlingBase: "1 second", cap: "30 seconds" }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface BackoffOptions {
  readonly base: Duration.DurationInput
  readonly throttlingBase: Duration.DurationInput
  readonly cap: Duration.DurationInput
}

/**
 * Whether a failure is throttling (429), which backs off from the larger base.
 *
 * @example
 * ```ts
 * import { Policy, RocksetError } from "effect-rockset"
 *
 * console.log(Policy.isThrottling(new RocksetError.ResourceExceeded({ operation: "get", status: 429 }))) // true
 * ```
 *
 * @since 0.1.0
 * @category Classification
 */
export const isThrottling = (error: RocksetError.CallError): boolean => Failure.isThrottling(error)

/**
 * The full-jitter exponential backoff schedule (as the AWS SDKs compute it). Never ends by itself:
 * the policy's `maxAttempts` and deadline end retrying.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const policy = Policy.defaultPolicy.pipe(
 *   Policy.withSchedule(Policy.fullJitter({ base: "50 millis", throttlingBase: "1 second", cap: "5 seconds" }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Schedules
 */
export const fullJitter = (options: BackoffOptions): Schedule.Schedule<number, RocksetError.CallError> => {
  const backoff = {
    baseMillis: Duration.toMillis(options.base),
    throttlingBaseMillis: Duration.toMillis(options.throttlingBase),
    capMillis: Duration.toMillis(options.cap)
  }
  return Schedule.identity<RocksetError.CallError>().pipe(
    Schedule.zipWith(Schedule.forever, (error, retry) => ({ error, retry })),
    Schedule.modifyDelayEffect(({ error, retry }) => {
      const ceiling = Defaults.jitterCeiling(backoff, retry, isThrottling(error))
      return Effect.map(Random.next, (random) => Duration.millis(Math.floor(random * ceiling)))
    }),
    Schedule.map(({ retry }) => retry)
  )
}

/**
 * The default backoff: base 100 ms, 500 ms after a 429, capped at 20 s.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const schedule = Policy.defaultBackoff
 * ```
 *
 * @since 0.1.0
 * @category Schedules
 */
export const defaultBackoff: Schedule.Schedule<number, RocksetError.CallError> = fullJitter({
  base: Defaults.defaults.backoff.baseMillis,
  throttlingBase: Defaults.defaults.backoff.throttlingBaseMillis,
  cap: Defaults.defaults.backoff.capMillis
})

/**
 * The default retry budget: 500 tokens, a retry costs 10 (5 after a 429), a clean success refunds 1.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const half = Policy.defaultPolicy.pipe(
 *   Policy.withRetryBudget({ ...Policy.defaultRetryBudget, capacity: 250 })
 * )
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const defaultRetryBudget: RetryBudget = Defaults.defaults.retryBudget

/**
 * Rockset's documented rate limits, per minute.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const paced = Policy.defaultPolicy.pipe(Policy.withRateLimits(Policy.documentedRateLimits))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const documentedRateLimits: RateLimits = Defaults.documentedRateLimits

const proto: Pipeable = {
  pipe() {
    return pipeArguments(this, arguments)
  }
}

/**
 * Builds a policy from its parts; omitted parts take the default's value.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const policy = Policy.make({ maxAttempts: 2, attemptTimeout: "5 seconds" })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: {
  readonly maxAttempts?: number | undefined
  readonly attemptTimeout?: Duration.DurationInput | undefined
  readonly totalTimeout?: Duration.DurationInput | undefined
  readonly schedule?: Schedule.Schedule<unknown, RocksetError.CallError> | undefined
  readonly retryBudget?: RetryBudget | false | undefined
  readonly rateLimits?: RateLimits | false | undefined
  readonly ambiguousCreate?: "recover" | "fail" | undefined
}): Policy => {
  const policy: Omit<Policy, "pipe"> = {
    maxAttempts: Defaults.normalizeMaxAttempts(options.maxAttempts),
    attemptTimeout: Duration.decode(options.attemptTimeout ?? Defaults.defaults.attemptTimeoutMillis),
    totalTimeout: Duration.decode(options.totalTimeout ?? Defaults.defaults.totalTimeoutMillis),
    schedule: options.schedule ?? defaultBackoff,
    retryBudget: options.retryBudget === false ? undefined : options.retryBudget ?? defaultRetryBudget,
    rateLimits: options.rateLimits === false ? undefined : options.rateLimits,
    ambiguousCreate: options.ambiguousCreate ?? Defaults.defaults.ambiguousCreate
  }
  return Object.assign(Object.create(proto), policy)
}

const update = (self: Policy, patch: Parameters<typeof make>[0]): Policy =>
  make({
    maxAttempts: self.maxAttempts,
    attemptTimeout: self.attemptTimeout,
    totalTimeout: self.totalTimeout,
    schedule: self.schedule,
    retryBudget: self.retryBudget ?? false,
    rateLimits: self.rateLimits ?? false,
    ambiguousCreate: self.ambiguousCreate,
    ...patch
  })

/**
 * The default policy: 3 attempts, {@link defaultBackoff}, 10 s per attempt, 30 s in all,
 * {@link defaultRetryBudget}, no client-side rate limit, ambiguous `create`s recovered.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * console.log(Policy.defaultPolicy.maxAttempts) // 3
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const defaultPolicy: Policy = make({})

/**
 * A policy that never retries; the time limits of the default stay.
 *
 * @example
 * ```ts
 * import { Policy, Users } from "effect-rockset"
 *
 * const once = Users.list().pipe(Policy.withPolicy(Policy.noRetry))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const noRetry: Policy = make({ maxAttempts: 1 })

/**
 * Sets the number of attempts in all (the first included).
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const five = Policy.defaultPolicy.pipe(Policy.withMaxAttempts(5))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withMaxAttempts = (maxAttempts: number) => (self: Policy): Policy => update(self, { maxAttempts })

/**
 * Sets the limit of one attempt.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const quick = Policy.defaultPolicy.pipe(Policy.withAttemptTimeout("2 seconds"))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withAttemptTimeout = (attemptTimeout: Duration.DurationInput) => (self: Policy): Policy =>
  update(self, { attemptTimeout })

/**
 * Sets the limit of the whole call, retries and sleeps included.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const patient = Policy.defaultPolicy.pipe(Policy.withTotalTimeout("2 minutes"))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withTotalTimeout = (totalTimeout: Duration.DurationInput) => (self: Policy): Policy =>
  update(self, { totalTimeout })

/**
 * Replaces the retry schedule. It is fed each failure and decides the delay before the next attempt;
 * when it ends, retrying ends. `maxAttempts`, the deadline, `Retry-After` and the safety rules of each
 * operation still apply.
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import { Policy } from "effect-rockset"
 *
 * const steady = Policy.defaultPolicy.pipe(Policy.withSchedule(Schedule.spaced("1 second")))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withSchedule = (schedule: Schedule.Schedule<unknown, RocksetError.CallError>) => (self: Policy): Policy =>
  update(self, { schedule })

/**
 * Sets the backoff of the default schedule.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const gentle = Policy.defaultPolicy.pipe(
 *   Policy.withBackoff({ base: "500 millis", throttlingBase: "2 seconds", cap: "20 seconds" })
 * )
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withBackoff = (options: BackoffOptions) => (self: Policy): Policy =>
  update(self, { schedule: fullJitter(options) })

/**
 * Sets the per-client retry budget, or turns it off with `false`.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const unbudgeted = Policy.defaultPolicy.pipe(Policy.withRetryBudget(false))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withRetryBudget = (retryBudget: RetryBudget | false) => (self: Policy): Policy =>
  update(self, { retryBudget })

/**
 * Paces calls on the client side so that bulk work never meets 429, or turns pacing off with `false`.
 * Waiting for a slot happens before the call's deadline starts.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const paced = Policy.defaultPolicy.pipe(Policy.withRateLimits(Policy.documentedRateLimits))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withRateLimits = (rateLimits: RateLimits | false) => (self: Policy): Policy => update(self, { rateLimits })

/**
 * Sets what `create` does after an ambiguous failure (see {@link Policy.ambiguousCreate}).
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const strict = Policy.defaultPolicy.pipe(Policy.withAmbiguousCreate("fail"))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withAmbiguousCreate = (ambiguousCreate: "recover" | "fail") => (self: Policy): Policy =>
  update(self, { ambiguousCreate })

/**
 * The policy in force. A `Context.Reference` defaulting to {@link defaultPolicy}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Policy } from "effect-rockset"
 *
 * const attempts = Effect.gen(function*() {
 *   const policy = yield* Policy.CurrentPolicy
 *   return policy.maxAttempts
 * })
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class CurrentPolicy extends Context.Reference<CurrentPolicy>()("effect-rockset/Policy", {
  defaultValue: (): Policy => defaultPolicy
}) {}

/**
 * Installs a policy for everything the layer is provided to.
 *
 * @example
 * ```ts
 * import { Policy } from "effect-rockset"
 *
 * const PolicyLive = Policy.layer(Policy.defaultPolicy.pipe(Policy.withMaxAttempts(5)))
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (policy: Policy): Layer.Layer<never> => Layer.succeedContext(Context.make(CurrentPolicy, policy))

/**
 * Runs an effect (one call, or a whole program) under a policy. It wins over the one from {@link layer}.
 *
 * @example
 * ```ts
 * import { Policy, Users } from "effect-rockset"
 *
 * const once = Users.get("ada@example.com").pipe(Policy.withPolicy(Policy.noRetry))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withPolicy = (policy: Policy) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.provideService(self, CurrentPolicy, policy)
