/**
 * The Effect 4 edition's operations against the emulator through every runtime: shapes, typed statuses,
 * retries, recovered creates, redirects and refused connections (the parity scenario is test/shared/parity.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { statuses } from "../../src/core/statuses.js"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as ApiServer from "../../src/v4/ApiServer.js"
import * as Emulator from "../../src/v4/emulator/Emulator.js"
import * as Fault from "../../src/v4/emulator/Fault.js"
import * as Policy from "../../src/v4/Policy.js"
import * as RocksetError from "../../src/v4/RocksetError.js"
import * as Users from "../../src/v4/Users.js"
import { runtimes } from "./helpers.js"

const once = Policy.withPolicy(Policy.noRetry)

for (const client of runtimes) {
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>, options: Emulator.Options = { rateLimits: false }) =>
    self.pipe(Effect.provide(Layer.merge(Emulator.layerClient(options), client.layer)))

  describe(`Users (Effect 4) against the emulator through ${client.name}`, () => {
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
