import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Chunk, Duration, Effect, Exit, Fiber, Random, Redacted, Schedule, TestClock } from "effect"
import { ApiKey, Policy, RocksetError, Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import { createdUser, deletedUser, errorBody } from "./fixtures/live.js"
import { canaryKey } from "./helpers.js"

type Replies = Parameters<typeof ScriptedHttp.make>[0]

/** Starts `effect` on a scripted client in a fiber, so the test can move the TestClock. */
const start = <A, E>(
  effect: Effect.Effect<A, E, HttpClient.HttpClient | ApiKey.ApiKey>,
  replies: Replies | ScriptedHttp.Service,
  policy: Policy.Policy = Policy.defaultPolicy
) =>
  Effect.gen(function*() {
    const scripted = "client" in replies ? replies : yield* ScriptedHttp.make(replies)
    const fiber = yield* effect.pipe(
      Policy.withPolicy(policy),
      Effect.provideService(HttpClient.HttpClient, scripted.client),
      Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
      Effect.withRandom(Random.make("policy-tests")),
      Effect.exit,
      Effect.fork
    )
    return { fiber, scripted, count: () => scripted.requests().length }
  })

const finish = <A, E>(fiber: Fiber.RuntimeFiber<Exit.Exit<A, E>>) =>
  Effect.gen(function*() {
    yield* TestClock.adjust("10 minutes")
    return yield* Fiber.join(fiber)
  })

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None") throw new Error(`expected a typed failure: ${Cause.pretty(exit.cause)}`)
  return failure.value
}

const status = (code: number, headers: Record<string, string> = {}) =>
  ScriptedHttp.json(code, errorBody("X", `status ${code}`), headers)

const ok = ScriptedHttp.json(200, { data: [] })

/** The delays the schedule would take for a sequence of failures. */
const delaysOf = (
  schedule: Schedule.Schedule<unknown, RocksetError.CallError>,
  errors: ReadonlyArray<RocksetError.CallError>
) =>
  Effect.gen(function*() {
    let state = schedule.initial
    const delays: Array<number> = []
    for (const error of errors) {
      const [next, , decision] = yield* schedule.step(0, error, state)
      state = next
      if (decision._tag === "Done") break
      delays.push(Chunk.unsafeHead(decision.intervals.intervals).startMillis)
    }
    return delays
  })

describe("backoff", () => {
  const transient = new RocksetError.NotReady({ operation: "get", status: 503 })
  const throttled = new RocksetError.ResourceExceeded({ operation: "get", status: 429 })

  it.effect("full jitter stays within [0, min(cap, base × 2^n)], with the larger base after 429", () =>
    Effect.gen(function*() {
      const schedule = Policy.fullJitter({ base: "100 millis", throttlingBase: "500 millis", cap: "2 seconds" })
      const maxima = { transient: [0, 0, 0, 0, 0, 0], throttled: [0, 0, 0, 0, 0, 0] }
      for (let run = 0; run < 200; run++) {
        const seed = `run-${run}`
        const transientDelays = yield* delaysOf(schedule, Array(6).fill(transient)).pipe(
          Effect.withRandom(Random.make(seed))
        )
        const throttledDelays = yield* delaysOf(schedule, Array(6).fill(throttled)).pipe(
          Effect.withRandom(Random.make(seed))
        )
        transientDelays.forEach((delay, n) => {
          assert.isAtLeast(delay, 0)
          assert.isAtMost(delay, Math.min(2000, 100 * 2 ** n))
          maxima.transient[n] = Math.max(maxima.transient[n]!, delay)
        })
        throttledDelays.forEach((delay, n) => {
          assert.isAtMost(delay, Math.min(2000, 500 * 2 ** n))
          maxima.throttled[n] = Math.max(maxima.throttled[n]!, delay)
        })
      }
      // jitter really spreads: over 200 runs the largest delay comes near each ceiling
      maxima.transient.forEach((max, n) => assert.isAtLeast(max, 0.9 * Math.min(2000, 100 * 2 ** n)))
      maxima.throttled.forEach((max, n) => assert.isAtLeast(max, 0.9 * Math.min(2000, 500 * 2 ** n)))
    }))

  it.effect("the default sleeps at most 100 ms before the second attempt and 200 ms before the third", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.list(), [status(503), status(503), ok])
      yield* TestClock.adjust("99 millis")
      assert.isAtMost(run.count(), 2)
      yield* TestClock.adjust("1 millis")
      assert.isAtLeast(run.count(), 2)
      yield* TestClock.adjust("200 millis")
      assert.strictEqual(run.count(), 3)
      assert.isTrue(Exit.isSuccess(yield* Fiber.join(run.fiber)))
    }))
})

