import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import { timeoutFail } from "../src/internal/timeout.js"

const timedOut = () => "timed out" as const

/** Interrupting the caller interrupts the effect, whichever clock runs the timer. */
const interruptedByCaller = () =>
  Effect.gen(function*() {
    const started = yield* Deferred.make<void>()
    const finalized = yield* Deferred.make<void>()
    const fiber = yield* Effect.fork(
      timeoutFail(
        Deferred.succeed(started, undefined).pipe(
          Effect.zipRight(Effect.never),
          Effect.onInterrupt(() => Deferred.succeed(finalized, undefined))
        ),
        Duration.seconds(10),
        timedOut
      )
    )
    yield* Deferred.await(started)
    const exit = yield* Fiber.interrupt(fiber)
    assert.isTrue(Exit.isInterrupted(exit))
    assert.isTrue(yield* Deferred.isDone(finalized))
  })

describe("timeoutFail", () => {
  describe("on the live clock", () => {
    it.live("returns the value of an effect that completes in time", () =>
      Effect.gen(function*() {
        const value = yield* timeoutFail(Effect.delay(Effect.succeed(1), "5 millis"), Duration.seconds(5), timedOut)
        assert.strictEqual(value, 1)
      }))

    it.live("keeps the failure of an effect that fails in time", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(timeoutFail(Effect.fail("boom" as const), Duration.seconds(5), timedOut))
        assert.strictEqual(error, "boom")
      }))

    it.live("leaves the caller's FiberRefs alone, whatever the effect sets in its own fiber", () =>
      Effect.gen(function*() {
        const ref = FiberRef.unsafeMake(0)
        yield* timeoutFail(FiberRef.set(ref, 7), Duration.seconds(5), timedOut)
        assert.strictEqual(yield* FiberRef.get(ref), 0)
      }))

    it.live("runs the effect with the caller's FiberRefs", () =>
      Effect.gen(function*() {
        const ref = FiberRef.unsafeMake(0)
        const seen = yield* timeoutFail(FiberRef.get(ref), Duration.seconds(5), timedOut).pipe(
          Effect.locally(ref, 3)
        )
        assert.strictEqual(seen, 3)
      }))

    it.live("fails with onTimeout after interrupting the effect and running its finalizers", () =>
      Effect.gen(function*() {
        const finalized = yield* Ref.make(false)
        const slow = Effect.never.pipe(Effect.onInterrupt(() => Effect.delay(Ref.set(finalized, true), "5 millis")))
        const start = Date.now()
        const error = yield* Effect.flip(timeoutFail(slow, Duration.millis(20), timedOut))
        assert.strictEqual(error, "timed out")
        assert.isTrue(yield* Ref.get(finalized))
        assert.isAtLeast(Date.now() - start, 15)
      }))

    it.live("interrupts the effect when the caller is interrupted", interruptedByCaller)

    it.live("never fires beyond the largest timer delay, like the live clock", () =>
      Effect.gen(function*() {
        const value = yield* timeoutFail(Effect.delay(Effect.succeed(2), "5 millis"), Duration.days(30), timedOut)
        assert.strictEqual(value, 2)
      }))
  })

  describe("on the TestClock", () => {
    it.effect("times out when virtual time passes the limit, after interrupting the effect", () =>
      Effect.gen(function*() {
        const finalized = yield* Ref.make(false)
        const fiber = yield* Effect.fork(
          Effect.flip(
            timeoutFail(
              Effect.never.pipe(Effect.onInterrupt(() => Ref.set(finalized, true))),
              Duration.seconds(10),
              timedOut
            )
          )
        )
        yield* TestClock.adjust("10 seconds")
        assert.strictEqual(yield* Fiber.join(fiber), "timed out")
        assert.isTrue(yield* Ref.get(finalized))
      }))

    it.effect("does not time out before the limit", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(
          timeoutFail(Effect.delay(Effect.succeed(3), "9 seconds"), Duration.seconds(10), timedOut)
        )
        yield* TestClock.adjust("9 seconds")
        assert.strictEqual(yield* Fiber.join(fiber), 3)
      }))

    it.effect("keeps the failure of an effect that fails in time", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(timeoutFail(Effect.fail("boom" as const), Duration.seconds(10), timedOut))
        assert.strictEqual(error, "boom")
      }))

    it.effect("interrupts the effect when the caller is interrupted", interruptedByCaller)
  })
})
