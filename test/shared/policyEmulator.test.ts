/**
 * Issue 4's acceptance tests, the scenarios of test/scenarios/policy.ts run against the emulator on real
 * sockets, by both editions: the retry budget under a
 * retry storm, ambiguous creates that end with exactly one user, and redirects to another origin that are
 * not followed.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { afterAll, assert, beforeAll, describe } from "@effect/vitest"
import { nodeHttp, onlyFailure, runtimes as clients, scopedLive, withSeed } from "@test/edition"
import { Cause, Effect, Exit } from "effect"
import { Policy, type UsersSchema } from "effect-rockset"
import { Emulator, Fault } from "effect-rockset/emulator"
import { type LoopbackServer, startLoopbackServer } from "../scenarios/loopbackServer.js"
import {
  ada,
  afterRedirectsMismatches,
  ambiguousAttemptMillis,
  ambiguousCreate,
  ambiguousCreates,
  canary,
  createdMismatches,
  foreignAnswer,
  lookupRetried,
  redirectedCalls,
  redirectMismatches,
  redirectStatuses,
  retryStorm,
  seed,
  stormMismatches
} from "../scenarios/policy.js"
import { callOf } from "./callOf.js"
import { eventually } from "./sockets.js"

/** The platform's fetch and undici clients, and its `node:http` one. */
const runtimes = [...clients, nodeHttp]

const emulatorOptions: Emulator.Options = { rateLimits: false, adminKey: canary }

const seeded = withSeed(seed)

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure, got a success")
  const error = onlyFailure(exit.cause)
  if (error === undefined) throw new Error(`expected one typed failure: ${Cause.pretty(exit.cause)}`)
  return error
}

/** The default policy (its retry budget included) with the scenario's generous time limits. */
const stormPolicy = Policy.withPolicy(
  Policy.defaultPolicy.pipe(
    Policy.withAttemptTimeout(retryStorm.attemptTimeout),
    Policy.withTotalTimeout(retryStorm.totalTimeout)
  )
)

describe("retry budget", () => {
  scopedLive(
    "1,000 concurrent gets on an always-503 emulator make at most 1,100 attempts",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add(retryStorm.rule)
        // one HttpClient for every call: the default policy's budget belongs to the client instance
        const exits = yield* Effect.all(
          Array.from({ length: retryStorm.calls }, () => Effect.exit(callOf(retryStorm.call).pipe(stormPolicy))),
          { concurrency: "unbounded" }
        ).pipe(seeded, Effect.provide(NodeHttpClient.layerUndici))
        const attempts = (yield* emulator.requests).filter((record) => record.operation === "get").length
        const observed = {
          attempts,
          tags: exits.map((exit) => failureOf(exit)._tag),
          openAfter: yield* eventually(emulator.openConnections, (open) => open === 0)
        }
        assert.deepStrictEqual(stormMismatches(observed, Policy.defaultRetryBudget), [], `seed ${seed}`)
      }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions))),
    60_000
  )
})

describe("ambiguous creates end with exactly one user and a success", () => {
  const quick = <A, E, R>(self: Effect.Effect<A, E, R>) =>
    self.pipe(
      Policy.withPolicy(Policy.defaultPolicy.pipe(Policy.withAttemptTimeout(`${ambiguousAttemptMillis} millis`))),
      seeded
    )

  for (const { layer: client, name: runtime } of runtimes) {
    for (const { fault, name } of ambiguousCreates) {
      scopedLive(`${runtime}: ${name}`, () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* emulator.faults.add({ operation: "create", action: fault })
          const created = (yield* quick(callOf(ambiguousCreate.call))) as UsersSchema.User
          const users = (yield* emulator.users).filter((user) => user.email === ada).length
          const log = (yield* emulator.requests).map((record) => `${record.operation} ${record.status}`)
          assert.deepStrictEqual(createdMismatches(ambiguousCreate, { created, users, log }), [])
        }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions)), Effect.provide(client)))
    }
  }
})

describe("the lookup after a 409 is retried like any read", () => {
  scopedLive(lookupRetried.name, () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.faults.add(...lookupRetried.rules)
      const created = (yield* seeded(callOf(lookupRetried.call))) as UsersSchema.User
      const users = (yield* emulator.users).filter((user) => user.email === ada).length
      const log = (yield* emulator.requests).map((record) => `${record.operation} ${record.status}`)
      assert.deepStrictEqual(createdMismatches(lookupRetried, { created, users, log }), [])
    }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions)), Effect.provide(NodeHttpClient.layerUndici)))
})

describe("a redirect to another origin is not followed", () => {
  let foreign: LoopbackServer
  beforeAll(async () => {
    foreign = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify(foreignAnswer))
    })
  })
  afterAll(() => foreign.close())

  for (const { layer: client, name: runtime } of runtimes) {
    scopedLive(`${runtime}: 301, 302, 303, 307 and 308 on GET, POST and DELETE`, () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const before = yield* emulator.users
        for (const status of redirectStatuses) {
          for (const call of redirectedCalls) {
            const operation = call.operation
            yield* emulator.clearRequests
            yield* emulator.faults.add({ operation, action: Fault.redirect(foreign.url, { status }) })
            const error = failureOf(yield* Effect.exit(callOf(call)))
            const observed = {
              tag: error._tag,
              status: "status" in error ? error.status : undefined,
              requests: (yield* emulator.requests).length
            }
            assert.deepStrictEqual(redirectMismatches(status, observed), [], `${status} ${operation}`)
          }
        }
        assert.deepStrictEqual(
          afterRedirectsMismatches({
            before,
            after: yield* emulator.users,
            foreignRequests: foreign.requests(),
            foreignConnections: foreign.openSockets() + foreign.closedSockets()
          }),
          []
        )
      }).pipe(Effect.provide(Emulator.layerClient(emulatorOptions)), Effect.provide(client)))
  }
})
