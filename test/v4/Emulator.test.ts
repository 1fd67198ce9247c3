import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import * as ApiKey from "../../src/v4/ApiKey.js"
import * as ApiServer from "../../src/v4/ApiServer.js"
import * as Emulator from "../../src/v4/emulator/Emulator.js"
import * as Fault from "../../src/v4/emulator/Fault.js"
import * as UsersSchema from "../../src/v4/UsersSchema.js"

/** A raw request with the client's key and server from context: the edition's layer, seen from outside. */
const request = (path: string) =>
  Effect.gen(function*() {
    const key = yield* ApiKey.ApiKey
    const server = yield* ApiServer.ApiServer
    return yield* Effect.promise(async () => {
      const response = await fetch(`${server.url}${path}`, {
        headers: { authorization: `ApiKey ${Redacted.value(key)}`, accept: "application/json" }
      })
      return { status: response.status, body: (await response.json()) as unknown }
    })
  })

describe("Emulator (Effect 4)", () => {
  layer(Emulator.layerClient({ rateLimits: false }))((it) => {
    it.effect("layerClient points the key and server at a running emulator", () =>
      Effect.gen(function*() {
        const { body, status } = yield* request("/v1/orgs/self/users/self")
        assert.strictEqual(status, 200)
        const user = Schema.decodeUnknownSync(UsersSchema.User)(body)
        assert.strictEqual(user.email, "admin@example.com")
      }))

    it.effect("faults added through the service are served", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({ operation: "list", action: Fault.status(503, { retryAfter: 1 }) })
        const failed = yield* request("/v1/orgs/self/users")
        assert.strictEqual(failed.status, 503)
        const again = yield* request("/v1/orgs/self/users")
        assert.strictEqual(again.status, 200)
        const log = yield* emulator.requests
        assert.deepStrictEqual(log.slice(-2).map((entry) => entry.status), [503, 200])
      }))

    it.effect("users added through the service get keys of their own", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const key = yield* emulator.addUser({ email: "ada@example.com", roles: ["member"] })
        const { body } = yield* request("/v1/orgs/self/users/self").pipe(Effect.provideService(ApiKey.ApiKey, key))
        assert.strictEqual(Schema.decodeUnknownSync(UsersSchema.User)(body).email, "ada@example.com")
        assert.strictEqual(String(key), "<redacted>")
      }))
  })

  layer(Emulator.layerClient({ rateLimits: false, faults: [{ operation: "list", action: Fault.status(503) }] }))(
    (it) => {
      it.effect("the faults it starts with come back with every reset", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          assert.strictEqual((yield* request("/v1/orgs/self/users")).status, 503)
          assert.strictEqual((yield* request("/v1/orgs/self/users")).status, 200)
          yield* emulator.reset
          assert.lengthOf(yield* emulator.faults.pending, 1)
          assert.strictEqual((yield* request("/v1/orgs/self/users")).status, 503)
        }))
    }
  )

  it.effect("the server closes with its scope", () =>
    Effect.gen(function*() {
      const url = yield* Effect.scoped(Effect.gen(function*() {
        const emulator = yield* Emulator.make({ rateLimits: false })
        const open = yield* Effect.promise(() => fetch(`${emulator.url}/v1/orgs/self/users`).then((r) => r.status))
        assert.strictEqual(open, 401)
        return emulator.url
      }))
      const after = yield* Effect.promise(() => fetch(`${url}/v1/orgs/self/users`).then(() => "open", () => "refused"))
      assert.strictEqual(after, "refused")
    }))
})
