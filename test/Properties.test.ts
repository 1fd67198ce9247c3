import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import {
  Arbitrary,
  Cause,
  Duration,
  Effect,
  Exit,
  FastCheck as fc,
  Fiber,
  Random,
  Redacted,
  Schema,
  TestClock
} from "effect"
import { ApiKey, Policy, RocksetError, Users, UsersSchema } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import { createdUser, errorBody } from "./fixtures/live.js"
import { canaryKey } from "./helpers.js"

// Fixed seeds: a failure prints its seed and path, and the same run reproduces it.
const seed = 20261128

/** Runs `effect` on `client` in a fiber, moving the TestClock until it ends; returns the exit and virtual time. */
const drive = <A, E>(
  effect: Effect.Effect<A, E, HttpClient.HttpClient | ApiKey.ApiKey>,
  client: HttpClient.HttpClient,
  policy: Policy.Policy = Policy.defaultPolicy.pipe(Policy.withRetryBudget(false))
) =>
  Effect.gen(function*() {
    const fiber = yield* effect.pipe(
      Policy.withPolicy(policy),
      Effect.provideService(HttpClient.HttpClient, client),
      Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
      Effect.withRandom(Random.make(seed)),
      Effect.exit,
      Effect.timed,
      Effect.fork
    )
    yield* TestClock.adjust("5 minutes")
    const [elapsed, exit] = yield* Fiber.join(fiber)
    return { exit, elapsed: Duration.toMillis(elapsed) }
  })

const isTypedOutcome = <A, E>(exit: Exit.Exit<A, E>) =>
  Exit.isSuccess(exit) || (Cause.isFailType(exit.cause) && RocksetError.isRocksetError(exit.cause.error))

describe("{user} values", () => {
  const hostile = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom(".", "/", "%", "2", "e", "E", "f", "?", "#", "\\", " ", "\r", "\n", "@", "+", "s", "S"),
      maxLength: 8
    }),
    fc.constantFrom("", ".", "..", "self", "Self", "\ud800", "\udfff", "%2e%2e", ".%2E", "a/../b")
  )

  it.effect.prop(
    "any string either goes as one path segment that decodes back, or is refused before I/O",
    [hostile],
    ([user]) =>
      Effect.gen(function*() {
        const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(200, createdUser)])
        const exit = yield* Users.get(user).pipe(
          Effect.provideService(HttpClient.HttpClient, scripted.client),
          Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
          Effect.exit
        )
        assert.isTrue(isTypedOutcome(exit))
        const requests = scripted.requests()
        if (Exit.isSuccess(exit)) {
          assert.strictEqual(requests.length, 1)
          const path = requests[0]!.path
          const prefix = "/v1/orgs/self/users/"
          assert.isTrue(path.startsWith(prefix))
          const segment = path.slice(prefix.length)
          assert.isFalse(/[/?#]/.test(segment))
          assert.strictEqual(decodeURIComponent(segment), user)
        } else {
          assert.strictEqual(requests.length, 0)
          const error = Cause.failureOption(exit.cause)
          assert.strictEqual(error._tag === "Some" && error.value._tag, "InvalidRequest")
        }
      }),
    { fastCheck: { seed, numRuns: 2000 }, timeout: 90_000 }
  )
})

describe("arbitrary responses", () => {
  const jsonish = fc.oneof(
    fc.json().map((json) => ({ body: json, type: "application/json" })),
    fc.string({ maxLength: 60 }).map((text) => ({ body: text, type: "text/html" })),
    fc.constantFrom(
      JSON.stringify(createdUser),
      JSON.stringify({ data: [createdUser] }),
      JSON.stringify(errorBody("X", "y"))
    )
      .chain((json) => fc.nat(json.length).map((cut) => ({ body: json.slice(0, cut), type: "application/json" }))),
    fc.constant({ body: JSON.stringify({ data: [createdUser, { email: 42 }] }), type: "application/json" })
  )
  const retryAfter = fc.oneof(
    fc.constant(undefined),
    fc.nat(120).map(String),
    fc.string({ maxLength: 12 }),
    fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) =>
      d.toUTCString()
    )
  )
  const reply = fc.record({ status: fc.integer({ min: 200, max: 599 }), content: jsonish, retryAfter }).map(
    ({ content, retryAfter, status }): ScriptedHttp.Reply =>
      ScriptedHttp.text(status, content.body, {
        "content-type": content.type,
        ...(retryAfter === undefined ? {} : { "retry-after": retryAfter })
      })
  )
  const fault = fc.oneof(
    { weight: 6, arbitrary: reply },
    {
      weight: 1,
      arbitrary: fc.constantFrom("ECONNRESET", "ECONNREFUSED", "EPIPE").map((code) =>
        ScriptedHttp.transportFailure(code)
      )
    },
    { weight: 1, arbitrary: fc.constant(ScriptedHttp.never) }
  )

  it.effect.prop(
    "always end typed within the deadline, with at most 3 attempts",
    [fc.array(fault, { minLength: 1, maxLength: 5 }), fc.constantFrom("list", "get", "create", "delete")],
    ([replies, operation]) =>
      Effect.gen(function*() {
        const scripted = yield* ScriptedHttp.make(replies)
        const effect: Effect.Effect<unknown, RocksetError.RocksetError, Users.Requirements> = operation === "list"
          ? Users.list()
          : operation === "get"
          ? Users.get("ada@example.com")
          : operation === "create"
          ? Users.create({ email: "ada@example.com", roles: ["member"] })
          : Users.deleteUser("ada@example.com")
        const { elapsed, exit } = yield* drive(effect, scripted.client)
        assert.isTrue(isTypedOutcome(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
        // create's conflict recovery may add a lookup after the 3 attempts, itself a read of up to 3 attempts
        assert.isAtMost(scripted.requests().length, operation === "create" ? 6 : 3)
        assert.isAtMost(elapsed, Duration.toMillis(Policy.defaultPolicy.totalTimeout))
        assert.strictEqual(scripted.inFlight(), 0)
      }),
    { fastCheck: { seed, numRuns: 500 }, timeout: 90_000 }
  )
})