describe("Retry-After", () => {
  it.effect("delta-seconds is the lower bound of the next delay", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.list(), [status(503, { "retry-after": "2" }), ok])
      yield* TestClock.adjust("1999 millis")
      assert.strictEqual(run.count(), 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(run.count(), 2)
      assert.isTrue(Exit.isSuccess(yield* Fiber.join(run.fiber)))
    }))

  it.effect("an HTTP-date is measured against the response's Date header", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.list(), [
        status(429, { "retry-after": "Wed, 21 Oct 2015 07:28:03 GMT", date: "Wed, 21 Oct 2015 07:28:00 GMT" }),
        ok
      ])
      yield* TestClock.adjust("2999 millis")
      assert.strictEqual(run.count(), 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(run.count(), 2)
    }))

  for (const garbage of ["soon", "-1", "1e309", "", "Wed, 99 Foo 2015"]) {
    it.effect(`a garbage value (${JSON.stringify(garbage)}) falls back to backoff`, () =>
      Effect.gen(function*() {
        const run = yield* start(Users.list(), [status(503, { "retry-after": garbage }), ok])
        yield* TestClock.adjust("100 millis")
        assert.strictEqual(run.count(), 2)
      }))
  }

  it.effect("a Retry-After beyond the deadline fails at once with the delay, without sleeping", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.list(), [status(429, { "retry-after": "3600" }), ok])
      const exit = yield* Fiber.join(run.fiber)
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "ResourceExceeded")
      assert.deepStrictEqual("retryAfter" in error && error.retryAfter, Duration.seconds(3600))
      assert.strictEqual(run.count(), 1)
      assert.strictEqual(yield* TestClock.currentTimeMillis, 0)
    }))
})

describe("timeouts", () => {
  it.effect("each attempt is limited to 10 s and the call to 30 s, backoff included", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.list(), [ScriptedHttp.never])
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(run.count(), 1)
      yield* TestClock.adjust("200 millis")
      assert.strictEqual(run.count(), 2)
      const exit = yield* finish(run.fiber)
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "Timeout")
      assert.strictEqual(run.count(), 3)
      assert.strictEqual(run.scripted.inFlight(), 0)
    }))

  it.effect("the total deadline ends the call even when attempts are longer", () =>
    Effect.gen(function*() {
      const policy = Policy.defaultPolicy.pipe(
        Policy.withAttemptTimeout("1 minute"),
        Policy.withTotalTimeout("5 seconds")
      )
      const run = yield* start(Users.list(), [ScriptedHttp.never], policy)
      yield* TestClock.adjust("4999 millis")
      assert.isUndefined(run.fiber.unsafePoll() ?? undefined)
      yield* TestClock.adjust("1 millis")
      const exit = yield* Fiber.join(run.fiber)
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "Timeout")
      assert.strictEqual(error._tag === "Timeout" && error.scope, "total")
      assert.strictEqual(run.count(), 1)
      assert.strictEqual(run.scripted.inFlight(), 0)
    }))

  it.effect("a call that runs out of its total time names the total, not what was left for its last attempt", () =>
    Effect.gen(function*() {
      const policy = Policy.make({
        attemptTimeout: "1 second",
        totalTimeout: "2500 millis",
        maxAttempts: 5,
        schedule: Schedule.spaced("100 millis")
      })
      const run = yield* start(Users.list(), [ScriptedHttp.never], policy)
      yield* TestClock.adjust("2500 millis")
      const error = failureOf(yield* Fiber.join(run.fiber))
      assert.strictEqual(error._tag, "Timeout")
      if (error._tag === "Timeout") {
        assert.strictEqual(error.scope, "total")
        assert.strictEqual(Duration.toMillis(error.after), 2500)
        assert.include(error.message, Duration.format(Duration.millis(2500)))
      }
      assert.strictEqual(run.count(), 3, "attempts at 0, 1.1 s and 2.2 s; the third has 300 ms left")
    }))

  it.effect("the attempt timeout covers a body that stalls after the headers", () =>
    Effect.gen(function*() {
      const run = yield* start(
        Users.getCurrentUser(),
        [ScriptedHttp.stallBody(200, "{\"email\":\"a")],
        Policy.noRetry.pipe(Policy.withAttemptTimeout("3 seconds"))
      )
      yield* TestClock.adjust("3 seconds")
      const error = failureOf(yield* Fiber.join(run.fiber))
      assert.strictEqual(error._tag, "Timeout")
      assert.strictEqual(error._tag === "Timeout" && error.scope, "attempt")
    }))

  it.effect("no attempt starts after the deadline", () =>
    Effect.gen(function*() {
      const policy = Policy.defaultPolicy.pipe(
        Policy.withTotalTimeout("1 second"),
        Policy.withSchedule(Schedule.spaced("1 second"))
      )
      const run = yield* start(Users.list(), [status(503), ok], policy)
      const exit = yield* finish(run.fiber)
      assert.strictEqual(failureOf(exit)._tag, "NotReady")
      assert.strictEqual(run.count(), 1)
    }))

  it.effect("interrupting the call aborts the request", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.list(), [ScriptedHttp.never])
      yield* TestClock.adjust("1 second")
      assert.strictEqual(run.scripted.inFlight(), 1)
      yield* Fiber.interrupt(run.fiber)
      assert.strictEqual(run.scripted.inFlight(), 0)
    }))
})

