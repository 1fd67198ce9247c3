import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, Fiber, TestClock } from "effect"
import { Policy, RocksetError, Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import { inspect } from "node:util"
import { errorBody } from "./fixtures/live.js"
import { canaryKey, runScripted } from "./helpers.js"

const expectedClass: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  408: "RequestTimeout",
  409: "Conflict",
  415: "UnsupportedMediaType",
  429: "ResourceExceeded",
  500: "InternalError",
  501: "NotImplemented",
  502: "BadGateway",
  503: "NotReady"
}

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return failure.value
}

describe("documented statuses", () => {
  it("isRocksetError recognises every error class and nothing else", () => {
    for (const ErrorClass of Object.values(RocksetError.statusErrors)) {
      assert.isTrue(RocksetError.isRocksetError(new ErrorClass({ operation: "get", status: 400 })))
    }
    assert.isTrue(RocksetError.isRocksetError(new RocksetError.UnexpectedStatus({ operation: "get", status: 302 })))
    assert.isTrue(
      RocksetError.isRocksetError(new RocksetError.Transport({ operation: "get", requestSent: false, detail: "x" }))
    )
    assert.isTrue(
      RocksetError.isRocksetError(
        new RocksetError.Decode({ operation: "get", status: 200, reason: "InvalidJson", detail: "" })
      )
    )
    assert.isTrue(
      RocksetError.isRocksetError(
        new RocksetError.Timeout({ operation: "get", scope: "total", after: Duration.seconds(1) })
      )
    )
    assert.isTrue(
      RocksetError.isRocksetError(new RocksetError.InvalidRequest({ operation: "get", field: "user", reason: "x" }))
    )
    assert.isFalse(RocksetError.isRocksetError(new Error("NotFound")))
    assert.isFalse(RocksetError.isRocksetError({ _tag: "NotFound" }))
    assert.isFalse(RocksetError.isRocksetError({ _tag: "Other", operation: "get" }))
  })

  it("the table covers exactly the documented statuses", () => {
    assert.deepStrictEqual([...RocksetError.documentedStatuses], Object.keys(expectedClass).map(Number))
  })

  for (const status of RocksetError.documentedStatuses) {
    const tag = expectedClass[status]!
    it.effect(`${status} with a Rockset error body is ${tag} with the decoded body`, () =>
      Effect.gen(function*() {
        const body = { ...errorBody("SOMETYPE", "User ada@example.com: something", "SOME_KEY"), error_id: "e-1" }
        const { exit, requests } = yield* runScripted(Users.get("ada@example.com"), [ScriptedHttp.json(status, body)])
        const error = failure(exit)
        assert.strictEqual(requests.length, 1)
        assert.strictEqual(error._tag, tag)
        assert.isTrue(error instanceof RocksetError.statusErrors[status])
        if (error._tag === "Decode" || !("status" in error)) throw new Error("not a status error")
        assert.strictEqual(error.status, status)
        assert.strictEqual(error.operation, "get")
        assert.strictEqual(error.body?.message, body.message)
        assert.strictEqual(error.body?.type, "SOMETYPE")
        assert.strictEqual(error.body?.message_key, "SOME_KEY")
        assert.strictEqual(error.body?.trace_id, body.trace_id)
        assert.strictEqual(error.body?.error_id, "e-1")
        assert.strictEqual(error.body?.line, null)
        assert.strictEqual(error.bodyExcerpt, undefined)
        assert.include(error.message, `Users.get: ${status}`)
        assert.include(error.message, "SOMETYPE/SOME_KEY")
        assert.include(error.message, body.trace_id)
        assert.notInclude(error.message, "ada@example.com")
        assert.include(error.message, "<email>")
      }))

    it.effect(`${status} with an HTML body is still ${tag}, with a short excerpt`, () =>
      Effect.gen(function*() {
        const html = `<html><head><title>${status}</title></head><body>${"proxy error ".repeat(100)}</body></html>`
        const { exit } = yield* runScripted(Users.list(), [
          ScriptedHttp.text(status, html, { "content-type": "text/html" })
        ])
        const error = failure(exit)
        assert.strictEqual(error._tag, tag)
        if (error._tag === "Decode" || !("status" in error)) throw new Error("not a status error")
        assert.strictEqual(error.body, undefined)
        assert.strictEqual(error.bodyExcerpt, html.slice(0, 200))
        assert.include(error.message, "proxy error")
      }))

    it.effect(`${status} with an empty body is still ${tag}`, () =>
      Effect.gen(function*() {
        const { exit } = yield* runScripted(Users.list(), [ScriptedHttp.text(status, "")])
        const error = failure(exit)
        assert.strictEqual(error._tag, tag)
        if (error._tag === "Decode" || !("status" in error)) throw new Error("not a status error")
        assert.strictEqual(error.body, undefined)
        assert.strictEqual(error.bodyExcerpt, "")
      }))
  }

  it.effect("undocumented statuses are UnexpectedStatus; a redirect is not followed", () =>
    Effect.gen(function*() {
      for (const status of [302, 307, 418, 504]) {
        const { exit, requests } = yield* runScripted(Users.list(), [
          ScriptedHttp.text(status, "", { location: "https://elsewhere.example/x" })
        ])
        const error = failure(exit)
        assert.strictEqual(error._tag, "UnexpectedStatus")
        assert.strictEqual("status" in error && error.status, status)
        assert.strictEqual(requests.length, 1)
      }
    }))

  it.effect("Retry-After is decoded as delta-seconds and as an HTTP-date against the server's Date", () =>
    Effect.gen(function*() {
      const seconds = yield* runScripted(Users.list(), [
        ScriptedHttp.json(429, errorBody("RATELIMITEXCEEDED", "slow down"), { "retry-after": "7" })
      ])
      const throttled = failure(seconds.exit)
      assert.strictEqual(throttled._tag, "ResourceExceeded")
      assert.deepStrictEqual("retryAfter" in throttled && throttled.retryAfter, Duration.seconds(7))
      assert.include(throttled.message, "retry after 7s")

      const dated = yield* runScripted(Users.list(), [
        ScriptedHttp.json(503, errorBody("NOT_READY", "later"), {
          "retry-after": "Wed, 21 Oct 2015 07:28:12 GMT",
          date: "Wed, 21 Oct 2015 07:28:00 GMT"
        })
      ])
      const notReady = failure(dated.exit)
      assert.deepStrictEqual("retryAfter" in notReady && notReady.retryAfter, Duration.seconds(12))

      for (const garbage of ["soon", "-1", "1e309", "", "1.5"]) {
        const { exit } = yield* runScripted(Users.list(), [
          ScriptedHttp.json(429, errorBody("RATELIMITEXCEEDED", "x"), { "retry-after": garbage })
        ])
        const error = failure(exit)
        assert.isFalse("retryAfter" in error && error.retryAfter !== undefined, garbage)
      }
    }))
})

