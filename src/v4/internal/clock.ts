/**
 * The clock facts the transports need (Effect 4).
 *
 * @internal
 */
import * as Clock from "effect/Clock"

const liveClockPrototype: object | null = Object.getPrototypeOf(Clock.Clock.defaultValue())

/**
 * Whether `clock` is Effect's live clock, whose sleeps are plain timers (a `TestClock` is not).
 *
 * @internal
 */
export const isLiveClock = (clock: Clock.Clock): boolean => Object.getPrototypeOf(clock) === liveClockPrototype
