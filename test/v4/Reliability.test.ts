import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Redacted, Schedule } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { inspect } from "node:util"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as Policy from "../../src/v4/Policy.js"
import type * as RocksetError from "../../src/v4/RocksetError.js"
import * as ScriptedHttp from "../../src/v4/testing/ScriptedHttp.js"
import * as Users from "../../src/v4/Users.js"
import { canaryKey } from "../scenarios/secrets.js"

const user = { email: "ada@example.com", roles: ["member"], state: "NEW", first_name: null }
const notReady = (headers: Record<string, string> = {}) =>
  ScriptedHttp.json(503, { message: "not ready", type: "NOT_READY" }, headers)

/** Runs `self` on a scripted client, and hands back its outcome and the requests it sent. */
const scripted = <A>(
  replies: Parameters<typeof ScriptedHttp.make>[0],
  self: Effect.Effect<A, RocksetError.RocksetError, Users.Requirements>,
  advance: ReadonlyArray<Duration.Input> = ["1 minute"]
) =>
  Effect.gen(function*() {
    const http = yield* ScriptedHttp.ScriptedHttp
    const fiber = yield* Effect.forkChild(Effect.result(self))
    for (const step of advance) yield* TestClock.adjust(step)
    const result = yield* Fiber.join(fiber)
    return { result, requests: http.requests(), inFlight: http.inFlight() }
  }).pipe(
    Effect.provideService(ApiKey, Redacted.make(canaryKey)),
    Effect.provide(ScriptedHttp.layer(replies))
  )

const failureOf = <A, E>(
  result: { readonly _tag: "Success"; readonly success: A } | {
    readonly _tag: "Failure"
    readonly failure: E
  }
): E => {
  if (result._tag === "Success") throw new Error("expected a failure")
  return result.failure
}

