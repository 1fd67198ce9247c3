/**
 * The `Users` service `rockset-users apply` and `revert` make their changes through (`usersSettling` in
 * src/cli/actions.ts): a change, once sent, is not cut short by the run's interruption, but its own time limits
 * still hold, so a stalled request ends as the policy says.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Option, Redacted, TestClock } from "effect"
import { ApiKey, Policy, Users } from "effect-rockset"
import { type Settling, usersSettling } from "../../src/cli/actions.js"

/** A server that takes every request and never answers. */
const stalled = HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
  (request) => Effect.flatMap(request, () => Effect.never),
  Effect.succeed
)

const settlingLayer = (settling: Settling) =>
  usersSettling(
    Users.layer.pipe(
      Layer.provide(Layer.merge(ApiKey.layer(Redacted.make("test-key")), Layer.succeed(HttpClient.HttpClient, stalled)))
    ),
    settling
  )

const quick = Policy.defaultPolicy.pipe(
  Policy.withMaxAttempts(1),
  Policy.withAttemptTimeout("1 second"),
  Policy.withRetryBudget(false)
)

describe("rockset-users: the changes a run makes", () => {
  it.effect("a stalled change still ends at its attempt's time limit, noted as failed", () =>
    Effect.gen(function*() {
      const settling: Settling = { settled: new Map(), sent: new Set() }
      const fiber = yield* Effect.flatMap(Users.Users, (users) =>
        users.create({ email: "ada@example.com", roles: ["member"] }))
        .pipe(Policy.withPolicy(quick), Effect.provide(settlingLayer(settling)), Effect.fork)
      yield* TestClock.adjust("1100 millis")
      const exit = yield* Fiber.poll(fiber)
      assert.isTrue(Option.isSome(exit), "the call ended at its time limit")
      if (Option.isNone(exit)) {
        return
      }
      assert.isTrue(Exit.isFailure(exit.value))
      assert.strictEqual(Exit.isFailure(exit.value) ? exit.value.cause._tag : undefined, "Fail")
      assert.strictEqual(settling.settled.get("ada@example.com"), "failed")
      assert.strictEqual(settling.sent.size, 1)
    }))

  it.effect("interrupting the run does not cut a change short: it ends on its own, and is noted", () =>
    Effect.gen(function*() {
      const settling: Settling = { settled: new Map(), sent: new Set() }
      const fiber = yield* Effect.flatMap(
        Users.Users,
        (users) => users.create({ email: "ada@example.com", roles: ["member"] })
      )
        .pipe(Policy.withPolicy(quick), Effect.provide(settlingLayer(settling)), Effect.fork)
      yield* TestClock.adjust("100 millis")
      yield* Fiber.interrupt(fiber)
      const [sent] = [...settling.sent]
      assert.isDefined(sent)
      assert.isTrue(Option.isNone(yield* Fiber.poll(sent!)), "still in flight after the run's interruption")
      yield* TestClock.adjust("1 second")
      assert.isTrue(Option.isSome(yield* Fiber.poll(sent!)))
      assert.strictEqual(settling.settled.get("ada@example.com"), "failed")
    }))
})
