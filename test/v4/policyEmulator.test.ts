/**
 * Issue 4's acceptance tests, the scenarios of test/scenarios/policy.ts run by the Effect 4 edition against the
 * emulator on real sockets: the retry budget under a retry storm, ambiguous creates that end with exactly one
 * user, and redirects to another origin that are not followed.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Random from "effect/Random"
import * as Emulator from "../../src/v4/emulator/Emulator.js"
import * as Fault from "../../src/v4/emulator/Fault.js"
import * as Policy from "../../src/v4/Policy.js"
import type * as UsersSchema from "../../src/v4/UsersSchema.js"
import { type LoopbackServer, startLoopbackServer } from "../scenarios/loopbackServer.js"
import {
  ada,
  ambiguousAttemptMillis,
  ambiguousCreate,
  ambiguousCreates,
  canary,
  foreignAnswer,
  lookupRetried,
  redirectedCalls,
  redirectStatuses,
  retryStorm,
  seed
} from "../scenarios/policy.js"
import { callOf, eventually, runtimes } from "./helpers.js"

const emulatorOptions: Emulator.Options = { rateLimits: false, adminKey: canary }

const seeded = <A, E, R>(self: Effect.Effect<A, E, R>) => Random.withSeed(self, seed)

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure, got a success")
  const reason = exit.cause.reasons[0]
  if (exit.cause.reasons.length !== 1 || reason === undefined || !Cause.isFailReason(reason)) {
    throw new Error(`expected one typed failure: ${Cause.pretty(exit.cause)}`)
  }
  return reason.error
}

describe("retry budget (Effect 4)", () => {
  it.live(
    "1,000 concurrent gets on an always-503 emulator make at most 1,100 attempts",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add(retryStorm.rule)
        // one HttpClient for every call: the default policy's budget belongs to the client instance
        const exits = yield* Effect.all(
          Array.from({ length: retryStorm.calls }, () => Effect.exit(callOf(retryStorm.call))),
          { concurrency: "unbounded" }
        ).pipe(seeded, Effect.provide(NodeHttpClient.layerUndici))
        const attempts = (yield* emulator.requests).filter((record) => record.operation === "get").length
        assert.isAtMost(attempts, retryStorm.maxAttempts, `${attempts} attempts, seed ${seed}`)
        // the budget's arithmetic: 500 tokens at 10 a retry buy 50 retries, and no call succeeds to refund any
        const { capacity, retryCost } = Policy.defaultRetryBudget
        assert.isAtMost(attempts, retryStorm.calls + capacity / retryCost, `${attempts} attempts, seed ${seed}`)
        assert.isAbove(attempts, retryStorm.calls, "some calls were retried before the budget ran out")
        const tags = new Set(exits.map((exit) => failureOf(exit)._tag))
        assert.deepStrictEqual([...tags], [...retryStorm.tags])
        assert.strictEqual(yield* eventually(emulator.openConnections, (open) => open === 0), 0)
      }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions))),
    60_000
  )
})

describe("ambiguous creates end with exactly one user and a success (Effect 4)", () => {
  const quick = <A, E, R>(self: Effect.Effect<A, E, R>) =>
    self.pipe(
      Policy.withPolicy(Policy.defaultPolicy.pipe(Policy.withAttemptTimeout(`${ambiguousAttemptMillis} millis`))),
      seeded
    )

  for (const { layer: client, name: runtime } of runtimes) {
    for (const { fault, name } of ambiguousCreates) {
      it.live(`${runtime}: ${name}`, () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* emulator.faults.add({ operation: "create", action: fault })
          const created = (yield* quick(callOf(ambiguousCreate.call))) as UsersSchema.User
          assert.strictEqual(created.email, ada)
          assert.deepStrictEqual(created.roles, [...ambiguousCreate.roles])
          const users = (yield* emulator.users).filter((user) => user.email === ada)
          assert.lengthOf(users, 1)
          const log = (yield* emulator.requests).map((record) => `${record.operation} ${record.status}`)
          assert.deepStrictEqual(log, [...ambiguousCreate.log])
        }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions)), Effect.provide(client)))
    }
  }
})

describe("the lookup after a 409 is retried like any read (Effect 4)", () => {
  it.live(lookupRetried.name, () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.faults.add(...lookupRetried.rules)
      const created = (yield* seeded(callOf(lookupRetried.call))) as UsersSchema.User
      assert.strictEqual(created.email, ada)
      assert.lengthOf((yield* emulator.users).filter((user) => user.email === ada), 1)
      const log = (yield* emulator.requests).map((record) => `${record.operation} ${record.status}`)
      assert.deepStrictEqual(log, [...lookupRetried.log])
    }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions)), Effect.provide(NodeHttpClient.layerUndici)))
})

describe("a redirect to another origin is not followed (Effect 4)", () => {
  let foreign: LoopbackServer
  beforeAll(async () => {
    foreign = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify(foreignAnswer))
    })
  })
  afterAll(() => foreign.close())

  for (const { layer: client, name: runtime } of runtimes) {
    it.live(`${runtime}: 301, 302, 303, 307 and 308 on GET, POST and DELETE`, () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const before = yield* emulator.users
        for (const status of redirectStatuses) {
          for (const call of redirectedCalls) {
            const operation = call.operation
            yield* emulator.clearRequests
            yield* emulator.faults.add({ operation, action: Fault.redirect(foreign.url, { status }) })
            const error = failureOf(yield* Effect.exit(callOf(call)))
            assert.strictEqual(error._tag, "UnexpectedStatus", `${status} ${operation}`)
            assert.strictEqual("status" in error ? error.status : undefined, status)
            assert.lengthOf(yield* emulator.requests, 1, `${status} ${operation}: not retried`)
          }
        }
        assert.deepStrictEqual(yield* emulator.users, before, "nothing changed")
        assert.deepStrictEqual(foreign.requests(), [], "the other origin received no request")
        assert.strictEqual(foreign.openSockets() + foreign.closedSockets(), 0, "nor a connection")
      }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions)), Effect.provide(client)))
  }
})
