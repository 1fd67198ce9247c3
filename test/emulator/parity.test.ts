import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { ApiKey } from "../../src/ApiKey.js"
import { Emulator } from "../../src/emulator/index.js"
import type * as RocksetError from "../../src/RocksetError.js"
import { InMemoryUsers } from "../../src/testing/index.js"
import * as Users from "../../src/Users.js"
import { clients } from "./helpers.js"

/** What the scenario needs besides the `Users` service: the same controls on either organisation. */
interface Harness {
  readonly users: Users.Service
  readonly addUser: (user: InMemoryUsers.NewUser) => Effect.Effect<void, unknown>
  readonly acceptInvite: (email: string) => Effect.Effect<void, unknown>
  /** Runs `self` as another user: with their API key on the emulator, `withCaller` in memory. */
  readonly as: (email: string) => <A, E>(self: Effect.Effect<A, E>) => Effect.Effect<A, E>
}

type Step = { readonly step: string; readonly ok: unknown } | { readonly step: string; readonly error: unknown }

const errorData = (error: RocksetError.RocksetError) => ({ ...error, _tag: error._tag, message: error.message })

const seedUsers = [
  { email: "Member@Example.com", roles: ["member"], first_name: "Mem", last_name: "Ber" },
  { email: "reader@example.com", roles: ["read-only", "read-only"] }
]

/** Every operation, its successes and its refusals: 401, 403, 404, 409 and input refused before any I/O. */
const scenario = (harness: Harness): Effect.Effect<ReadonlyArray<Step>, unknown> =>
  Effect.gen(function*() {
    const { users } = harness
    const steps: Array<Step> = []
    const record = <A>(step: string, self: Effect.Effect<A, RocksetError.RocksetError>) =>
      Effect.map(Effect.either(self), (result) => {
        steps.push(
          Either.isRight(result) ? { step, ok: result.right } : { step, error: errorData(result.left) }
        )
      })
    const asMember = harness.as("member@example.com")
    const asReader = harness.as("reader@example.com")

    yield* record("getCurrentUser as the admin", users.getCurrentUser())
    yield* record("list the seeded organisation", users.list())
    yield* record("get a seeded member (names shown: invite accepted)", users.get("MEMBER@example.com"))
    yield* record("get self as a member", asMember(users.getCurrentUser()))

    yield* record("create", users.create({ email: "Ada.Lovelace@Example.com", roles: ["member", "member"] }))
    yield* record("create with names", users.create({ email: "grace@example.com", roles: ["admin"], first_name: "G" }))
    yield* record("create an existing email: 409", users.create({ email: "ADA.lovelace@example.com", roles: ["x"] }))
    yield* record("get the created user (names hidden)", users.get("ada.lovelace@example.com"))
    yield* record("get another user as a member", asMember(users.get("grace@example.com")))
    yield* record("get an unknown user: 404", users.get("ghost@example.com"))
    yield* record("list after creating", users.list())

    yield* record(
      "update names and roles",
      users.update("ada.lovelace@example.com", { first_name: "Ada", roles: ["a"] })
    )
    yield* record("update an unknown user: 404", users.update("ghost@example.com", { last_name: "Boo" }))
    yield* harness.acceptInvite("ada.lovelace@example.com")
    yield* record("get after the invite is accepted (names shown)", users.get("Ada.Lovelace@example.com"))
    yield* record("update only a last name", users.update("ada.lovelace@example.com", { last_name: "Lovelace" }))

    yield* record("create as a member: 403", asMember(users.create({ email: "x@example.com", roles: ["member"] })))
    yield* record("update as a member: 403", asMember(users.update("reader@example.com", { roles: ["admin"] })))
    yield* record("delete as a read-only user: 403", asReader(users.deleteUser("member@example.com")))
    yield* record("list as a read-only user", asReader(users.list()))

    yield* record("preferences, at first", users.listUnsubscribePreferences())
    yield* record(
      "replace preferences (duplicates collapse)",
      users.updateUnsubscribePreferences({
        data: [{ notificationType: "create_apikey" }, { notificationType: "weekly" }, {
          notificationType: "create_apikey"
        }]
      })
    )
    yield* record("preferences, after", users.listUnsubscribePreferences())
    yield* record("a member's own preferences are separate", asMember(users.listUnsubscribePreferences()))
    yield* record(
      "a member may replace their own preferences",
      asMember(users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] }))
    )
    yield* record("preferences without data empty them", users.updateUnsubscribePreferences({}))
    yield* record("preferences, emptied", users.listUnsubscribePreferences())

    yield* record("refused: not an email", users.create({ email: "not an email", roles: ["member"] }))
    yield* record("refused: no roles", users.create({ email: "new@example.com", roles: [] }))
    yield* record("refused: an empty role", users.create({ email: "new@example.com", roles: [" "] }))
    yield* record(
      "refused: an unknown field",
      users.create({ email: "new@example.com", roles: ["member"], phone: "1" } as never)
    )
    yield* record("refused: get self", users.get("self"))
    yield* record("refused: get ..", users.get(".."))
    yield* record("refused: delete an empty user", users.deleteUser(""))
    yield* record("refused: update with no roles", users.update("grace@example.com", { roles: [] }))
    yield* record(
      "refused: an empty notification type",
      users.updateUnsubscribePreferences({ data: [{ notificationType: "" }] })
    )

    yield* record("delete", users.deleteUser("Grace@Example.com"))
    yield* record("delete again: 404", users.deleteUser("grace@example.com"))
    yield* record("delete the member", users.deleteUser("member@example.com"))
    yield* record("a deleted user's calls: 401", asMember(users.list()))
    yield* record("a user with an email like a path", users.create({ email: "a/b?c#d%e@example.com", roles: ["m"] }))
    yield* record("get it back", users.get("a/b?c#d%e@example.com"))
    yield* record("list at the end", users.list())
    return steps
  })

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
const isoSecond = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** Replaces what must differ between two runs, the trace ids and the timestamps, everywhere in a value. */
const normalise = (value: unknown): unknown => {
  if (typeof value === "string") return isoSecond.test(value) ? "<time>" : value.replace(uuid, "<trace_id>")
  if (Array.isArray(value)) return value.map(normalise)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, normalise(field)]))
  }
  return value
}