describe("what is retried", () => {
  const retried: ReadonlyArray<readonly [string, ScriptedHttp.Reply]> = [
    ["408", status(408)],
    ["429", status(429)],
    ["500", status(500)],
    ["502", status(502)],
    ["503", status(503)],
    ["504", ScriptedHttp.text(504, "<html>gateway timeout</html>")],
    ["connection refused", ScriptedHttp.transportFailure("ECONNREFUSED")],
    ["connection reset", ScriptedHttp.transportFailure("ECONNRESET")]
  ]
  for (const [name, reply] of retried) {
    it.effect(`${name}: persistent, exactly 3 attempts`, () =>
      Effect.gen(function*() {
        const run = yield* start(Users.list(), [reply])
        const exit = yield* finish(run.fiber)
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(run.count(), 3)
      }))
  }

  const notRetried: ReadonlyArray<readonly [string, ScriptedHttp.Reply]> = [
    ...[400, 401, 403, 404, 405, 406, 409, 415, 501].map((code) => [String(code), status(code)] as const),
    ["302 redirect", ScriptedHttp.text(302, "", { location: "https://elsewhere.example/" })],
    ["malformed JSON", ScriptedHttp.text(200, "{\"data\":")],
    ["wrong shape", ScriptedHttp.json(200, { data: "nope" })]
  ]
  for (const [name, reply] of notRetried) {
    it.effect(`${name}: one attempt`, () =>
      Effect.gen(function*() {
        const run = yield* start(Users.list(), [reply, ok])
        const exit = yield* finish(run.fiber)
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(run.count(), 1)
      }))
  }

  it.effect("503 alternating with resets makes no more than 3 attempts", () =>
    Effect.gen(function*() {
      const run = yield* start(
        Users.list(),
        (_, index) => index % 2 === 0 ? status(503) : ScriptedHttp.transportFailure("ECONNRESET")
      )
      yield* finish(run.fiber)
      assert.strictEqual(run.count(), 3)
    }))

  it.effect("input refused before I/O is never retried", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.get(""), [ok])
      const exit = yield* finish(run.fiber)
      assert.strictEqual(failureOf(exit)._tag, "InvalidRequest")
      assert.strictEqual(run.count(), 0)
    }))

  it.effect("a custom schedule decides the delays; maxAttempts still caps it", () =>
    Effect.gen(function*() {
      const run = yield* start(
        Users.list(),
        [status(503)],
        Policy.defaultPolicy.pipe(Policy.withSchedule(Schedule.spaced("1 second")), Policy.withMaxAttempts(4))
      )
      yield* TestClock.adjust("999 millis")
      assert.strictEqual(run.count(), 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(run.count(), 2)
      yield* finish(run.fiber)
      assert.strictEqual(run.count(), 4)

      const ended = yield* start(
        Users.list(),
        [status(503)],
        Policy.defaultPolicy.pipe(Policy.withSchedule(Schedule.recurs(0)))
      )
      yield* finish(ended.fiber)
      assert.strictEqual(ended.count(), 1)
    }))

  it.effect("the per-call policy wins over the app-wide layer", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([status(503)])
      const run = yield* start(
        Users.list().pipe(Policy.withPolicy(Policy.noRetry), Effect.provide(Policy.layer(Policy.defaultPolicy))),
        scripted,
        Policy.defaultPolicy.pipe(Policy.withMaxAttempts(5))
      )
      yield* finish(run.fiber)
      assert.strictEqual(run.count(), 1)
    }))
})