describe("create under random faults", () => {
  type Fault = "ok" | "refused" | "reset-before" | "reset-after-apply" | "timeout-after-apply" | "503" | "429" | "500"
  const faults = fc.array(
    fc.constantFrom<Fault>(
      "ok",
      "refused",
      "reset-before",
      "reset-after-apply",
      "timeout-after-apply",
      "503",
      "429",
      "500"
    ),
    { minLength: 1, maxLength: 5 }
  )

  it.effect.prop(
    "never creates more than one user per call, and a success means the user exists as asked",
    [faults, fc.boolean()],
    ([script, strict]) =>
      Effect.gen(function*() {
        const ledger = new Map<string, { readonly email: string; readonly roles: ReadonlyArray<string> }>()
        let posts = 0
        const scripted = yield* ScriptedHttp.make((request) => {
          if (request.method === "GET") {
            const user = ledger.get(decodeURIComponent(request.path.split("/").pop()!).toLowerCase())
            return user === undefined
              ? ScriptedHttp.json(404, errorBody("NOTFOUND", "User not found"))
              : ScriptedHttp.json(200, { ...createdUser, ...user })
          }
          const fault = script[Math.min(posts++, script.length - 1)]!
          const body = JSON.parse(request.body ?? "{}") as { email: string; roles: Array<string> }
          const email = body.email.toLowerCase()
          const apply = () => {
            if (ledger.has(email)) return false
            ledger.set(email, { email, roles: body.roles })
            return true
          }
          switch (fault) {
            case "refused":
              return ScriptedHttp.transportFailure("ECONNREFUSED")
            case "reset-before":
              return ScriptedHttp.transportFailure("ECONNRESET")
            case "reset-after-apply":
              apply()
              return ScriptedHttp.transportFailure("ECONNRESET")
            case "timeout-after-apply":
              apply()
              return ScriptedHttp.never
            case "503":
            case "429":
              return ScriptedHttp.json(Number(fault), errorBody("X", "busy"))
            case "500":
              return ScriptedHttp.json(500, errorBody("INTERNALERROR", "oops"))
            case "ok":
              return apply()
                ? ScriptedHttp.json(200, { data: { ...createdUser, email, roles: body.roles } })
                : ScriptedHttp.json(409, errorBody("ALREADYEXISTS", "User already exists"))
          }
        })
        const policy = Policy.defaultPolicy.pipe(
          Policy.withRetryBudget(false),
          Policy.withAmbiguousCreate(strict ? "fail" : "recover")
        )
        const { exit } = yield* drive(
          Users.create({ email: "Ada@Example.com", roles: ["member"] }),
          scripted.client,
          policy
        )
        assert.isTrue(isTypedOutcome(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
        assert.isAtMost(ledger.size, 1)
        assert.isAtMost(posts, 3)
        if (Exit.isSuccess(exit)) {
          assert.deepStrictEqual(ledger.get("ada@example.com")?.roles, ["member"])
        }
        if (strict) {
          // with "fail", no POST follows one whose outcome is unknown
          const firstAmbiguous = script.findIndex((fault) => fault !== "refused" && fault !== "503" && fault !== "429")
          if (firstAmbiguous >= 0) assert.isAtMost(posts, firstAmbiguous + 1)
        }
      }),
    { fastCheck: { seed, numRuns: 500 }, timeout: 90_000 }
  )
})

describe("schemas decode what they encode", () => {
  const roundTrip = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
    it.prop(`${name}`, [Arbitrary.make(schema)], ([value]) => {
      const encoded = Schema.encodeSync(schema)(value)
      assert.deepStrictEqual(Schema.decodeUnknownSync(schema)(encoded), value)
      // and through JSON, which drops keys whose value is undefined
      const json = (u: unknown) => JSON.parse(JSON.stringify(u))
      assert.deepStrictEqual(json(Schema.decodeUnknownSync(schema)(json(encoded))), json(value))
    }, { fastCheck: { seed, numRuns: 500 } })

  // the undeclared keys are `unknown`, which JSON cannot always carry: the declared fields are checked
  roundTrip("User", Schema.Struct({ ...UsersSchema.User.fields }))
  roundTrip("CreateUserRequest", UsersSchema.CreateUserRequest)
  roundTrip("UpdateUserRequest", UsersSchema.UpdateUserRequest)
  roundTrip("UpdateUnsubscribePreferencesRequest", UsersSchema.UpdateUnsubscribePreferencesRequest)
  roundTrip(
    "ErrorBody",
    Schema.Struct({ ...UsersSchema.ErrorBody.fields, internal_errors: Schema.optional(Schema.Null) })
  )
})
