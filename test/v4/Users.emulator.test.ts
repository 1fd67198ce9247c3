import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result } from "effect"
import { statuses } from "../../src/core/statuses.js"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as ApiServer from "../../src/v4/ApiServer.js"
import * as Emulator from "../../src/v4/emulator/Emulator.js"
import * as Fault from "../../src/v4/emulator/Fault.js"
import * as Policy from "../../src/v4/Policy.js"
import * as RocksetError from "../../src/v4/RocksetError.js"
import * as InMemoryUsers from "../../src/v4/testing/InMemoryUsers.js"
import * as Users from "../../src/v4/Users.js"
import { normalise, outcomeKinds, seedUsers, type Step, steps } from "../scenarios/parity.js"
import { runtimes } from "./helpers.js"

interface Harness {
  readonly users: Users.Service
  readonly acceptInvite: (email: string) => Effect.Effect<unknown, unknown>
  readonly as: (email: string) => <A, E>(self: Effect.Effect<A, E>) => Effect.Effect<A, E>
}

type Outcome = { readonly step: string; readonly ok: unknown } | { readonly step: string; readonly error: unknown }

const errorData = (error: RocksetError.RocksetError) => ({ ...error, _tag: error._tag, message: error.message })

const call = (users: Users.Service, step: Extract<Step, { readonly operation: string }>) =>
  (users[step.operation] as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, RocksetError.RocksetError>)(
    ...step.args
  )

const scenario = (harness: Harness): Effect.Effect<ReadonlyArray<Outcome>, unknown> =>
  Effect.gen(function*() {
    const outcomes: Array<Outcome> = []
    for (const step of steps) {
      if ("acceptInvite" in step) {
        yield* harness.acceptInvite(step.acceptInvite)
        continue
      }
      const run = call(harness.users, step)
      const result = yield* Effect.result(step.as === undefined ? run : harness.as(step.as)(run))
      outcomes.push(
        Result.isSuccess(result)
          ? { step: step.step, ok: result.success }
          : { step: step.step, error: errorData(result.failure) }
      )
    }
    return outcomes
  })

const inMemory = Effect.gen(function*() {
  const memory = yield* InMemoryUsers.InMemoryUsers
  return yield* scenario({ users: memory.client, acceptInvite: memory.acceptInvite, as: memory.withCaller })
}).pipe(Effect.provide(InMemoryUsers.layer({ seedUsers })))

const onEmulator = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const keys = new Map<string, Redacted.Redacted<string>>()
  for (const user of seedUsers) keys.set(user.email.toLowerCase(), yield* emulator.addUser(user))
  return yield* scenario({
    users: yield* Users.Users,
    acceptInvite: emulator.acceptInvite,
    as: (email) => (self) => Effect.provideService(self, ApiKey, keys.get(email) ?? emulator.adminKey)
  })
})

const once = Policy.withPolicy(Policy.noRetry)

