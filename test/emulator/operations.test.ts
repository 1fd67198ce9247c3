import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { ApiKey } from "../../src/v3/ApiKey.js"
import * as ApiServer from "../../src/v3/ApiServer.js"
import { Emulator } from "../../src/v3/emulator/index.js"
import * as Users from "../../src/v3/Users.js"
import { clients, eventually } from "./helpers.js"

for (const client of clients) {
  describe(`every operation over real sockets, through ${client.name}`, () => {
    it.scopedLive("create, get, getCurrentUser, list, update, preferences, deleteUser", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator

        const created = yield* Users.create({ email: "Ada.Lovelace+Test@Example.com", roles: ["member"] })
        assert.strictEqual(created.email, "ada.lovelace+test@example.com")
        assert.deepStrictEqual([created.state, created.invite_state], ["NEW", "PENDING"])
        assert.strictEqual(created.first_name, null)
        assert.deepStrictEqual(created.roles, ["member"])
        assert.isArray(created["org_memberships"])

        const fetched = yield* Users.get("ADA.LOVELACE+TEST@example.com")
        assert.strictEqual(fetched.email, created.email)

        const current = yield* Users.getCurrentUser()
        assert.strictEqual(current.email, "admin@example.com")
        assert.deepStrictEqual(current.roles, ["admin"])

        const listed = yield* Users.list()
        assert.deepStrictEqual(listed.map((user) => user.email), ["admin@example.com", created.email])

        const updated = yield* Users.update(created.email, { first_name: "Ada", roles: ["read-only"] })
        assert.deepStrictEqual(updated.roles, ["read-only"])
        assert.strictEqual(updated.first_name, null, "names stay hidden until the invite is accepted")
        yield* emulator.acceptInvite(created.email)
        assert.strictEqual((yield* Users.get(created.email)).first_name, "Ada")

        assert.deepStrictEqual(yield* Users.listUnsubscribePreferences(), [])
        const preferences = yield* Users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
        assert.deepStrictEqual(preferences, [{ notificationType: "create_apikey" }])
        assert.deepStrictEqual(yield* Users.listUnsubscribePreferences(), [{ notificationType: "create_apikey" }])

        const deleted = yield* Users.deleteUser(created.email)
        assert.strictEqual(deleted.email, created.email)
        assert.deepStrictEqual([deleted.roles, deleted.state, deleted.created_at], [null, null, null])
        const gone = yield* Effect.flip(Users.get(created.email))
        assert.strictEqual(gone._tag, "NotFound")

        const targets = (yield* emulator.requests).map((record) => `${record.method} ${record.target}`)
        assert.deepStrictEqual(targets, [
          "POST /v1/orgs/self/users",
          "GET /v1/orgs/self/users/ADA.LOVELACE%2BTEST%40example.com",
          "GET /v1/orgs/self/users/self",
          "GET /v1/orgs/self/users",
          "POST /v1/orgs/self/users/ada.lovelace%2Btest%40example.com",
          "GET /v1/orgs/self/users/ada.lovelace%2Btest%40example.com",
          "GET /v1/orgs/self/users/self/preferences",
          "POST /v1/orgs/self/users/self/preferences",
          "GET /v1/orgs/self/users/self/preferences",
          "DELETE /v1/orgs/self/users/ada.lovelace%2Btest%40example.com",
          "GET /v1/orgs/self/users/ada.lovelace%2Btest%40example.com"
        ])
      }).pipe(Effect.provide(Emulator.layerClient({ rateLimits: false })), Effect.provide(client.layer)))

    it.scopedLive("the Users service works against the emulator, and a member reads but does not write", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const users = yield* Users.Users
        yield* users.create({ email: "slash/in/local@example.com", roles: ["member"] })
        assert.strictEqual((yield* users.get("slash/in/local@example.com")).email, "slash/in/local@example.com")
        const memberKey = yield* emulator.addUser({ email: "member@example.com", roles: ["member"] })
        const asMember = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.provideService(self, ApiKey, memberKey)
        assert.strictEqual((yield* asMember(Users.getCurrentUser())).email, "member@example.com")
        assert.strictEqual((yield* asMember(Users.list())).length, 3)
        const forbidden = yield* Effect.flip(asMember(Users.deleteUser("slash/in/local@example.com")))
        assert.strictEqual(forbidden._tag, "Forbidden")
        const log = yield* emulator.requests
        assert.strictEqual(log[1]?.target, "/v1/orgs/self/users/slash%2Fin%2Flocal%40example.com")
      }).pipe(
        Effect.provide(Users.layer),
        Effect.provide(Emulator.layerClient({ rateLimits: false })),
        Effect.provide(client.layer)
      ))
  })
}

describe("connections", () => {
  // fetch uses the process-wide dispatcher, which outlives any scope; the Node runtimes own their pools.
  const pooled = [
    { name: "NodeHttpClient.layerUndici", layer: NodeHttpClient.layerUndici },
    { name: "NodeHttpClient.layer", layer: NodeHttpClient.layer }
  ]
  for (const client of pooled) {
    it.scopedLive(`${client.name}: a client's connections are all closed once its scope is`, () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.make({ rateLimits: false })
        const server = yield* ApiServer.make(emulator.url)
        yield* Effect.all(
          [Users.list(), Users.getCurrentUser(), Users.listUnsubscribePreferences(), Users.list()],
          { concurrency: "unbounded" }
        ).pipe(
          Effect.provideService(ApiKey, emulator.adminKey),
          Effect.provideService(ApiServer.ApiServer, server),
          Effect.provide(client.layer)
        )
        assert.strictEqual(yield* eventually(emulator.openConnections, (open) => open === 0), 0)
        assert.strictEqual((yield* emulator.requests).length, 4)
      }))
  }

  it.scopedLive("stopping the emulator closes kept-alive connections instead of waiting for them", () =>
    Effect.gen(function*() {
      const started = Date.now()
      const open = yield* Effect.scoped(Effect.gen(function*() {
        const emulator = yield* Emulator.make({ rateLimits: false })
        const response = yield* Effect.promise(() =>
          fetch(`${emulator.url}/v1/orgs/self/users`, {
            headers: { authorization: `ApiKey ${Redacted.value(emulator.adminKey)}` }
          })
        )
        yield* Effect.promise(() => response.text())
        return yield* emulator.openConnections
      }))
      assert.isAtLeast(open, 1, "fetch keeps its connection alive")
      assert.isBelow(Date.now() - started, 2_000, "the server's 5 s keep-alive did not hold up the stop")
    }))
})
