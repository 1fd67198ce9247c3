/**
 * A sliding-window pacer: it hands out send times so that no window of the server's length ever holds more
 * than the limit, which is how a sliding-window log (Rockset's limiter, and the emulator's) counts. A token
 * bucket that starts full lets through up to twice the limit in one window; this never does.
 *
 * Pure bookkeeping over a clock the caller reads: `reserve(now)` books the earliest slot at or after `now`
 * and says how long to wait for it. A reservation is a promise to send at that time; it is never taken back,
 * so a caller that gives up after reserving only makes the pacer more careful. The server counts a request
 * when it arrives, which is after it was sent by a latency that varies; `settle(slot, at)` moves a booking
 * to when its answer came (no earlier than its arrival), so the next window is measured from a time the
 * server's count cannot be later than.
 *
 * @internal
 */

/**
 * How many sends each window of `windowMillis` may hold. `marginMillis` widens every window on our side,
 * so that requests sent exactly a window apart still arrive a window apart when their latency differs.
 *
 * @internal
 */
export interface Limit {
  readonly limit: number
  readonly windowMillis: number
  readonly marginMillis?: number | undefined
}

/**
 * A pacer for one limit: `state` is what it has booked, `reserve(now)` books the next slot and returns the
 * milliseconds to wait before sending (0 when it may send at once).
 *
 * @internal
 */
export interface RateWindow {
  readonly limit: Limit
  /** The booked send times still inside a window of the latest one, oldest first. */
  readonly state: () => ReadonlyArray<number>
  readonly reserve: (now: number) => number
  /** Moves the booking made for `slot` (the reserve time plus its wait) to `at`, when it is later. */
  readonly settle: (slot: number, at: number) => void
  /** When the next reservation made at `now` could be sent, without booking it. */
  readonly peek: (now: number) => number
}

/**
 * The earliest time at or after `now` that a send may be booked, given the booked times (oldest first):
 * never before the last booking, and never inside a window that already holds `limit` bookings.
 *
 * @internal
 */
export const nextSlot = (booked: ReadonlyArray<number>, limit: Limit, now: number): number => {
  const span = limit.windowMillis + (limit.marginMillis ?? 0)
  const capacity = Math.max(1, Math.floor(limit.limit))
  const last = booked[booked.length - 1]
  const blocking = booked.length >= capacity ? booked[booked.length - capacity] : undefined
  return Math.max(now, last ?? now, blocking === undefined ? now : blocking + span)
}

/**
 * A new pacer with nothing booked.
 *
 * @internal
 */
export const make = (limit: Limit): RateWindow => {
  const span = limit.windowMillis + (limit.marginMillis ?? 0)
  const capacity = Math.max(1, Math.floor(limit.limit))
  let booked: Array<number> = []
  return {
    limit,
    state: () => booked,
    peek: (now) => nextSlot(booked, limit, now),
    reserve: (now) => {
      const slot = nextSlot(booked, limit, now)
      // Only the last `capacity` bookings, and those still within a window of the new one, can matter.
      booked = booked.slice(Math.max(0, booked.length - capacity + 1)).filter((at) => slot - at < span)
      booked.push(slot)
      return slot - now
    },
    settle: (slot, at) => {
      const index = booked.indexOf(slot)
      if (index < 0 || at <= slot) return
      booked = [...booked.slice(0, index), ...booked.slice(index + 1), at].sort((a, b) => a - b)
    }
  }
}

/**
 * Whether a list of send times keeps to a limit: no half-open window `[t, t + windowMillis)` holds more
 * than `limit` of them. What the server checks, for tests and benchmarks.
 *
 * @internal
 */
export const keepsTo = (times: ReadonlyArray<number>, limit: Pick<Limit, "limit" | "windowMillis">): boolean => {
  const sorted = [...times].sort((a, b) => a - b)
  for (let i = limit.limit; i < sorted.length; i++) {
    const later = sorted[i]
    const earlier = sorted[i - limit.limit]
    if (later !== undefined && earlier !== undefined && later - earlier < limit.windowMillis) return false
  }
  return true
}

/**
 * The least time, from the first send, that `count` sends need under a limit: `ceil(count / limit) - 1`
 * whole windows.
 *
 * @internal
 */
export const minimumMillis = (count: number, limit: Pick<Limit, "limit" | "windowMillis">): number =>
  count <= 0 ? 0 : (Math.ceil(count / limit.limit) - 1) * limit.windowMillis