describe("the Effect 4 call loop, under TestClock", () => {
  it.effect("Retry-After is a floor: the retry waits for it, then succeeds", () =>
    Effect.gen(function*() {
      const http = yield* ScriptedHttp.ScriptedHttp
      const fiber = yield* Effect.forkChild(Users.get("ada@example.com"))
      yield* TestClock.adjust("1999 millis")
      assert.strictEqual(http.requests().length, 1, "no retry before Retry-After")
      yield* TestClock.adjust("1 millis")
      const found = yield* Fiber.join(fiber)
      assert.strictEqual(found.email, "ada@example.com")
      assert.strictEqual(http.requests().length, 2)
    }).pipe(
      Effect.provideService(ApiKey, Redacted.make(canaryKey)),
      Effect.provide(ScriptedHttp.layer([notReady({ "retry-after": "2" }), ScriptedHttp.json(200, user)]))
    ))

  it.effect("a transient failure is attempted maxAttempts times, then returned", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* scripted([notReady()], Users.list())
      assert.strictEqual(failureOf(result)._tag, "NotReady")
      assert.strictEqual(requests.length, 3)
      const five = yield* scripted([notReady()], Users.list().pipe(Policy.withPolicy(Policy.make({ maxAttempts: 5 }))))
      assert.strictEqual(five.requests.length, 5)
    }))

  it.effect("a failure that is not transient is never retried", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* scripted(
        [ScriptedHttp.json(404, { message: "no", type: "NOTFOUND" })],
        Users.get("ghost@example.com")
      )
      assert.strictEqual(failureOf(result)._tag, "NotFound")
      assert.strictEqual(requests.length, 1)
    }))

  it.effect("an attempt that hangs ends at the attempt's limit, interrupted; a read is then retried", () =>
    Effect.gen(function*() {
      const policy = Policy.withPolicy(Policy.make({ attemptTimeout: "1 second" }))
      const retried = yield* scripted([ScriptedHttp.never, ScriptedHttp.json(200, user)], policy(Users.get("a@b.co")))
      assert.strictEqual(retried.result._tag, "Success")
      assert.strictEqual(retried.requests.length, 2)
      assert.strictEqual(retried.inFlight, 0, "the hung request was interrupted")

      const once = Policy.withPolicy(Policy.make({ attemptTimeout: "1 second", maxAttempts: 1 }))
      const timedOut = yield* scripted([ScriptedHttp.never], once(Users.get("a@b.co")), ["1 second"])
      const error = failureOf(timedOut.result)
      assert.strictEqual(error._tag, "Timeout")
      if (error._tag === "Timeout") assert.strictEqual(error.scope, "attempt")
      assert.strictEqual(timedOut.inFlight, 0)
    }))

  it.effect("the total deadline bounds the call: no attempt outlives it, none starts after it", () =>
    Effect.gen(function*() {
      const policy = Policy.withPolicy(
        Policy.make({ attemptTimeout: "10 seconds", totalTimeout: "3 seconds", maxAttempts: 5 })
      )
      const { requests, result } = yield* scripted([ScriptedHttp.never], policy(Users.list()), ["3 seconds"])
      const error = failureOf(result)
      assert.strictEqual(error._tag, "Timeout")
      if (error._tag === "Timeout") {
        assert.strictEqual(error.scope, "total")
        assert.strictEqual(error.message.includes("3 seconds") || error.message.includes("3s"), true, error.message)
      }
      assert.strictEqual(requests.length, 1)
    }))

  it.effect("a call that runs out of its total time names the total, not what was left for its last attempt", () =>
    Effect.gen(function*() {
      const policy = Policy.withPolicy(
        Policy.make({
          attemptTimeout: "1 second",
          totalTimeout: "2500 millis",
          maxAttempts: 5,
          schedule: Schedule.spaced("100 millis")
        })
      )
      const { requests, result } = yield* scripted([ScriptedHttp.never], policy(Users.list()), ["2500 millis"])
      const error = failureOf(result)
      assert.strictEqual(error._tag, "Timeout")
      if (error._tag === "Timeout") {
        assert.strictEqual(error.scope, "total")
        assert.strictEqual(Duration.toMillis(error.after), 2500)
        assert.include(error.message, Duration.format(Duration.millis(2500)))
      }
      assert.strictEqual(requests.length, 3, "attempts at 0, 1.1 s and 2.2 s; the third has 300 ms left")
    }))

  it.effect("an ambiguous create is repeated, and a 409 on the repeat returns the user it created: one user", () =>
    Effect.gen(function*() {
      const created = new Set<string>()
      const server = (request: ScriptedHttp.Recorded): ScriptedHttp.Reply => {
        if (request.method === "POST") {
          const email = (JSON.parse(request.body ?? "{}") as { email: string }).email
          if (!created.has(email)) {
            created.add(email)
            return ScriptedHttp.never // created, but the answer never comes
          }
          return ScriptedHttp.json(409, { message: "exists", type: "ALREADYEXISTS" })
        }
        return ScriptedHttp.json(200, user)
      }
      const policy = Policy.withPolicy(Policy.make({ attemptTimeout: "1 second" }))
      const { requests, result } = yield* scripted(
        server,
        policy(Users.create({ email: "ada@example.com", roles: ["member"] }))
      )
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(created.size, 1)
      assert.deepStrictEqual(requests.map((request) => request.method), ["POST", "POST", "GET"])

      created.clear()
      const strict = Policy.withPolicy(Policy.make({ attemptTimeout: "1 second", ambiguousCreate: "fail" }))
      const failed = yield* scripted(server, strict(Users.create({ email: "ada@example.com", roles: ["member"] })))
      assert.strictEqual(failureOf(failed.result)._tag, "Timeout")
      assert.strictEqual(failed.requests.length, 1)
    }))

  it.effect("a create that meets 409 on its first attempt is a Conflict, never a lookup", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* scripted(
        [ScriptedHttp.json(409, { message: "exists", type: "ALREADYEXISTS" })],
        Users.create({ email: "ada@example.com", roles: ["member"] })
      )
      assert.strictEqual(failureOf(result)._tag, "Conflict")
      assert.strictEqual(requests.length, 1)
    }))

  it.effect("a create that may have been applied with no 409 after it keeps failing as it failed", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* scripted(
        [ScriptedHttp.json(500, { message: "boom", type: "INTERNALERROR" })],
        Users.create({ email: "ada@example.com", roles: ["member"] })
      )
      assert.strictEqual(failureOf(result)._tag, "InternalError")
      assert.strictEqual(requests.length, 3)
    }))
})