const inMemory = Effect.gen(function*() {
  const memory = yield* InMemoryUsers.InMemoryUsers
  return yield* scenario({
    users: memory.client,
    addUser: memory.addUser,
    acceptInvite: memory.acceptInvite,
    as: memory.withCaller
  })
}).pipe(Effect.provide(InMemoryUsers.layer({ seedUsers })))

const onEmulator = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const keys = new Map<string, Redacted.Redacted<string>>()
  for (const user of seedUsers) keys.set(user.email.toLowerCase(), yield* emulator.addUser(user))
  return yield* scenario({
    users: yield* Users.Users,
    addUser: (user) => Effect.map(emulator.addUser(user), (key) => keys.set(user.email.toLowerCase(), key)),
    acceptInvite: emulator.acceptInvite,
    as: (email) => (self) => Effect.provideService(self, ApiKey, keys.get(email) ?? emulator.adminKey)
  })
})

describe("the in-memory Users layer and the emulator give the same answers", () => {
  for (const client of clients) {
    it.scopedLive(`the same scenario, in memory and over real sockets through ${client.name}`, () =>
      Effect.gen(function*() {
        const expected = yield* onEmulator.pipe(
          Effect.provide(Users.layer.pipe(Layer.provideMerge(Emulator.layerClient({ rateLimits: false })))),
          Effect.provide(client.layer)
        )
        const actual = yield* inMemory

        assert.strictEqual(actual.length, expected.length)
        actual.forEach((step, index) => {
          assert.deepStrictEqual(
            normalise(step),
            normalise(expected[index]),
            `step ${index + 1}: ${expected[index]?.step}`
          )
        })
        const outcomes = actual.map((step) => "ok" in step ? "ok" : (step.error as { readonly _tag: string })._tag)
        assert.deepStrictEqual(
          [...new Set(outcomes)].sort(),
          ["Conflict", "Forbidden", "InvalidRequest", "NotFound", "Unauthorized", "ok"],
          "the scenario covers every kind of outcome"
        )
      }))
  }
})
