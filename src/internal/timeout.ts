import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as FiberId from "effect/FiberId"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"

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
 * sleeping fiber). Also unlike it, `FiberRef` changes made by `self` stay in its fiber: the caller's
 * `FiberRef`s are never touched. With `startIn`, the fiber starts in that context, with those `FiberRef`s
 * changed (as a fiber started from a `Runtime` does): nothing is set and restored around `self`.
 *
 * @internal
 */
export const timeoutFail = <A, E, R, E1>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E1,
  startIn?: StartIn<R>
): Effect.Effect<A, E | E1, R> =>
  Effect.clockWith((clock) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(forkIn(restore(self), startIn), (fiber) =>
        Effect.flatMap(
          restore(
            isLiveClock(clock)
              ? awaitTimer(fiber, Duration.toMillis(duration))
              : awaitSleep(fiber, clock.sleep(duration))
          ),
          (exit): Effect.Effect<A, E | E1> =>
            exit === undefined ? Effect.zipRight(Fiber.interrupt(fiber), Effect.failSync(onTimeout)) : exit
        ))
    )
  )

/**
 * A `FiberRef` value a fiber starts with, as `FiberRefs.updateManyAs` takes it.
 *
 * @internal
 */
export type FiberRefEntry = Parameters<typeof FiberRefs.updateManyAs>[1]["entries"][number]

/**
 * The entry of one `FiberRef`'s value in the fiber `fiberId`.
 *
 * @internal
 */
export const fiberRefEntry = <A>(fiberRef: FiberRef.FiberRef<A>, fiberId: FiberId.Runtime, value: A): FiberRefEntry => [
  fiberRef,
  [[fiberId, value]]
]

/**
 * Where the attempt's fiber starts: a context of its own, and `FiberRef` values of its own.
 *
 * @internal
 */
export interface StartIn<R> {
  readonly context: Context.Context<R>
  readonly fiberRefs: (fiberId: FiberId.Runtime) => ReadonlyArray<FiberRefEntry>
}

const quiet = (fiberId: FiberId.Runtime): FiberRefEntry =>
  fiberRefEntry(FiberRef.unhandledErrorLogLevel, fiberId, Option.none())

/**
 * The fiber of `self`: a root fiber (as `Effect.forkDaemon` makes), started with the caller's `FiberRef`s,
 * or in `startIn`'s context with its values. Its failure is `self`'s, which the caller handles: the runtime
 * is told not to log it as the unhandled failure of a fiber (with its cause, which may be a raw transport
 * error).
 */
const forkIn = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  startIn: StartIn<R> | undefined
): Effect.Effect<Fiber.RuntimeFiber<A, E>, never, R> =>
  Effect.withFiberRuntime((parent, status) =>
    Effect.succeed(
      Runtime.runFork(
        Runtime.make({
          // the caller's context holds what `self` requires: this function's type says so
          context: startIn?.context ?? (parent.currentContext as Context.Context<R>),
          fiberRefs: parent.getFiberRefs(),
          runtimeFlags: status.runtimeFlags
        }),
        self,
        {
          immediate: false,
          updateRefs: (refs, fiberId) =>
            FiberRefs.updateManyAs(refs, {
              entries: startIn === undefined ? [quiet(fiberId)] : [quiet(fiberId), ...startIn.fiberRefs(fiberId)]
            })
        }
      )
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
