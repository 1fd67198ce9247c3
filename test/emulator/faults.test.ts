import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Emulator, Fault } from "../../src/v3/emulator/index.js"
import { errorBodyKeys } from "../fixtures/live.js"
import { eventually, rawRequest, type RawResult } from "./helpers.js"

const usersPath = "/v1/orgs/self/users"

/** An emulator without rate limits, and request helpers that carry its admin key. */
const setup = Effect.gen(function*() {
  const emulator = yield* Emulator.make({ rateLimits: false })
  const authorization = `ApiKey ${Redacted.value(emulator.adminKey)}`
  const list = (timeoutMillis?: number) =>
    rawRequest(emulator.url, {
      path: usersPath,
      headers: { authorization },
      ...(timeoutMillis === undefined ? {} : { timeoutMillis })
    })
  const create = (email: string) =>
    rawRequest(emulator.url, {
      path: usersPath,
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ email, roles: ["member"] })
    })
  const emails = Effect.map(emulator.users, (users) => users.map((user) => user.email))
  return { emulator, authorization, list, create, emails }
})

const expectResponse = (result: RawResult) => {
  if (result.outcome !== "response") throw new Error(`expected a response, got ${JSON.stringify(result)}`)
  return result
}

describe("faults, as seen on the socket", () => {
  it.scopedLive("the faults an emulator starts with are part of its starting state: a reset puts them back", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.make({
        rateLimits: false,
        faults: [{ operation: "list", action: Fault.status(503) }, { times: "persistent", action: Fault.latency(1) }]
      })
      const authorization = `ApiKey ${Redacted.value(emulator.adminKey)}`
      const list = Effect.map(rawRequest(emulator.url, { path: usersPath, headers: { authorization } }), expectResponse)
      assert.deepStrictEqual([(yield* list).status, (yield* list).status], [503, 200])
      assert.lengthOf(yield* emulator.faults.pending, 1)
      yield* emulator.reset
      assert.lengthOf(yield* emulator.faults.pending, 2)
      assert.deepStrictEqual([(yield* list).status, (yield* list).status], [503, 200])
      assert.deepStrictEqual((yield* emulator.requests).map((record) => record.fault), ["status", "latency"])
      yield* emulator.faults.clear
      yield* emulator.reset
      assert.lengthOf(yield* emulator.faults.pending, 2, "a reset after a clear puts them back too")
    }))

  it.scopedLive("latency delays the answer, which is otherwise normal", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      yield* emulator.faults.add({ operation: "list", action: Fault.latency(150) })
      const slow = expectResponse(yield* list())
      assert.isAtLeast(slow.millis, 140)
      assert.strictEqual(slow.status, 200)
      assert.lengthOf(JSON.parse(slow.body).data, 1)
      assert.strictEqual(expectResponse(yield* list()).status, 200)
      assert.deepStrictEqual((yield* emulator.requests).map((record) => record.fault), ["latency", null], "used up")
    }))

  it.scopedLive("a status, with or without Retry-After, with a Rockset, HTML or empty body", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      yield* emulator.faults.add(
        { operation: "list", action: Fault.status(503, { retryAfter: 2 }) },
        { operation: "list", action: Fault.status(500) },
        { operation: "list", action: Fault.status(502, { body: "html", retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" }) },
        { operation: "list", action: Fault.status(504, { body: "empty" }) }
      )
      const notReady = expectResponse(yield* list())
      assert.strictEqual(notReady.status, 503)
      assert.strictEqual(notReady.headers["retry-after"], "2")
      assert.strictEqual(notReady.headers["content-type"], "application/json")
      const body = JSON.parse(notReady.body)
      assert.deepStrictEqual(Object.keys(body), errorBodyKeys)
      assert.strictEqual(body.type, "NOT_READY")

      const internal = expectResponse(yield* list())
      assert.strictEqual(internal.status, 500)
      assert.isUndefined(internal.headers["retry-after"])
      assert.strictEqual(JSON.parse(internal.body).type, "INTERNALERROR")

      const html = expectResponse(yield* list())
      assert.strictEqual(html.status, 502)
      assert.strictEqual(html.headers["content-type"], "text/html")
      assert.strictEqual(html.headers["retry-after"], "Wed, 21 Oct 2015 07:28:00 GMT")
      assert.include(html.body, "<h1>502 Bad Gateway</h1>")

      const empty = expectResponse(yield* list())
      assert.strictEqual(empty.status, 504)
      assert.strictEqual(empty.body, "")
      assert.isUndefined(empty.headers["content-type"])
    }))

  it.scopedLive("a status with apply: the change is made, the client is told it failed", () =>
    Effect.gen(function*() {
      const { create, emails, emulator } = yield* setup
      yield* emulator.faults.add(
        { operation: "create", action: Fault.status(500) },
        { operation: "create", action: Fault.status(502, { apply: true }) }
      )
      assert.strictEqual(expectResponse(yield* create("a@example.com")).status, 500)
      assert.notInclude(yield* emails, "a@example.com")
      assert.strictEqual(expectResponse(yield* create("b@example.com")).status, 502)
      assert.include(yield* emails, "b@example.com")
    }))

  it.scopedLive("reset before the request is handled: ECONNRESET and nothing changes", () =>
    Effect.gen(function*() {
      const { create, emails, emulator } = yield* setup
      yield* emulator.faults.add({ operation: "create", action: Fault.reset() })
      const result = yield* create("ada@example.com")
      assert.strictEqual(result.outcome, "error")
      assert.strictEqual(result.outcome === "error" && result.code, "ECONNRESET")
      assert.strictEqual(result.outcome === "error" && result.status, undefined)
      assert.deepStrictEqual(yield* emails, ["admin@example.com"])
      const [record] = yield* emulator.requests
      assert.deepStrictEqual([record?.status, record?.fault], [null, "reset"])
    }))

  it.scopedLive("reset after the request was applied: ECONNRESET, and the user exists", () =>
    Effect.gen(function*() {
      const { create, emails, emulator } = yield* setup
      yield* emulator.faults.add({ operation: "create", action: Fault.reset({ apply: true }) })
      const result = yield* create("ada@example.com")
      assert.strictEqual(result.outcome === "error" && result.code, "ECONNRESET")
      assert.deepStrictEqual(yield* emails, ["admin@example.com", "ada@example.com"])
    }))

  it.scopedLive("a stall before headers: nothing arrives until the client gives up", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      yield* emulator.faults.add({ operation: "list", action: Fault.stall() })
      const result = yield* list(300)
      assert.deepStrictEqual([result.outcome, result.outcome === "timeout" && result.status], ["timeout", undefined])
      assert.strictEqual(yield* eventually(emulator.openConnections, (open) => open === 0), 0)
    }))

  it.scopedLive("headers and a partial body, then a stall", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      yield* emulator.faults.add({ operation: "list", action: Fault.partialBody("stall", { bytes: 12 }) })
      const result = yield* list(300)
      if (result.outcome !== "timeout") throw new Error(`expected a stall, got ${result.outcome}`)
      assert.strictEqual(result.status, 200)
      assert.strictEqual(result.received, "{\"data\":[{\"c")
      assert.isAbove(Number(result.headers?.["content-length"]), 12)
    }))

  it.scopedLive("headers and a partial body, then a reset", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      yield* emulator.faults.add({ operation: "list", action: Fault.partialBody("reset", { bytes: 12 }) })
      const result = yield* list()
      if (result.outcome !== "error") throw new Error(`expected an error, got ${result.outcome}`)
      assert.strictEqual(result.status, 200)
      assert.strictEqual(result.code, "ECONNRESET")
      assert.strictEqual(result.received, "{\"data\":[{\"c")
    }))

  it.scopedLive("a slow drip: the whole body, in chunks, over time", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      const plain = expectResponse(yield* list())
      yield* emulator.faults.add({ operation: "list", action: Fault.drip({ intervalMillis: 40, chunkBytes: 256 }) })
      const dripped = expectResponse(yield* list())
      const chunks = Math.ceil(Buffer.byteLength(plain.body) / 256)
      assert.isAtLeast(chunks, 3)
      assert.strictEqual(dripped.body.length, plain.body.length)
      assert.deepStrictEqual(JSON.parse(dripped.body).data[0].email, "admin@example.com")
      assert.isAtLeast(dripped.chunks, 2, "the body arrived in pieces")
      assert.isAtLeast(dripped.millis, (chunks - 1) * 40 - 5)
    }))

  it.scopedLive("malformed JSON and valid JSON of the wrong shape, both 200", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      yield* emulator.faults.add(
        { operation: "list", action: Fault.malformedJson() },
        { operation: "list", action: Fault.wrongShape() }
      )
      const malformed = expectResponse(yield* list())
      assert.strictEqual(malformed.status, 200)
      assert.throws(() => JSON.parse(malformed.body))
      const wrong = expectResponse(yield* list())
      assert.strictEqual(wrong.status, 200)
      assert.isFalse(Array.isArray(JSON.parse(wrong.body).data))
    }))

  it.scopedLive("a redirect to another origin, which a following client then calls", () =>
    Effect.gen(function*() {
      const { authorization, emulator } = yield* setup
      const other = yield* Emulator.make({ rateLimits: false })
      yield* emulator.faults.add(
        { operation: "get", action: Fault.redirect(other.url) },
        { operation: "get", action: Fault.redirect(other.url, { status: 302 }) }
      )
      const path = `${usersPath}/ada%40example.com?x=1`
      const manual = yield* Effect.promise(() =>
        fetch(`${emulator.url}${path}`, { headers: { authorization }, redirect: "manual" })
      )
      assert.strictEqual(manual.status, 307)
      assert.strictEqual(manual.headers.get("location"), `${other.url}${path}`)
      yield* Effect.promise(() => manual.arrayBuffer())

      const followed = yield* Effect.promise(() => fetch(`${emulator.url}${path}`, { headers: { authorization } }))
      assert.strictEqual(followed.url, `${other.url}${path}`)
      yield* Effect.promise(() => followed.arrayBuffer())
      const [arrived] = yield* other.requests
      assert.strictEqual(arrived?.target, path, "the other origin received the same request-target")
    }))

  it.scopedLive("rules are matched by operation, method and route, and consumed in order", () =>
    Effect.gen(function*() {
      const { authorization, emulator, list } = yield* setup
      yield* emulator.faults.add(
        { method: "DELETE", action: Fault.status(500) },
        { route: "/v1/orgs/self/users/self", action: Fault.status(501) },
        { operation: "list", times: 2, action: Fault.status(503) },
        { operation: "list", action: Fault.status(502) },
        { operation: "listUnsubscribePreferences", times: "persistent", action: Fault.status(504) }
      )
      const statuses: Array<number | undefined> = []
      for (let i = 0; i < 4; i++) statuses.push(expectResponse(yield* list()).status)
      assert.deepStrictEqual(statuses, [503, 503, 502, 200])
      const current = yield* rawRequest(emulator.url, { path: `${usersPath}/self`, headers: { authorization } })
      assert.strictEqual(expectResponse(current).status, 501)
      for (let i = 0; i < 3; i++) {
        const preferences = yield* rawRequest(emulator.url, {
          path: `${usersPath}/self/preferences`,
          headers: { authorization }
        })
        assert.strictEqual(expectResponse(preferences).status, 504)
      }
      const pending = yield* emulator.faults.pending
      assert.deepStrictEqual(pending.map((rule) => rule.action.kind === "status" && rule.action.status), [500, 504])
      yield* emulator.faults.clear
      assert.deepStrictEqual(yield* emulator.faults.pending, [])
    }))

  it("take: first match wins, counts down, persistent rules stay", () => {
    const target = { operation: "get", route: "/v1/orgs/self/users/{user}", method: "get" } as const
    const script: ReadonlyArray<Fault.Rule> = [
      { operation: "list", action: Fault.reset() },
      { method: "GET", times: 2, action: Fault.stall() },
      { times: "persistent", action: Fault.latency(1) }
    ]
    const [first, afterFirst] = Fault.take(script, target)
    assert.strictEqual(first?.kind, "stall")
    assert.strictEqual(afterFirst[1]?.times, 1)
    const [second, afterSecond] = Fault.take(afterFirst, target)
    assert.strictEqual(second?.kind, "stall")
    assert.lengthOf(afterSecond, 2)
    const [third, afterThird] = Fault.take(afterSecond, target)
    assert.strictEqual(third?.kind, "latency")
    assert.strictEqual(afterThird, afterSecond)
    assert.deepStrictEqual(Fault.take([], target), [undefined, []])
  })
})

