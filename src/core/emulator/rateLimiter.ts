import type { RateClass } from "../operations.js"
import { documentedRateLimits, rateWindowMillis } from "../policy.js"

/**
 * Requests per API key allowed in each window, by rate class: `create` (create user), `update` (update,
 * delete, preferences) and `read` (everything else).
 *
 * @internal
 */
export type Limits = { readonly [Class in RateClass]: number } & { readonly windowMillis: number }

/**
 * Rockset's documented limits: create user 10 per minute, metadata updates 50, metadata reads 500.
 *
 * @internal
 */
export const documentedLimits: Limits = { ...documentedRateLimits, windowMillis: rateWindowMillis }

/** @internal */
export interface RateLimiter {
  /** Admits a request and returns `undefined`, or returns how long until one would be admitted, in ms. */
  readonly take: (apiKey: string, kind: RateClass, now: number) => number | undefined
  readonly clear: () => void
}

/**
 * A sliding-window log: it remembers when each admitted request arrived, so `Retry-After` is exactly the
 * time until the oldest of them leaves the window. Memory is bounded by the limits.
 *
 * @internal
 */
export const make = (limits: Limits): RateLimiter => {
  const windows = new Map<string, Array<number>>()
  return {
    take: (apiKey, kind, now) => {
      const limit = Math.max(0, Math.floor(limits[kind]))
      const id = `${kind}\u0000${apiKey}`
      const arrivals = (windows.get(id) ?? []).filter((at) => now - at < limits.windowMillis)
      if (arrivals.length >= limit) {
        windows.set(id, arrivals)
        const oldest = arrivals[0]
        return oldest === undefined ? limits.windowMillis : oldest + limits.windowMillis - now
      }
      arrivals.push(now)
      windows.set(id, arrivals)
      return undefined
    },
    clear: () => windows.clear()
  }
}
