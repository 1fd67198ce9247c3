import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

const liveClockPrototype: object | null = Object.getPrototypeOf(Clock.make())

/** The largest delay a JS timer honours; beyond it the live clock never fires, and neither does this. */
const maxTimerMillis = 2 ** 31 - 1

/**
 * `Effect.timeoutFail` with the same outcome, cheaper on the live clock: `Effect.timeoutFail` races `self`
 * against a sleep in two forked fibers; here `self` runs in one forked fiber and a plain timer interrupts
 * it. On success the fiber's `FiberRef`s are inherited, on timeout it is interrupted and awaited before
 * `onTimeout` fails the effect. Any other `Clock` (a `TestClock`) gets `Effect.timeoutFail` itself.
 *
 * @internal
 */
export const timeoutFail = <A, E, R, E1>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E1
): Effect.Effect<A, E | E1, R> =>
  Effect.clockWith((clock) =>
    Object.getPrototypeOf(clock) === liveClockPrototype
      ? onTimer(self, Duration.toMillis(duration), onTimeout)
      : Effect.timeoutFail(self, { duration, onTimeout })
  )

const onTimer = <A, E, R, E1>(
  self: Effect.Effect<A, E, R>,
  millis: number,
  onTimeout: () => E1
): Effect.Effect<A, E | E1, R> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.fork(restore(self)), (fiber) =>
      Effect.flatMap(
        restore(Effect.async<Exit.Exit<A, E> | undefined>((resume) => {
          let timer: ReturnType<typeof setTimeout> | undefined
          const observer = (exit: Exit.Exit<A, E>) => {
            if (timer !== undefined) clearTimeout(timer)
            resume(Effect.succeed(exit))
          }
          if (millis <= maxTimerMillis) {
            timer = setTimeout(() => {
              fiber.removeObserver(observer)
              resume(Effect.succeed(undefined))
            }, millis)
          }
          fiber.addObserver(observer)
          return Effect.suspend(() => {
            if (timer !== undefined) clearTimeout(timer)
            fiber.removeObserver(observer)
            return Fiber.interrupt(fiber)
          })
        })),
        (exit): Effect.Effect<A, E | E1> => {
          if (exit === undefined) return Effect.zipRight(Fiber.interrupt(fiber), Effect.failSync(onTimeout))
          return exit._tag === "Success" ? Effect.as(Fiber.inheritAll(fiber), exit.value) : exit
        }
      ))
  )
