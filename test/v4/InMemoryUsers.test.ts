import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as InMemoryUsers from "../../src/v4/testing/InMemoryUsers.js"
import * as Users from "../../src/v4/Users.js"

describe("InMemoryUsers (Effect 4)", () => {
  it.effect("provides Users.Users with the emulator's rules; the organisation can be read and changed", () =>
    Effect.gen(function*() {
      const users = yield* Users.Users
      const memory = yield* InMemoryUsers.InMemoryUsers
      assert.strictEqual(memory.caller, "admin@example.com")
      const created = yield* users.create({ email: "Ada@Example.com", roles: ["member"] })
      assert.strictEqual(created.email, "ada@example.com")
      assert.strictEqual(created.state, "NEW")
      assert.strictEqual(
        (yield* Effect.flip(users.create({ email: "ada@example.com", roles: ["x"] })))._tag,
        "Conflict"
      )
      assert.strictEqual((yield* users.get("ada@example.com")).first_name, null)
      yield* memory.acceptInvite("ada@example.com")
      assert.strictEqual((yield* users.get("ada@example.com")).invite_state, "ACCEPTED")
      assert.deepStrictEqual((yield* memory.users).map((user) => user.email), [
        "admin@example.com",
        "reader@example.com",
        "ada@example.com"
      ])
      yield* memory.reset
      assert.deepStrictEqual((yield* users.list()).map((user) => user.email), [
        "admin@example.com",
        "reader@example.com"
      ])
    }).pipe(
      Effect.provide(InMemoryUsers.layer({ seedUsers: [{ email: "reader@example.com", roles: ["read-only"] }] }))
    ))

  it.effect("withCaller acts as another user: a read-only user is Forbidden to write, a stranger Unauthorized", () =>
    Effect.gen(function*() {
      const users = yield* Users.Users
      const forbidden = yield* Effect.flip(users.deleteUser("admin@example.com")).pipe(
        InMemoryUsers.withCaller("reader@example.com")
      )
      assert.strictEqual(forbidden._tag, "Forbidden")
      const self = yield* users.getCurrentUser().pipe(InMemoryUsers.withCaller("Reader@Example.com"))
      assert.strictEqual(self.email, "reader@example.com")
      const stranger = yield* Effect.flip(users.list()).pipe(InMemoryUsers.withCaller("ghost@example.com"))
      assert.strictEqual(stranger._tag, "Unauthorized")
      assert.strictEqual((yield* users.getCurrentUser()).email, "admin@example.com", "outside it, the caller again")
    }).pipe(
      Effect.provide(InMemoryUsers.layer({ seedUsers: [{ email: "reader@example.com", roles: ["read-only"] }] }))
    ))

  it.effect("input is checked as the client checks it, and direct changes refuse what the domain refuses", () =>
    Effect.gen(function*() {
      const memory = yield* InMemoryUsers.make()
      const refused = yield* Effect.flip(memory.client.create({ email: "nope", roles: ["member"] }))
      assert.strictEqual(refused._tag, "InvalidRequest")
      const twice = yield* Effect.flip(memory.addUser({ email: "admin@example.com", roles: ["admin"] }))
      assert.strictEqual(twice.reason, "UserExists")
      const missing = yield* Effect.flip(memory.acceptInvite("ghost@example.com"))
      assert.strictEqual(missing.reason, "UserNotFound")
      const invalid = yield* Effect.flip(InMemoryUsers.make({ seedUsers: [{ email: "bad", roles: ["x"] }] }))
      assert.strictEqual(invalid.reason, "InvalidUser")
    }))

  it.effect("two organisations in one program do not share their callers", () =>
    Effect.gen(function*() {
      const one = yield* InMemoryUsers.make({ caller: { email: "one@example.com", roles: ["admin"] } })
      const two = yield* InMemoryUsers.make({ caller: { email: "two@example.com", roles: ["admin"] } })
      const seen = yield* one.withCaller("two@example.com")(two.client.getCurrentUser())
      assert.strictEqual(seen.email, "two@example.com")
      assert.strictEqual((yield* one.client.getCurrentUser()).email, "one@example.com")
    }))
})