describe("the API key never leaks (Effect 4)", () => {
  const echoes: ReadonlyArray<ScriptedHttp.Reply> = [
    ScriptedHttp.json(401, { message: `bad key ${canaryKey}`, type: "AUTHEXCEPTION" }),
    ScriptedHttp.text(502, `<html>proxy saw ApiKey ${canaryKey}</html>`),
    ScriptedHttp.transportFailure("ECONNRESET", `socket hang up with ${canaryKey}`),
    ScriptedHttp.text(200, `{"email": "${canaryKey}`)
  ]
  for (const reply of echoes) {
    it.effect(`not in an error's message, JSON or inspection: ${reply._tag} ${"status" in reply ? reply.status : ""}`, () =>
      Effect.gen(function*() {
        const { requests, result } = yield* scripted([reply], Users.list().pipe(Policy.withPolicy(Policy.noRetry)))
        const error = failureOf(result)
        assert.strictEqual(requests[0]?.headers["authorization"], `ApiKey ${canaryKey}`, "the key was sent")
        for (const shown of [error.message, JSON.stringify(error), inspect(error, { depth: 10 }), String(error)]) {
          assert.notInclude(shown, canaryKey)
        }
      }))
  }
})

describe("input is refused before any I/O (Effect 4)", () => {
  it.effect("unknown fields, bad emails, bad users: InvalidRequest naming the field, no email echoed, no request", () =>
    Effect.gen(function*() {
      const http = yield* ScriptedHttp.ScriptedHttp
      const unknownField = yield* Effect.flip(
        Users.create({ email: "ada@example.com", roles: ["member"], phone: "1" } as never)
      )
      assert.strictEqual(unknownField._tag, "InvalidRequest")
      if (unknownField._tag === "InvalidRequest") {
        assert.strictEqual(unknownField.field, "phone")
        assert.strictEqual(unknownField.reason, "is not a field of this request")
      }
      const badEmail = yield* Effect.flip(Users.create({ email: "not an email", roles: ["member"] }))
      assert.strictEqual(badEmail._tag, "InvalidRequest")
      assert.notInclude(badEmail.message, "not an email")
      assert.include(badEmail.message, "a domain with a dot")
      const missing = yield* Effect.flip(Users.create({ email: "ada@example.com" } as never))
      if (missing._tag === "InvalidRequest") assert.strictEqual(missing.reason, "is required")
      assert.strictEqual(missing._tag, "InvalidRequest")
      const noRoles = yield* Effect.flip(Users.update("ada@example.com", { roles: [] }))
      assert.strictEqual(noRoles._tag, "InvalidRequest")
      for (const bad of ["", ".", "..", "self", "\uD800"]) {
        const error = yield* Effect.flip(Users.get(bad))
        assert.strictEqual(error._tag, "InvalidRequest")
        if (error._tag === "InvalidRequest") assert.strictEqual(error.field, "user")
      }
      const wrongType = yield* Effect.flip(Users.deleteUser(42 as never))
      assert.strictEqual(wrongType._tag, "InvalidRequest")
      const secretEmail = yield* Effect.flip(
        Users.updateUnsubscribePreferences({ data: [{ notificationType: 7 as never }], x: "ada@example.com" } as never)
      )
      assert.notInclude(JSON.stringify(secretEmail), "ada@example.com")
      assert.strictEqual(http.requests().length, 0)
    }).pipe(
      Effect.provideService(ApiKey, Redacted.make(canaryKey)),
      Effect.provide(ScriptedHttp.layer([ScriptedHttp.json(200, user)]))
    ))
})