for (const client of runtimes) {
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>, options: Emulator.Options = { rateLimits: false }) =>
    self.pipe(Effect.provide(Layer.merge(Emulator.layerClient(options), client.layer)))

  describe(`Users (Effect 4) against the emulator through ${client.name}`, () => {
    it.live("the parity scenario: every operation, the same answers as InMemoryUsers", () =>
      Effect.gen(function*() {
        const expected = yield* onEmulator.pipe(
          Effect.provide(Users.layer.pipe(Layer.provideMerge(Emulator.layerClient({ rateLimits: false })))),
          Effect.provide(client.layer)
        )
        const actual = yield* inMemory
        assert.strictEqual(actual.length, expected.length)
        actual.forEach((step, index) => {
          assert.deepStrictEqual(normalise(step), normalise(expected[index]), `step ${index + 1}: ${step.step}`)
        })
        const outcomes = expected.map((step) => "ok" in step ? "ok" : (step.error as { readonly _tag: string })._tag)
        assert.deepStrictEqual([...new Set(outcomes)].sort(), outcomeKinds)
      }))

    it.live("every operation succeeds with its documented shape", () =>
      provide(Effect.gen(function*() {
        const created = yield* Users.create({ email: "Ada@Example.com", roles: ["member"] })
        assert.strictEqual(created.email, "ada@example.com")
        assert.strictEqual(created.state, "NEW")
        assert.strictEqual((yield* Users.get("ada@example.com")).email, "ada@example.com")
        assert.strictEqual((yield* Users.getCurrentUser()).email, "admin@example.com")
        assert.deepStrictEqual((yield* Users.list()).map((user) => user.email).sort(), [
          "ada@example.com",
          "admin@example.com"
        ])
        assert.deepStrictEqual((yield* Users.update("ada@example.com", { roles: ["admin"] })).roles, ["admin"])
        const preferences = [{ notificationType: "create_apikey" }]
        assert.deepStrictEqual(yield* Users.updateUnsubscribePreferences({ data: preferences }), preferences)
        assert.deepStrictEqual(yield* Users.listUnsubscribePreferences(), preferences)
        const deleted = yield* Users.deleteUser("ada@example.com")
        assert.strictEqual(deleted.email, "ada@example.com")
        assert.strictEqual(deleted.roles, null)
        const gone = yield* Effect.flip(Users.get("ada@example.com"))
        assert.strictEqual(gone._tag, "NotFound")
      })))

    it.live("each documented status is its typed error, with the status and the error body", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        for (const status of RocksetError.documentedStatuses) {
          yield* emulator.faults.add({ operation: "list", times: 1, action: Fault.status(status) })
          const error = yield* Effect.flip(once(Users.list()))
          assert.strictEqual(error._tag, statuses[status].tag, `status ${status}`)
          assert.isTrue(error instanceof RocksetError.statusErrors[status], `status ${status} is its class`)
          if ("status" in error) assert.strictEqual(error.status, status)
          if ("body" in error) assert.isString(error.body?.type, `status ${status} carries the error body`)
        }
        yield* emulator.faults.add({ operation: "get", times: 1, action: Fault.status(418) })
        const teapot = yield* Effect.flip(once(Users.get("admin@example.com")))
        assert.strictEqual(teapot._tag, "UnexpectedStatus")
      })))

    it.live("a 503 with Retry-After is retried, and the call succeeds", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({ operation: "list", times: 1, action: Fault.status(503, { retryAfter: 0 }) })
        yield* emulator.clearRequests
        const users = yield* Users.list()
        assert.strictEqual(users.length, 1)
        assert.deepStrictEqual((yield* emulator.requests).map((entry) => entry.status), [503, 200])
      })))

    it.live("a create whose first attempt times out after the user was created succeeds, with one user", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({ operation: "create", times: 1, action: Fault.stall({ apply: true }) })
        const created = yield* Users.create({ email: "grace@example.com", roles: ["member"] }).pipe(
          Policy.withPolicy(Policy.make({ attemptTimeout: "300 millis" }))
        )
        assert.strictEqual(created.email, "grace@example.com")
        const users = (yield* emulator.users).filter((user) => user.email === "grace@example.com")
        assert.strictEqual(users.length, 1)
        const log = (yield* emulator.requests).map((entry) => entry.operation)
        assert.deepStrictEqual(log.filter((operation) => operation !== "list"), ["create", "create", "get"])
      })))

    it.live("a redirect is reported, never followed", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({
          operation: "list",
          times: 1,
          action: Fault.redirect("http://127.0.0.1:9", { status: 302 })
        })
        const error = yield* Effect.flip(once(Users.list()))
        assert.strictEqual(error._tag, "UnexpectedStatus")
        if (error._tag === "UnexpectedStatus") assert.strictEqual(error.status, 302)
      })))

    it.live("a connection refused is a Transport error that says nothing was sent", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(once(Users.list()))
        assert.strictEqual(error._tag, "Transport")
        if (error._tag === "Transport") assert.isFalse(error.requestSent)
      }).pipe(
        Effect.provideService(ApiKey, Redacted.make("k")),
        // the discard port: nothing listens there on loopback
        Effect.provide(ApiServer.layer("http://127.0.0.1:9")),
        Effect.provide(client.layer)
      ))
  })
}