describe("the control endpoint", () => {
  const control = (url: string, path: string, init: RequestInit = {}) =>
    Effect.promise(async () => {
      const response = await fetch(`${url}/_emulator${path}`, {
        ...init,
        headers: { "content-type": "application/json", ...init.headers }
      })
      return { status: response.status, body: await response.json() }
    })

  it.scopedLive("scripts faults, adds users, reads the log and resets, over HTTP", () =>
    Effect.gen(function*() {
      const { authorization, emulator, list } = yield* setup
      const added = yield* control(emulator.url, "/faults", {
        method: "POST",
        body: JSON.stringify([
          { operation: "list", times: 2, action: { kind: "status", status: 503, retryAfter: 1 } },
          { operation: "get", action: { kind: "reset" } }
        ])
      })
      assert.strictEqual(added.status, 200)
      assert.lengthOf(added.body.data, 2)
      assert.strictEqual(expectResponse(yield* list()).headers["retry-after"], "1")

      const user = yield* control(emulator.url, "/users", {
        method: "POST",
        body: JSON.stringify({ email: "Reader@Example.com", roles: ["read-only"] })
      })
      assert.strictEqual(user.status, 200)
      assert.strictEqual(user.body.data.user.email, "reader@example.com")
      const asReader = yield* rawRequest(emulator.url, {
        path: `${usersPath}/self`,
        headers: { authorization: `apikey ${user.body.data.apiKey}` }
      })
      assert.strictEqual(JSON.parse(expectResponse(asReader).body).email, "reader@example.com")
      const duplicate = yield* control(emulator.url, "/users", {
        method: "POST",
        body: JSON.stringify({ email: "reader@example.com", roles: ["member"] })
      })
      assert.strictEqual(duplicate.status, 409)

      const log = yield* control(emulator.url, "/requests")
      assert.deepStrictEqual(
        log.body.data.map((record: Emulator.RequestRecord) => [record.operation, record.status, record.fault]),
        [["list", 503, "status"], ["getCurrentUser", 200, null]]
      )
      assert.strictEqual(log.body.data[0].headers.authorization, "ApiKey <redacted>")
      assert.notInclude(JSON.stringify(log.body), Redacted.value(emulator.adminKey))

      const status = yield* control(emulator.url, "/status")
      assert.deepStrictEqual([status.body.data.url, status.body.data.users, status.body.data.pendingFaults], [
        emulator.url,
        2,
        2
      ])

      assert.strictEqual((yield* control(emulator.url, "/reset", { method: "POST" })).status, 200)
      assert.deepStrictEqual((yield* control(emulator.url, "/faults")).body.data, [])
      assert.deepStrictEqual((yield* control(emulator.url, "/requests")).body.data, [])
      assert.lengthOf(yield* emulator.users, 1)
      const afterReset = yield* rawRequest(emulator.url, {
        path: `${usersPath}/admin%40example.com`,
        headers: { authorization }
      })
      assert.strictEqual(expectResponse(afterReset).status, 200, "the get fault was cleared")
    }))

  it.scopedLive("refuses browsers, bad rules, unknown routes and wrong methods", () =>
    Effect.gen(function*() {
      const { emulator } = yield* setup
      const fromPage = yield* control(emulator.url, "/reset", {
        method: "POST",
        headers: { origin: "https://evil.example" }
      })
      assert.strictEqual(fromPage.status, 403)
      const badRule = yield* control(emulator.url, "/faults", {
        method: "POST",
        body: JSON.stringify({ action: { kind: "explode" } })
      })
      assert.strictEqual(badRule.status, 400)
      assert.strictEqual(badRule.body.type, "INVALIDINPUT")
      assert.strictEqual((yield* control(emulator.url, "/nope")).status, 404)
      assert.strictEqual((yield* control(emulator.url, "/reset")).status, 405)
      assert.deepStrictEqual(yield* emulator.faults.pending, [])
    }))
})

describe("time", () => {
  it.scoped("the emulator waits in real time even where the test clock is virtual", () =>
    Effect.gen(function*() {
      const { emulator, list } = yield* setup
      yield* emulator.faults.add({ operation: "list", action: Fault.latency(30) })
      const answer = expectResponse(yield* list())
      assert.isAtLeast(answer.millis, 25)
    }))
})