describe("ScriptedHttp (Effect 4)", () => {
  it.effect("records each operation's method, encoded path, headers and body", () =>
    Effect.gen(function*() {
      const http = yield* ScriptedHttp.ScriptedHttp
      yield* Effect.result(Users.create({ email: "a/b?c@example.com", roles: ["member"] }))
      yield* Effect.result(Users.get("a/b?c@example.com"))
      yield* Effect.result(Users.update("a/b?c@example.com", { roles: ["admin"] }))
      yield* Effect.result(Users.deleteUser("a/b?c@example.com"))
      yield* Effect.result(Users.getCurrentUser())
      yield* Effect.result(Users.list())
      yield* Effect.result(Users.listUnsubscribePreferences())
      yield* Effect.result(Users.updateUnsubscribePreferences({}))
      const sent = http.requests().map((request) => [request.method, request.path, request.body])
      assert.deepStrictEqual(sent, [
        ["POST", "/v1/orgs/self/users", JSON.stringify({ email: "a/b?c@example.com", roles: ["member"] })],
        ["GET", "/v1/orgs/self/users/a%2Fb%3Fc%40example.com", undefined],
        ["POST", "/v1/orgs/self/users/a%2Fb%3Fc%40example.com", JSON.stringify({ roles: ["admin"] })],
        ["DELETE", "/v1/orgs/self/users/a%2Fb%3Fc%40example.com", undefined],
        ["GET", "/v1/orgs/self/users/self", undefined],
        ["GET", "/v1/orgs/self/users", undefined],
        ["GET", "/v1/orgs/self/users/self/preferences", undefined],
        ["POST", "/v1/orgs/self/users/self/preferences", "{}"]
      ])
      const [create, get] = http.requests()
      assert.strictEqual(create?.headers["content-type"], "application/json")
      assert.strictEqual(get?.headers["content-type"], undefined)
      assert.strictEqual(get?.headers["accept"], "application/json")
      assert.match(get?.headers["user-agent"] ?? "", /^effect-rockset\//)
      assert.strictEqual(get?.url.startsWith("https://api.usw2a1.rockset.com/"), true)
    }).pipe(
      Effect.provideService(ApiKey, Redacted.make("k")),
      Effect.provide(ScriptedHttp.layer([ScriptedHttp.json(200, { data: user, ...user })]))
    ))

  it.effect("a body that is not the documented shape is a Decode error, with no email in its detail", () =>
    Effect.gen(function*() {
      const shape = yield* scripted([ScriptedHttp.json(200, { data: [{ mail: "ada@example.com" }] })], Users.list())
      const error = failureOf(shape.result)
      assert.strictEqual(error._tag, "Decode")
      if (error._tag === "Decode") {
        assert.strictEqual(error.reason, "UnexpectedShape")
        assert.include(error.detail, "data.0.email")
        assert.notInclude(error.detail, "ada@example.com")
      }
      const json = failureOf((yield* scripted([ScriptedHttp.text(200, "")], Users.list())).result)
      assert.strictEqual(json._tag === "Decode" ? json.reason : json._tag, "InvalidJson")
    }))

  it.effect("undeclared keys of a user are kept", () =>
    Effect.gen(function*() {
      const { result } = yield* scripted(
        [ScriptedHttp.json(200, { ...user, country: "UK", org_memberships: [{ org: "o" }] })],
        Users.get("ada@example.com")
      )
      assert.strictEqual(result._tag, "Success")
      if (result._tag === "Success") {
        assert.strictEqual(result.success["country"], "UK")
        assert.deepStrictEqual(result.success["org_memberships"], [{ org: "o" }])
      }
    }))
})
