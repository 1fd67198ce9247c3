import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Emulator } from "../../src/v3/emulator/index.js"
import { rawRequest, type RawResult } from "./helpers.js"

const usersPath = "/v1/orgs/self/users"

const response = (result: RawResult) => {
  if (result.outcome !== "response") throw new Error(`expected a response, got ${JSON.stringify(result)}`)
  return { ...result, json: result.body === "" ? undefined : JSON.parse(result.body) }
}

const setup = (options: Emulator.Options = { rateLimits: false }) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.make(options)
    const authorization = `ApiKey ${Redacted.value(emulator.adminKey)}`
    const send = (
      path: string,
      init: { method?: string; headers?: Record<string, string>; body?: string; key?: string } = {}
    ) =>
      Effect.map(
        rawRequest(emulator.url, {
          path,
          ...(init.method === undefined ? {} : { method: init.method }),
          ...(init.body === undefined ? {} : { body: init.body }),
          headers: {
            ...(init.key === undefined ? { authorization } : { authorization: `ApiKey ${init.key}` }),
            ...init.headers
          }
        }),
        response
      )
    return { emulator, send }
  })

const createBody = (email: string) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email, roles: ["member"] })
})

describe("HTTP behaviour", () => {
  it.scopedLive("CORS preflight, and CORS and no-store on every answer", () =>
    Effect.gen(function*() {
      const { emulator, send } = yield* setup()
      const preflight = response(
        yield* rawRequest(emulator.url, {
          path: `${usersPath}/ada%40example.com`,
          method: "OPTIONS",
          headers: {
            origin: "http://localhost:5173",
            "access-control-request-method": "DELETE",
            "access-control-request-headers": "authorization, content-type"
          }
        })
      )
      assert.strictEqual(preflight.status, 204)
      assert.strictEqual(preflight.headers["access-control-allow-origin"], "*")
      assert.strictEqual(preflight.headers["access-control-allow-methods"], "GET, POST, DELETE, OPTIONS")
      assert.strictEqual(
        preflight.headers["access-control-allow-headers"],
        "origin, content-type, accept, authorization, user-agent, x-rockset-version"
      )
      assert.strictEqual(preflight.headers["access-control-max-age"], "86400")

      for (const answer of [yield* send(usersPath), yield* send(`${usersPath}/ghost%40example.com`)]) {
        assert.strictEqual(answer.headers["cache-control"], "no-store")
        assert.strictEqual(answer.headers["content-type"], "application/json")
        assert.strictEqual(answer.headers["access-control-allow-origin"], "*")
      }
    }))

  it.scopedLive("404 for unknown paths, 405 with Allow for a known path and a wrong method", () =>
    Effect.gen(function*() {
      const { send } = yield* setup()
      for (const path of ["/v1/orgs/self/users/", "/v1/orgs/self/roles", "/v2/orgs/self/users", `${usersPath}/a/b`]) {
        const answer = yield* send(path)
        assert.strictEqual(answer.status, 404, path)
        assert.strictEqual(answer.json.type, "NOTFOUND")
      }
      const wrong = yield* send(usersPath, { method: "DELETE" })
      assert.strictEqual(wrong.status, 405)
      assert.strictEqual(wrong.headers["allow"], "GET, POST, OPTIONS")
      assert.strictEqual(wrong.json.type, "METHODNOTALLOWED")
      const preferences = yield* send(`${usersPath}/self/preferences`, { method: "DELETE" })
      assert.strictEqual(preferences.status, 405)
    }))

  it.scopedLive("401 without a key, 406 when Accept excludes JSON, 415 and 400 for bodies", () =>
    Effect.gen(function*() {
      const { emulator, send } = yield* setup()
      const anonymous = response(yield* rawRequest(emulator.url, { path: usersPath }))
      assert.deepStrictEqual([anonymous.status, anonymous.json.type], [401, "AUTHEXCEPTION"])

      assert.strictEqual((yield* send(usersPath, { headers: { accept: "text/html" } })).status, 406)
      assert.strictEqual((yield* send(usersPath, { headers: { accept: "application/json;q=0, text/*" } })).status, 406)
      for (
        const accept of ["application/json", "*/*", "text/html, application/*;q=0.1", "application/json; charset=utf-8"]
      ) {
        assert.strictEqual((yield* send(usersPath, { headers: { accept } })).status, 200, accept)
      }

      const textBody = yield* send(usersPath, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "ada@example.com"
      })
      assert.deepStrictEqual([textBody.status, textBody.json.type], [415, "UNSUPPORTEDMEDIATYPE"])
      const untyped = yield* send(usersPath, { method: "POST", body: "{}" })
      assert.strictEqual(untyped.status, 415)
      const empty = yield* send(usersPath, { method: "POST", headers: { "content-type": "application/json" } })
      assert.strictEqual(empty.status, 400)
      const broken = yield* send(usersPath, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: "{\"email\""
      })
      assert.deepStrictEqual([broken.status, broken.json.type], [400, "INVALIDINPUT"])
      const badEmail = yield* send(usersPath, createBody("ada at example.com"))
      assert.strictEqual(badEmail.status, 400)
      assert.include(badEmail.json.message, "ada at example.com")
      const badEncoding = yield* send(`${usersPath}/%E0%A4%A`)
      assert.strictEqual(badEncoding.status, 400)
    }))

  it.scopedLive("paths: percent-encoded and literal emails reach the same user; the log keeps the raw target", () =>
    Effect.gen(function*() {
      const { emulator, send } = yield* setup()
      assert.strictEqual((yield* send(usersPath, createBody("o'neil+tag@example.com"))).status, 200)
      const encoded = yield* send(`${usersPath}/o'neil%2Btag%40example.com`)
      const literal = yield* send(`${usersPath}/O'Neil+tag@example.com?ignored=1`)
      assert.strictEqual(encoded.json.email, "o'neil+tag@example.com")
      assert.strictEqual(literal.json.email, "o'neil+tag@example.com")
      const targets = (yield* emulator.requests).map((record) => record.target)
      assert.deepStrictEqual(targets.slice(1), [
        `${usersPath}/o'neil%2Btag%40example.com`,
        `${usersPath}/O'Neil+tag@example.com?ignored=1`
      ])
      const self = yield* send(`${usersPath}/%73elf`)
      assert.strictEqual(self.json.email, "admin@example.com", "an encoded self is still the caller")
    }))
})

