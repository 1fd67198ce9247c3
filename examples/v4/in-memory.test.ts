/**
 * Testing your own code with the in-memory Users service, on Effect 4: no server, no HttpClient, and the same
 * answers the emulator gives. `@effect/vitest` 4 (4.0.5, on vitest 5); `npm run test:v4` runs it on Node 22.
 */
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { Users } from "effect-rockset/v4"
import { InMemoryUsers } from "effect-rockset/v4/testing"

// The code under test: invites each email, and tells who was a member already.
const invite = (emails: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const users = yield* Users.Users
    return yield* Effect.forEach(emails, (email) =>
      users.create({ email, roles: ["member"] }).pipe(
        Effect.as(`invited ${email}`),
        Effect.catchTag("Conflict", () => Effect.succeed(`${email} is a member already`))
      ))
  })

// An organisation with an admin (the caller, by default) and Ada.
const TestUsers = InMemoryUsers.layer({ seedUsers: [{ email: "ada@example.com", roles: ["member"] }] })

it.effect("invites the newcomers and skips the members", () =>
  Effect.gen(function*() {
    const outcomes = yield* invite(["grace@example.com", "ADA@example.com"])
    assert.deepStrictEqual(outcomes, ["invited grace@example.com", "ADA@example.com is a member already"])
    const memory = yield* InMemoryUsers.InMemoryUsers
    const emails = (yield* memory.users).map((user) => user.email)
    assert.deepStrictEqual(emails, ["admin@example.com", "ada@example.com", "grace@example.com"])
  }).pipe(Effect.provide(TestUsers)))

it.effect("a member may not invite: Forbidden, as the API answers", () =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(invite(["grace@example.com"]).pipe(InMemoryUsers.withCaller("ada@example.com")))
    assert.strictEqual(error._tag, "Forbidden")
  }).pipe(Effect.provide(TestUsers)))
