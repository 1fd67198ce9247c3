import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Net from "node:net"
import { ApiKey } from "../../src/ApiKey.js"
import * as ApiServer from "../../src/ApiServer.js"
import { Emulator, Fault } from "../../src/emulator/index.js"
import * as Policy from "../../src/Policy.js"
import type * as RocksetError from "../../src/RocksetError.js"
import * as Users from "../../src/Users.js"
import { clients, tamper } from "./helpers.js"

const once = Policy.withPolicy(Policy.noRetry)
const quick = Policy.withPolicy(Policy.make({ maxAttempts: 1, attemptTimeout: "300 millis" }))

const failure = <A, R>(self: Effect.Effect<A, RocksetError.RocksetError, R>) => Effect.flip(once(self))

/** A loopback port nothing listens on (it was free a moment ago). */
const closedPort = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as Net.AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

const statusOf = (error: RocksetError.RocksetError): number | undefined => "status" in error ? error.status : undefined

for (const client of clients) {
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>, options: Emulator.Options = { rateLimits: false }) =>
    self.pipe(Effect.provide(Emulator.layerClient(options)), Effect.provide(client.layer))

  describe(`each status the emulator produces is the right typed error, through ${client.name}`, () => {
    it.scopedLive("400 BadRequest: a body that is not JSON, or an invalid email", () =>
      provide(Effect.gen(function*() {
        const notJson = yield* failure(
          Users.create({ email: "ada@example.com", roles: ["member"] }).pipe(
            tamper(HttpClientRequest.bodyText("{\"email\":", "application/json"))
          )
        )
        assert.strictEqual(notJson._tag, "BadRequest")
        assert.strictEqual(statusOf(notJson), 400)
        const badEmail = yield* failure(
          Users.create({ email: "ada@example.com", roles: ["member"] }).pipe(
            tamper(HttpClientRequest.bodyText("{\"email\":\"nope\",\"roles\":[\"member\"]}", "application/json"))
          )
        )
        assert.strictEqual(badEmail._tag, "BadRequest")
        if (badEmail._tag === "BadRequest") assert.strictEqual(badEmail.body?.type, "INVALIDINPUT")
      })))

    it.scopedLive("401 Unauthorized: unknown, malformed or missing key", () =>
      provide(Effect.gen(function*() {
        const unknown = yield* failure(Users.list().pipe(Effect.provideService(ApiKey, Redacted.make("not-a-key"))))
        assert.strictEqual(unknown._tag, "Unauthorized")
        if (unknown._tag === "Unauthorized") {
          assert.strictEqual(unknown.body?.type, "AUTHEXCEPTION")
          assert.match(unknown.body?.trace_id ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
        }
        const malformed = yield* failure(
          Users.list().pipe(tamper(HttpClientRequest.setHeader("authorization", "Bearer abc")))
        )
        assert.strictEqual(malformed._tag, "Unauthorized")
        const missing = yield* failure(
          Users.list().pipe(tamper((request) =>
            HttpClientRequest.make(request.method)(request.url, {
              headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== "authorization"))
            })
          ))
        )
        assert.strictEqual(missing._tag, "Unauthorized")
      })))

    it.scopedLive("403 Forbidden: a member creates, updates or deletes", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const memberKey = yield* emulator.addUser({ email: "member@example.com", roles: ["member", "read-only"] })
        const asMember = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.provideService(self, ApiKey, memberKey)
        for (
          const attempt of [
            Users.create({ email: "x@example.com", roles: ["member"] }),
            Users.update("member@example.com", { roles: ["admin"] }),
            Users.deleteUser("admin@example.com")
          ]
        ) {
          const error = yield* failure(asMember(attempt))
          assert.strictEqual(error._tag, "Forbidden")
        }
        assert.strictEqual((yield* emulator.users).length, 2, "nothing changed")
      })))

    it.scopedLive("404 NotFound, 405 MethodNotAllowed, 406 NotAcceptable, 409 Conflict, 415 UnsupportedMediaType", () =>
      provide(Effect.gen(function*() {
        const notFound = yield* failure(Users.get("ghost@example.com"))
        assert.strictEqual(notFound._tag, "NotFound")
        if (notFound._tag === "NotFound") assert.include(notFound.body?.message ?? "", "ghost@example.com")

        const notAllowed = yield* failure(
          Users.get("admin@example.com").pipe(tamper(HttpClientRequest.setMethod("PUT")))
        )
        assert.strictEqual(notAllowed._tag, "MethodNotAllowed")

        const notAcceptable = yield* failure(Users.list().pipe(tamper(HttpClientRequest.accept("text/html"))))
        assert.strictEqual(notAcceptable._tag, "NotAcceptable")

        yield* Users.create({ email: "taken@example.com", roles: ["member"] })
        const conflict = yield* failure(Users.create({ email: "TAKEN@example.com", roles: ["member"] }))
        assert.strictEqual(conflict._tag, "Conflict")

        const unsupported = yield* failure(
          Users.create({ email: "ada@example.com", roles: ["member"] }).pipe(
            tamper(HttpClientRequest.bodyText("email=ada@example.com", "application/x-www-form-urlencoded"))
          )
        )
        assert.strictEqual(unsupported._tag, "UnsupportedMediaType")
      })))

    it.scopedLive("429 ResourceExceeded with the Retry-After the emulator sent", () =>
      provide(
        Effect.gen(function*() {
          yield* Users.create({ email: "one@example.com", roles: ["member"] })
          const limited = yield* failure(Users.create({ email: "two@example.com", roles: ["member"] }))
          assert.strictEqual(limited._tag, "ResourceExceeded")
          if (limited._tag === "ResourceExceeded") {
            assert.strictEqual(limited.body?.type, "RATELIMITEXCEEDED")
            const retryAfter = Duration.toSeconds(limited.retryAfter ?? Duration.zero)
            assert.isTrue(retryAfter >= 59 && retryAfter <= 60, `Retry-After ${retryAfter}s`)
          }
          yield* Users.list()
        }),
        { rateLimits: { create: 1 } }
      ))

    it.scopedLive("injected statuses: 408, 500, 501, 502 (HTML), 503 (Retry-After), 504 and an empty body", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const cases = [
          [Fault.status(408), "RequestTimeout"],
          [Fault.status(500), "InternalError"],
          [Fault.status(501), "NotImplemented"],
          [Fault.status(502, { body: "html" }), "BadGateway"],
          [Fault.status(503, { retryAfter: 7 }), "NotReady"],
          [Fault.status(504, { body: "empty" }), "UnexpectedStatus"],
          [Fault.status(418, { type: "TEAPOT", message: "short and stout" }), "UnexpectedStatus"]
        ] as const
        for (const [action, tag] of cases) {
          yield* emulator.faults.add({ operation: "list", action })
          const error = yield* failure(Users.list())
          assert.strictEqual(error._tag, tag)
          if (action.kind === "status") assert.strictEqual(statusOf(error), action.status)
        }
        const log = (yield* emulator.requests).map((record) => record.status)
        assert.deepStrictEqual(log, [408, 500, 501, 502, 503, 504, 418])
      })))

    it.scopedLive("injected faults seen through the client: redirect, reset, malformed or mis-shaped JSON", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({ operation: "list", action: Fault.redirect("http://127.0.0.1:9", { status: 302 }) })
        const redirected = yield* failure(Users.list())
        assert.strictEqual(redirected._tag, "UnexpectedStatus")
        assert.strictEqual(statusOf(redirected), 302)

        yield* emulator.faults.add({ operation: "list", action: Fault.reset() })
        assert.strictEqual((yield* failure(Users.list()))._tag, "Transport")

        yield* emulator.faults.add({ operation: "list", action: Fault.malformedJson() })
        const malformed = yield* failure(Users.list())
        assert.strictEqual(malformed._tag === "Decode" && malformed.reason, "InvalidJson")

        yield* emulator.faults.add({ operation: "get", action: Fault.wrongShape() })
        const misShaped = yield* failure(Users.get("admin@example.com"))
        assert.strictEqual(misShaped._tag === "Decode" && misShaped.reason, "UnexpectedShape")

        yield* emulator.faults.add({ operation: "list", action: Fault.partialBody("reset") })
        assert.strictEqual((yield* failure(Users.list()))._tag, "Transport")
      })))

    it.scopedLive("stalls and slow bodies hit the attempt timeout; a quick drip still succeeds", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({ operation: "list", action: Fault.stall() })
        const stalled = yield* Effect.flip(quick(Users.list()))
        assert.strictEqual(stalled._tag === "Timeout" && stalled.scope, "attempt")

        yield* emulator.faults.add({ operation: "list", action: Fault.partialBody("stall", { bytes: 5 }) })
        assert.strictEqual((yield* Effect.flip(quick(Users.list())))._tag, "Timeout")

        yield* emulator.faults.add({ operation: "list", action: Fault.drip({ intervalMillis: 100, chunkBytes: 64 }) })
        assert.strictEqual((yield* Effect.flip(quick(Users.list())))._tag, "Timeout")

        yield* emulator.faults.add({
          operation: "getCurrentUser",
          action: Fault.drip({ intervalMillis: 20, chunkBytes: 512 })
        })
        assert.strictEqual((yield* quick(Users.getCurrentUser())).email, "admin@example.com")
      })))
  })

  describe(`the default policy against injected faults, through ${client.name}`, () => {
    it.live("a refused connection is a Transport failure that sent nothing, so even a create is repeated", () =>
      Effect.gen(function*() {
        const server = yield* ApiServer.make(`http://127.0.0.1:${yield* closedPort}`)
        let attempts = 0
        const create = (policy: Policy.Policy) =>
          Users.create({ email: "ada@example.com", roles: ["member"] }).pipe(
            Effect.updateService(HttpClient.HttpClient, HttpClient.tapRequest(() => Effect.sync(() => attempts++))),
            Policy.withPolicy(policy),
            Effect.provideService(ApiKey, Redacted.make("a-key")),
            Effect.provideService(ApiServer.ApiServer, server),
            Effect.provide(client.layer),
            Effect.flip
          )
        const refused = yield* create(Policy.noRetry)
        assert.deepStrictEqual(
          refused._tag === "Transport" && [refused.requestSent, refused.code],
          [false, "ECONNREFUSED"]
        )
        attempts = 0
        const last = yield* create(Policy.make({ maxAttempts: 3, schedule: Schedule.spaced("10 millis") }))
        assert.strictEqual(last._tag, "Transport")
        assert.strictEqual(attempts, 3, "create is repeated: nothing reached a server")
      }))

    it.scopedLive("503 twice, then success: three attempts", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({ operation: "list", times: 2, action: Fault.status(503) })
        assert.strictEqual((yield* Users.list()).length, 1)
        assert.deepStrictEqual((yield* emulator.requests).map((record) => record.status), [503, 503, 200])
      })))

    it.scopedLive("a create applied before a 500 or a reset is recovered without a duplicate", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add({ operation: "create", action: Fault.status(500, { apply: true }) })
        const first = yield* Users.create({ email: "ada@example.com", roles: ["member"] })
        assert.strictEqual(first.email, "ada@example.com")
        yield* emulator.faults.add({ operation: "create", action: Fault.reset({ apply: true }) })
        const second = yield* Users.create({ email: "bob@example.com", roles: ["member"] })
        assert.strictEqual(second.email, "bob@example.com")
        assert.deepStrictEqual((yield* emulator.users).map((user) => user.email), [
          "admin@example.com",
          "ada@example.com",
          "bob@example.com"
        ])
        const log = (yield* emulator.requests).map((record) => `${record.operation} ${record.status}`)
        assert.deepStrictEqual(log, [
          "create 500",
          "create 409",
          "get 200",
          "create null",
          "create 409",
          "get 200"
        ])
      })))
  })
}