describe("the API key never leaks", () => {
  const base64 = Buffer.from(canaryKey).toString("base64")
  const echo = `Authorization: ApiKey ${canaryKey} (${base64}) ${encodeURIComponent(canaryKey)}`

  const scan = (error: unknown) => {
    const surfaces = {
      string: String(error),
      message: error instanceof Error ? error.message : "",
      json: JSON.stringify(error),
      inspect: inspect(error, { depth: null, showHidden: true }),
      pretty: Cause.pretty(Cause.fail(error))
    }
    for (const [surface, text] of Object.entries(surfaces)) {
      for (const form of [canaryKey, base64, base64.replace(/=+$/, ""), encodeURIComponent(canaryKey)]) {
        assert.notInclude(text, form, `${surface} leaks the key`)
      }
    }
  }

  const hostileReplies: Record<string, ScriptedHttp.Reply> = {}
  for (const status of RocksetError.documentedStatuses) {
    hostileReplies[expectedClass[status]!] = ScriptedHttp.json(status, errorBody("X", echo))
    hostileReplies[`${expectedClass[status]!} (HTML)`] = ScriptedHttp.text(status, `<pre>${echo}</pre>`)
  }
  hostileReplies["UnexpectedStatus"] = ScriptedHttp.text(302, echo)
  hostileReplies["Transport"] = ScriptedHttp.transportFailure("ECONNRESET", `reset after ${echo}`)
  hostileReplies["Decode (shape)"] = ScriptedHttp.json(200, { data: echo })
  hostileReplies["Decode (json)"] = ScriptedHttp.text(200, `${echo} not json`)

  for (const [kind, reply] of Object.entries(hostileReplies)) {
    it.effect(`${kind}: the key is in no output, even when the server echoes it`, () =>
      Effect.gen(function*() {
        const { exit } = yield* runScripted(Users.list(), [reply])
        const error = failure(exit)
        scan(error)
        scan(exit)
      }))
  }

  it.effect("Timeout: the key is in no output", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        runScripted(Users.list(), [ScriptedHttp.never], Policy.noRetry.pipe(Policy.withAttemptTimeout("1 second")))
      )
      yield* TestClock.adjust("2 seconds")
      const { exit } = yield* Fiber.join(fiber)
      const error = failure(exit)
      assert.strictEqual(error._tag, "Timeout")
      scan(error)
    }))

  it.effect("InvalidRequest: the key is in no output", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* runScripted(Users.create({ email: canaryKey, roles: [canaryKey] }), [])
      const error = failure(exit)
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.strictEqual(requests.length, 0)
      scan(error)
    }))
})