describe("create is never duplicated", () => {
  const post = "POST /v1/orgs/self/users"
  const conflict = ScriptedHttp.json(409, errorBody("ALREADYEXISTS", "User already exists"))
  const created = ScriptedHttp.json(200, { data: createdUser })
  const existing = ScriptedHttp.json(200, createdUser)
  const input = { email: "Ada@Example.com", roles: ["read-only"] as const }
  const calls = (scripted: ScriptedHttp.Service) =>
    scripted.requests().map((request) => `${request.method} ${request.path}`)

  for (
    const [name, first] of [
      ["a reset after sending", ScriptedHttp.transportFailure("ECONNRESET")],
      ["a 500", status(500)],
      ["a 502", status(502)]
    ] as const
  ) {
    it.effect(`after ${name}, a repeat meeting 409 returns the matching user as created`, () =>
      Effect.gen(function*() {
        const run = yield* start(Users.create({ ...input, roles: [...input.roles] }), [first, conflict, existing])
        const exit = yield* finish(run.fiber)
        assert.deepStrictEqual(exit, Exit.succeed(createdUser))
        assert.deepStrictEqual(calls(run.scripted), [post, post, "GET /v1/orgs/self/users/Ada%40Example.com"])
      }))
  }

  it.effect("after an attempt timeout, a repeat meeting 409 returns the user", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.create({ ...input, roles: [...input.roles] }), [
        ScriptedHttp.never,
        conflict,
        existing
      ])
      const exit = yield* finish(run.fiber)
      assert.deepStrictEqual(exit, Exit.succeed(createdUser))
      assert.strictEqual(run.count(), 3)
    }))

  it.effect("the lookup after 409 is a read: a transient failure of it is retried, not turned into a Conflict", () =>
    Effect.gen(function*() {
      const lookup = "GET /v1/orgs/self/users/Ada%40Example.com"
      const run = yield* start(Users.create({ ...input, roles: [...input.roles] }), [
        ScriptedHttp.transportFailure("ECONNRESET"),
        conflict,
        status(503),
        ScriptedHttp.transportFailure("ECONNRESET"),
        existing
      ])
      const exit = yield* finish(run.fiber)
      assert.deepStrictEqual(exit, Exit.succeed(createdUser))
      assert.deepStrictEqual(calls(run.scripted), [post, post, lookup, lookup, lookup])
    }))

  it.effect("a lookup that keeps failing leaves the Conflict", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.create({ ...input, roles: [...input.roles] }), (request, index) =>
        request.method === "POST"
          ? index === 0 ? ScriptedHttp.transportFailure("ECONNRESET") : conflict
          : status(503))
      const error = failureOf(yield* finish(run.fiber))
      assert.strictEqual(error._tag, "Conflict")
      assert.strictEqual(run.count(), 2 + Policy.defaultPolicy.maxAttempts)
    }))

  it.effect("a 409 whose user has other roles stays a Conflict", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.create({ email: "ada@example.com", roles: ["admin"] }), [
        ScriptedHttp.transportFailure("ECONNRESET"),
        conflict,
        existing
      ])
      const error = failureOf(yield* finish(run.fiber))
      assert.strictEqual(error._tag, "Conflict")
    }))

  it.effect("a 409 on the first attempt is a Conflict, without a lookup", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.create({ ...input, roles: [...input.roles] }), [conflict, existing])
      const error = failureOf(yield* finish(run.fiber))
      assert.strictEqual(error._tag, "Conflict")
      assert.strictEqual(run.count(), 1)
    }))

  it.effect("refused connections and 429/503 are repeated: nothing was done", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.create({ ...input, roles: [...input.roles] }), [
        ScriptedHttp.transportFailure("ECONNREFUSED"),
        status(429),
        created
      ])
      assert.deepStrictEqual(yield* finish(run.fiber), Exit.succeed(createdUser))
      assert.deepStrictEqual(calls(run.scripted), [post, post, post])
    }))

  it.effect("with ambiguousCreate \"fail\", an ambiguous failure is returned as it is", () =>
    Effect.gen(function*() {
      const run = yield* start(
        Users.create({ ...input, roles: [...input.roles] }),
        [ScriptedHttp.transportFailure("ECONNRESET"), created],
        Policy.defaultPolicy.pipe(Policy.withAmbiguousCreate("fail"))
      )
      const error = failureOf(yield* finish(run.fiber))
      assert.strictEqual(error._tag, "Transport")
      assert.strictEqual(error._tag === "Transport" && error.requestSent, true)
      assert.strictEqual(run.count(), 1)
    }))
})

