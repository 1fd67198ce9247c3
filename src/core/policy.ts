/**
 * The numbers behind every edition's `Policy`: the documented rate limits, the defaults, and the full-jitter
 * backoff's ceiling. The editions build their `Policy` values (with their own `Schedule` and `Duration`)
 * from these, so the two cannot drift.
 *
 * Nothing here imports Effect.
 *
 * @internal
 */
import type { RateClass } from "./operations.js"

/**
 * Requests per minute by rate class, as Rockset documents them: create user 10, metadata updates 50,
 * metadata reads 500. Over the limit the server answers 429.
 *
 * @internal
 */
export const documentedRateLimits: { readonly [Class in RateClass]: number } = { create: 10, update: 50, read: 500 }

/**
 * The length of the documented limits' window.
 *
 * @internal
 */
export const rateWindowMillis = 60_000

/**
 * The defaults of a policy: at most 3 attempts, 10 s per attempt, 30 s in all, create protected by its
 * recovery, a retry budget of 500 tokens (a retry costs 10, 5 after a 429; a clean success refunds 1), and
 * full-jitter backoff from 100 ms (500 ms after a 429) capped at 20 s.
 *
 * @internal
 */
export const defaults = {
  maxAttempts: 3,
  attemptTimeoutMillis: 10_000,
  totalTimeoutMillis: 30_000,
  ambiguousCreate: "recover",
  retryBudget: { capacity: 500, retryCost: 10, throttlingCost: 5, successRefund: 1 },
  backoff: { baseMillis: 100, throttlingBaseMillis: 500, capMillis: 20_000 }
} as const

/**
 * Attempts in all, from what a user asked for: a whole number, at least 1.
 *
 * @internal
 */
export const normalizeMaxAttempts = (maxAttempts: number | undefined): number =>
  Math.max(1, Math.floor(maxAttempts ?? defaults.maxAttempts) || 1)

/**
 * The full-jitter ceiling before retry number `retry` (0 for the first retry): `min(cap, base × 2^retry)`,
 * from the larger base after throttling. The delay is a uniformly random whole number of milliseconds in
 * `[0, ceiling)`, as the AWS SDKs compute it.
 *
 * @internal
 */
export const jitterCeiling = (
  backoff: { readonly baseMillis: number; readonly throttlingBaseMillis: number; readonly capMillis: number },
  retry: number,
  throttling: boolean
): number => Math.min(backoff.capMillis, (throttling ? backoff.throttlingBaseMillis : backoff.baseMillis) * 2 ** retry)
