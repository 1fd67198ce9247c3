import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { assert, describe, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Exit, Layer, TestClock } from "effect"
import { Users } from "effect-rockset"
import { InMemoryUsers } from "effect-rockset/testing"

const users = Users.Users
const seedUsers = [{ email: "ada@example.com", roles: ["member"], first_name: "Ada" }]

describe("InMemoryUsers", () => {
  it.effect("starts with the caller (an admin by default) and the seed users, stamped by the Clock", () =>
    Effect.gen(function*() {
      const { list } = yield* users
      const listed = yield* list()
      assert.deepStrictEqual(listed.map((user) => [user.email, user.roles, user.state]), [
        ["admin@example.com", ["admin"], "NEW"],
        ["ada@example.com", ["member"], "NEW"]
      ])
      assert.strictEqual(listed[1]?.first_name, "Ada")
      assert.strictEqual(listed[1]?.created_at, "1970-01-01T00:00:00Z", "TestClock time")
      yield* TestClock.adjust("90 seconds")
      const created = yield* (yield* users).create({ email: "Bob@Example.com", roles: ["read-only"] })
      assert.deepStrictEqual(
        [created.email, created.created_at, created.state, created.invite_state, created.first_name],
        ["bob@example.com", "1970-01-01T00:01:30Z", "NEW", "PENDING", null]
      )
      const memory = yield* InMemoryUsers.InMemoryUsers
      assert.strictEqual(memory.caller, "admin@example.com")
      assert.deepStrictEqual((yield* memory.users).map((user) => user.email), [
        "admin@example.com",
        "ada@example.com",
        "bob@example.com"
      ])
    }).pipe(Effect.provide(InMemoryUsers.layer({ seedUsers }))))

  it.effect("a member caller reads but is refused writes with the 403 the API sends", () =>
    Effect.gen(function*() {
      const service = yield* users
      assert.strictEqual((yield* service.getCurrentUser()).email, "mem@example.com")
      const error = yield* Effect.flip(service.create({ email: "bob@example.com", roles: ["member"] }))
      assert.strictEqual(error._tag, "Forbidden")
      if (error._tag === "Forbidden") {
        assert.strictEqual(error.status, 403)
        assert.strictEqual(error.operation, "create")
        assert.strictEqual(error.body?.type, "FORBIDDEN")
        assert.match(error.body?.trace_id ?? "", /^[0-9a-f-]{36}$/)
      }
    }).pipe(Effect.provide(InMemoryUsers.layer({ caller: { email: "Mem@Example.com", roles: ["member"] } }))))

  it.effect("withCaller acts as another user; an email no user has is Unauthorized", () =>
    Effect.gen(function*() {
      const service = yield* users
      const me = yield* service.getCurrentUser().pipe(InMemoryUsers.withCaller("ADA@example.com"))
      assert.strictEqual(me.email, "ada@example.com")
      const forbidden = yield* Effect.flip(
        service.deleteUser("admin@example.com").pipe(
          InMemoryUsers.withCaller("ada@example.com")
        )
      )
      assert.strictEqual(forbidden._tag, "Forbidden")
      const stranger = yield* Effect.flip(service.list().pipe(InMemoryUsers.withCaller("nobody@example.com")))
      assert.strictEqual(stranger._tag, "Unauthorized")
      assert.strictEqual((yield* service.getCurrentUser()).email, "admin@example.com", "only inside withCaller")
      yield* service.create({ email: "new@example.com", roles: ["member"] })
      const created = yield* service.getCurrentUser().pipe(InMemoryUsers.withCaller("new@example.com"))
      assert.strictEqual(created.email, "new@example.com", "a user created through the API can be the caller too")
      yield* service.deleteUser("new@example.com")
      const deleted = yield* Effect.flip(service.getCurrentUser().pipe(InMemoryUsers.withCaller("new@example.com")))
      assert.strictEqual(deleted._tag, "Unauthorized")
    }).pipe(Effect.provide(InMemoryUsers.layer({ seedUsers }))))

  it.effect("input is refused before the organisation is touched, as the client refuses it before any I/O", () =>
    Effect.gen(function*() {
      const service = yield* users
      const memory = yield* InMemoryUsers.InMemoryUsers
      const refused = yield* Effect.flip(service.create({ email: "nope", roles: ["member"] }))
      assert.strictEqual(refused._tag, "InvalidRequest")
      if (refused._tag === "InvalidRequest") assert.strictEqual(refused.field, "email")
      assert.strictEqual((yield* Effect.flip(service.get("self")))._tag, "InvalidRequest")
      assert.strictEqual((yield* Effect.flip(service.update("ada@example.com", { roles: [] })))._tag, "InvalidRequest")
      assert.lengthOf(yield* memory.users, 2)
    }).pipe(Effect.provide(InMemoryUsers.layer({ seedUsers }))))

  it.effect("addUser, acceptInvite and reset change the organisation; their refusals are typed", () =>
    Effect.gen(function*() {
      const service = yield* users
      const memory = yield* InMemoryUsers.InMemoryUsers
      const added = yield* memory.addUser({ email: "Grace@example.com", roles: ["admin"], last_name: "Hopper" })
      assert.deepStrictEqual([added.email, added.state, added.last_name], ["grace@example.com", "NEW", "Hopper"])
      const taken = yield* Effect.flip(memory.addUser({ email: "grace@EXAMPLE.com", roles: ["member"] }))
      assert.strictEqual(taken.reason, "UserExists")
      const invalid = yield* Effect.flip(memory.addUser({ email: "grace", roles: ["member"] }))
      assert.strictEqual(invalid.reason, "InvalidUser")
      const missing = yield* Effect.flip(memory.acceptInvite("ghost@example.com"))
      assert.strictEqual(missing.reason, "UserNotFound")

      yield* service.create({ email: "bob@example.com", roles: ["member"], first_name: "Bob" })
      assert.strictEqual((yield* service.get("bob@example.com")).first_name, null, "hidden until accepted")
      const accepted = yield* memory.acceptInvite("bob@example.com")
      assert.deepStrictEqual([accepted.state, accepted.invite_state, accepted.first_name], ["NEW", "ACCEPTED", "Bob"])
      assert.strictEqual((yield* service.get("bob@example.com")).first_name, "Bob")

      yield* memory.reset
      assert.deepStrictEqual((yield* service.list()).map((user) => user.email), [
        "admin@example.com",
        "ada@example.com"
      ])
    }).pipe(Effect.provide(InMemoryUsers.layer({ seedUsers }))))

  it.effect("each build of the layer is a fresh organisation", () =>
    Effect.gen(function*() {
      const layer = InMemoryUsers.layer()
      const create = Effect.flatMap(users, (service) => service.create({ email: "x@example.com", roles: ["m"] }))
      yield* create.pipe(Effect.provide(layer))
      const again = yield* create.pipe(Effect.provide(layer), Effect.exit)
      assert.isTrue(Exit.isSuccess(again))
    }))

  it.effect("a seed user that is not valid fails the layer", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(InMemoryUsers.layer({ seedUsers: [{ email: "admin@EXAMPLE.com", roles: ["member"] }] })).pipe(
          Effect.scoped
        )
      )
      assert.strictEqual(error.reason, "UserExists")
      assert.include(error.message, "already exists")
    }))

  it.effect("concurrent creates of one email: one wins, the others meet 409", () =>
    Effect.gen(function*() {
      const service = yield* users
      const results = yield* Effect.all(
        Array.from({ length: 8 }, () => Effect.either(service.create({ email: "race@example.com", roles: ["m"] }))),
        { concurrency: "unbounded" }
      )
      const tags = results.map((result) => result._tag === "Right" ? "created" : result.left._tag)
      assert.deepStrictEqual(tags.filter((tag) => tag === "created").length, 1)
      assert.deepStrictEqual(tags.filter((tag) => tag === "Conflict").length, 7)
    }).pipe(Effect.provide(InMemoryUsers.layer())))

  it.effect("each call is a span named as the client's (Users.list, ...)", () =>
    Effect.gen(function*() {
      const exporter = new InMemorySpanExporter()
      const names = yield* Effect.gen(function*() {
        const service = yield* users
        yield* service.list()
        yield* Effect.either(service.get("ghost@example.com"))
        return exporter.getFinishedSpans().map((span) => [span.name, span.attributes["rockset.operation"]])
      }).pipe(
        Effect.provide(InMemoryUsers.layer()),
        Effect.provide(NodeSdk.layer(() => ({
          resource: { serviceName: "in-memory-test" },
          spanProcessor: new SimpleSpanProcessor(exporter)
        })))
      )
      assert.deepStrictEqual(names, [["Users.list", "list"], ["Users.get", "get"]])
    }))
})
