import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { identity } from "effect/Function"

const liveClockPrototype: object | null = Object.getPrototypeOf(Clock.make())

/**
 * Whether `clock` is Effect's live clock, whose sleeps are plain timers (a `TestClock` is not).
 *
 * @internal
 */
export const isLiveClock = (clock: Clock.Clock): boolean => Object.getPrototypeOf(clock) === liveClockPrototype

/** The largest delay a JS timer honours; beyond it the live clock never fires, and neither does this. */
const maxTimerMillis = 2 ** 31 - 1

/**
 * Runs `self` in a fiber of its own for at most `duration`: its result when it ends in time; otherwise it
 * is interrupted (and awaited), then `onTimeout` fails the effect. Interrupting the caller interrupts it.
 *
 * Unlike `Effect.timeoutFail`, which races `self` against a sleep in two fibers, this forks only `self`
 * and arms a plain timer when the clock is the live one (any other `Clock`, such as a `TestClock`, gets a
 * sleeping fiber). The fiber ends with the exit of `self` as its value, so that a failure is never logged
 * as one of a fiber nobody awaited. Also unlike it, `FiberRef` changes made by `self` stay in its fiber: the caller's
 * `FiberRef`s are never touched, so `self` may set what it needs without restoring it.
 *
 * @internal
 */
export const timeoutFail = <A, E, R, E1>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E1
): Effect.Effect<A, E | E1, R> =>
  Effect.clockWith((clock) =>
    Effect.uninterruptibleMask((restore) =>
      // the fiber ends with `self`'s exit as its value: a failure of `self` is the caller's to handle, never
      // an unhandled failure of a fiber (which the runtime would log, cause and all)
      Effect.flatMap(Effect.forkDaemon(Effect.exit(restore(self))), (fiber) =>
        Effect.flatMap(
          restore(
            isLiveClock(clock)
              ? awaitTimer(fiber, Duration.toMillis(duration))
              : awaitSleep(fiber, clock.sleep(duration))
          ),
          (exit): Effect.Effect<A, E | E1> =>
            exit === undefined
              ? Effect.zipRight(Fiber.interrupt(fiber), Effect.failSync(onTimeout))
              : Effect.flatMap(exit, identity)
        ))
    )
  )

const onTimer = <A, E>(wait: TimerWait<A, E>) => wait.settle(undefined)

/**
 * Waits for a fiber's exit or a timer, whichever comes first. A class, and cancelled through `onInterrupt`
 * rather than a canceler returned to `Effect.async`, for the same reason as the direct exchanges (see
 * `direct.ts` and `BENCHMARKS.md`): Effect keeps what an `Effect.async` canceler reaches alive for a while
 * after the call, and here that was the attempt's whole fiber. Once settled, the wait drops the fiber.
 */
class TimerWait<A, E> {
  private timer: ReturnType<typeof setTimeout> | undefined
  private resume: ((outcome: Effect.Effect<Exit.Exit<A, E> | undefined>) => void) | undefined
  readonly observer = (exit: Exit.Exit<A, E>) => this.settle(exit)
  /** Stops waiting and interrupts the fiber, for `onInterrupt`. */
  readonly interrupt: Effect.Effect<void> = Effect.suspend(() => {
    const fiber = this.fiber
    this.release()
    return fiber === undefined ? Effect.void : Fiber.interrupt(fiber)
  })

  constructor(private fiber: Fiber.RuntimeFiber<A, E> | undefined, private readonly millis: number) {}

  start(resume: (outcome: Effect.Effect<Exit.Exit<A, E> | undefined>) => void): void {
    this.resume = resume
    if (this.millis <= maxTimerMillis) this.timer = setTimeout(onTimer, this.millis, this)
    this.fiber!.addObserver(this.observer)
  }

  settle(exit: Exit.Exit<A, E> | undefined): void {
    const resume = this.resume
    this.release()
    resume?.(Effect.succeed(exit))
  }

  private release(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.fiber?.removeObserver(this.observer)
    this.fiber = undefined
    this.resume = undefined
  }
}

/** The fiber's exit, or `undefined` when the timer fires first. */
const awaitTimer = <A, E>(
  fiber: Fiber.RuntimeFiber<A, E>,
  millis: number
): Effect.Effect<Exit.Exit<A, E> | undefined> => {
  const wait = new TimerWait(fiber, millis)
  return Effect.onInterrupt(
    Effect.async<Exit.Exit<A, E> | undefined>((resume) => {
      wait.start(resume)
    }),
    () => wait.interrupt
  )
}

/** The same with the clock's own sleep, in a second fiber. */
const awaitSleep = <A, E>(
  fiber: Fiber.RuntimeFiber<A, E>,
  sleep: Effect.Effect<void>
): Effect.Effect<Exit.Exit<A, E> | undefined> =>
  Effect.flatMap(Effect.forkDaemon(sleep), (sleeper) =>
    Effect.ensuring(
      Effect.async<Exit.Exit<A, E> | undefined>((resume) => {
        let done = false
        const onExit = (exit: Exit.Exit<A, E>) => {
          if (done) return
          done = true
          sleeper.removeObserver(onSleep)
          resume(Effect.succeed(exit))
        }
        const onSleep = () => {
          if (done) return
          done = true
          fiber.removeObserver(onExit)
          resume(Effect.succeed(undefined))
        }
        fiber.addObserver(onExit)
        sleeper.addObserver(onSleep)
        return Effect.suspend(() => {
          done = true
          fiber.removeObserver(onExit)
          sleeper.removeObserver(onSleep)
          return Fiber.interrupt(fiber)
        })
      }),
      Fiber.interrupt(sleeper)
    ))