describe("rate limits", () => {
  it.scopedLive("per API key and kind of operation, answered with 429 and Retry-After in seconds", () =>
    Effect.gen(function*() {
      const { emulator, send } = yield* setup({ rateLimits: { create: 2, update: 1, read: 3 } })
      const memberKey = Redacted.value(yield* emulator.addUser({ email: "m@example.com", roles: ["member"] }))
      assert.strictEqual((yield* send(usersPath, createBody("a@example.com"))).status, 200)
      assert.strictEqual((yield* send(usersPath, createBody("a@example.com"))).status, 409, "a refused create counts")
      const limited = yield* send(usersPath, createBody("b@example.com"))
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.json.type, "RATELIMITEXCEEDED")
      assert.match(
        String(limited.headers["retry-after"]),
        /^(59|60)$/,
        "seconds until the oldest create leaves the window"
      )
      assert.notInclude((yield* emulator.users).map((user) => user.email), "b@example.com")

      assert.strictEqual((yield* send(`${usersPath}/a%40example.com`, { method: "DELETE" })).status, 200)
      assert.strictEqual((yield* send(`${usersPath}/m%40example.com`, { method: "DELETE" })).status, 429)

      for (let i = 0; i < 3; i++) assert.strictEqual((yield* send(usersPath)).status, 200)
      assert.strictEqual((yield* send(usersPath)).status, 429)
      assert.strictEqual((yield* send(usersPath, { key: memberKey })).status, 200, "another key has its own budget")
      assert.strictEqual((yield* send(usersPath, { key: "unknown" })).status, 401, "unknown keys are refused first")
    }))

  it.scopedLive("the window slides: requests are admitted again once it has passed", () =>
    Effect.gen(function*() {
      const { send } = yield* setup({ rateLimits: { read: 1, windowMillis: 200 } })
      assert.strictEqual((yield* send(usersPath)).status, 200)
      const limited = yield* send(usersPath)
      assert.deepStrictEqual([limited.status, limited.headers["retry-after"]], [429, "1"])
      yield* Effect.sleep("250 millis")
      assert.strictEqual((yield* send(usersPath)).status, 200)
    }))

  it.scopedLive("documented limits by default; none with rateLimits: false", () =>
    Effect.gen(function*() {
      const limited = yield* setup({})
      for (let i = 0; i < 10; i++) {
        assert.strictEqual((yield* limited.send(usersPath, createBody(`u${i}@example.com`))).status, 200)
      }
      assert.strictEqual((yield* limited.send(usersPath, createBody("u10@example.com"))).status, 429)

      const free = yield* setup({ rateLimits: false })
      for (let i = 0; i < 12; i++) {
        assert.strictEqual((yield* free.send(usersPath, createBody(`u${i}@example.com`))).status, 200)
      }
    }))
})