describe("deleteUser after an ambiguous failure", () => {
  it.effect("a repeat meeting 404 succeeds with the delete response's shape", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.deleteUser("ada@example.com"), [
        ScriptedHttp.transportFailure("ECONNRESET"),
        ScriptedHttp.json(404, errorBody("NOTFOUND", "User not found"))
      ])
      const exit = yield* finish(run.fiber)
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isSuccess(exit)) {
        assert.strictEqual(exit.value.email, deletedUser.email)
        assert.strictEqual(exit.value.roles, null)
        assert.strictEqual(exit.value.state, null)
      }
      assert.strictEqual(run.count(), 2)
    }))

  it.effect("a 404 on the first attempt is NotFound", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.deleteUser("ada@example.com"), [
        ScriptedHttp.json(404, errorBody("NOTFOUND", "x"))
      ])
      assert.strictEqual(failureOf(yield* finish(run.fiber))._tag, "NotFound")
    }))

  it.effect("after a 503 (not ambiguous), a 404 stays NotFound", () =>
    Effect.gen(function*() {
      const run = yield* start(Users.deleteUser("ada@example.com"), [
        status(503),
        ScriptedHttp.json(404, errorBody("NOTFOUND", "x"))
      ])
      assert.strictEqual(failureOf(yield* finish(run.fiber))._tag, "NotFound")
    }))
})

describe("retry budget", () => {
  it.effect("when the client's budget is spent, failures return at once; success refills it", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make((request) =>
        request.path.endsWith("/self") ? ScriptedHttp.json(200, createdUser) : status(503)
      )
      const policy = Policy.defaultPolicy.pipe(
        Policy.withRetryBudget({ capacity: 30, retryCost: 10, throttlingCost: 5, successRefund: 10 })
      )
      const first = yield* start(Users.list(), scripted, policy)
      yield* finish(first.fiber)
      assert.strictEqual(scripted.requests().length, 3) // 2 retries: 20 tokens
      const second = yield* start(Users.list(), scripted, policy)
      yield* finish(second.fiber)
      assert.strictEqual(scripted.requests().length, 5) // 1 retry: the last 10 tokens
      const third = yield* start(Users.list(), scripted, policy)
      yield* finish(third.fiber)
      assert.strictEqual(scripted.requests().length, 6) // no retry left
      const refill = yield* start(Users.getCurrentUser(), scripted, policy)
      assert.isTrue(Exit.isSuccess(yield* finish(refill.fiber)))
      const fourth = yield* start(Users.list(), scripted, policy)
      yield* finish(fourth.fiber)
      assert.strictEqual(scripted.requests().length, 9) // refund of 10 bought one retry
    }))

  it.effect("1,000 concurrent calls on an always-503 server stay under 1,100 attempts", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([status(503)])
      const run = yield* start(
        Effect.all(Array.from({ length: 1000 }, () => Effect.either(Users.list())), { concurrency: "unbounded" }),
        scripted
      )
      yield* finish(run.fiber)
      assert.isAtMost(scripted.requests().length, 1100)
      assert.isAtLeast(scripted.requests().length, 1000)
    }))
})

describe("client-side rate limits", () => {
  it.effect("paces calls to the configured rate instead of meeting 429", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([ok])
      const policy = Policy.defaultPolicy.pipe(Policy.withRateLimits({ create: 1, update: 1, read: 2 }))
      const run = yield* start(
        Effect.all([Users.list(), Users.list(), Users.list()], { concurrency: "unbounded" }),
        scripted,
        policy
      )
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(scripted.requests().length, 2)
      // a sliding window, as the server's: the third read waits until the first leaves the minute
      yield* TestClock.adjust("59998 millis")
      assert.strictEqual(scripted.requests().length, 2)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(scripted.requests().length, 3)
      assert.isTrue(Exit.isSuccess(yield* Fiber.join(run.fiber)))
    }))

  it.effect("no minute holds more than the limit: 10 creates at 0 s, then one at 6 s, waits until 60 s", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(200, { data: createdUser })])
      const policy = Policy.defaultPolicy.pipe(Policy.withRateLimits(Policy.documentedRateLimits))
      const create = (i: number) => Users.create({ email: `user-${i}@example.com`, roles: ["member"] })
      const burst = yield* start(Effect.all(Array.from({ length: 10 }, (_, i) => create(i))), scripted, policy)
      yield* TestClock.adjust("6 seconds")
      assert.strictEqual(scripted.requests().length, 10)
      assert.isTrue(Exit.isSuccess(yield* Fiber.join(burst.fiber)))
      const late = yield* start(create(10), scripted, policy)
      yield* TestClock.adjust("53999 millis")
      assert.strictEqual(scripted.requests().length, 10, "the 11th create waits for the window")
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(scripted.requests().length, 11)
      assert.isTrue(Exit.isSuccess(yield* Fiber.join(late.fiber)))
    }))
})
