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
import { callOf, canaryKey } from "./helpers.js"
import {
  arbitraryResponses,
  createFaults,
  createServer,
  createUnderFaults,
  maxPostsWhenStrict,
  maxRequests,
  roundTripRuns,
  roundTripSchemas,
  type ScriptedReply,
  seed,
  segmentDelimiters,
  userSegment,
  userValues
} from "./scenarios/properties.js"

const scriptedReply = (reply: ScriptedReply): ScriptedHttp.Reply => {
  switch (reply.kind) {
    case "text":
      return ScriptedHttp.text(reply.status, reply.body, reply.headers)
    case "json":
      return ScriptedHttp.json(reply.status, reply.body)
    case "transportFailure":
      return ScriptedHttp.transportFailure(reply.code)
    case "never":
      return ScriptedHttp.never
  }
}

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
    fc.string({ unit: "binary", maxLength: userValues.binaryMaxLength }),
    fc.string({ unit: fc.constantFrom(...userValues.units), maxLength: userValues.unitsMaxLength }),
    fc.constantFrom(...userValues.constants)
  )

  it.effect.prop(
    "any string either goes as one path segment that decodes back, or is refused before I/O",
    [hostile],
    ([user]) =>
      Effect.gen(function*() {
        const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(userValues.reply.status, userValues.reply.json)])
        const exit = yield* Users.get(user).pipe(
          Effect.provideService(HttpClient.HttpClient, scripted.client),
          Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
          Effect.exit
        )
        assert.isTrue(isTypedOutcome(exit))
        const requests = scripted.requests()
        if (Exit.isSuccess(exit)) {
          assert.strictEqual(requests.length, 1)
          const segment = userSegment(requests[0]!.path)
          assert.isDefined(segment)
          assert.isFalse(segmentDelimiters.test(segment ?? ""))
          assert.strictEqual(decodeURIComponent(segment ?? ""), user)
        } else {
          assert.strictEqual(requests.length, 0)
          const error = Cause.failureOption(exit.cause)
          assert.strictEqual(error._tag === "Some" && error.value._tag, userValues.refusedTag)
        }
      }),
    { fastCheck: { seed, numRuns: userValues.numRuns }, timeout: userValues.timeoutMillis }
  )
})

describe("arbitrary responses", () => {
  const table = arbitraryResponses
  const jsonish = fc.oneof(
    fc.json().map((json) => ({ body: json, type: "application/json" })),
    fc.string({ maxLength: table.textMaxLength }).map((text) => ({ body: text, type: "text/html" })),
    fc.constantFrom(...table.cutBodies)
      .chain((json) => fc.nat(json.length).map((cut) => ({ body: json.slice(0, cut), type: "application/json" }))),
    fc.constant({ body: table.misShapedList, type: "application/json" })
  )
  const retryAfter = fc.oneof(
    fc.constant(undefined),
    fc.nat(table.retryAfter.maxSeconds).map(String),
    fc.string({ maxLength: table.retryAfter.stringMaxLength }),
    fc.date({
      min: new Date(table.retryAfter.dates.min),
      max: new Date(table.retryAfter.dates.max),
      noInvalidDate: true
    }).map((d) => d.toUTCString())
  )
  const reply = fc.record({ status: fc.integer(table.status), content: jsonish, retryAfter }).map(
    ({ content, retryAfter, status }): ScriptedReply => ({
      kind: "text",
      status,
      body: content.body,
      headers: { "content-type": content.type, ...(retryAfter === undefined ? {} : { "retry-after": retryAfter }) }
    })
  )
  const fault = fc.oneof(
    { weight: table.weights.reply, arbitrary: reply },
    {
      weight: table.weights.transportFailure,
      arbitrary: fc.constantFrom(...table.transportCodes).map((code): ScriptedReply => ({
        kind: "transportFailure",
        code
      }))
    },
    { weight: table.weights.never, arbitrary: fc.constant<ScriptedReply>({ kind: "never" }) }
  )

  it.effect.prop(
    "always end typed within the deadline, with at most 3 attempts",
    [fc.array(fault, table.script), fc.constantFrom(...table.calls)],
    ([replies, call]) =>
      Effect.gen(function*() {
        const scripted = yield* ScriptedHttp.make(replies.map(scriptedReply))
        const { elapsed, exit } = yield* drive(callOf(call), scripted.client)
        assert.isTrue(isTypedOutcome(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
        assert.isAtMost(scripted.requests().length, maxRequests(call))
        assert.isAtMost(elapsed, Duration.toMillis(Policy.defaultPolicy.totalTimeout))
        assert.strictEqual(scripted.inFlight(), 0)
      }),
    { fastCheck: { seed, numRuns: table.numRuns }, timeout: table.timeoutMillis }
  )
})

describe("create under random faults", () => {
  const table = createUnderFaults
  const faults = fc.array(fc.constantFrom(...createFaults), table.script)

  it.effect.prop(
    "never creates more than one user per call, and a success means the user exists as asked",
    [faults, fc.boolean()],
    ([script, strict]) =>
      Effect.gen(function*() {
        const server = createServer(script)
        const scripted = yield* ScriptedHttp.make((request) => scriptedReply(server.handle(request)))
        const policy = Policy.defaultPolicy.pipe(
          Policy.withRetryBudget(false),
          Policy.withAmbiguousCreate(strict ? "fail" : "recover")
        )
        const { exit } = yield* drive(callOf(table.call), scripted.client, policy)
        assert.isTrue(isTypedOutcome(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
        assert.isAtMost(server.ledger.size, table.maxUsers)
        assert.isAtMost(server.posts(), table.maxPosts)
        if (Exit.isSuccess(exit)) {
          assert.deepStrictEqual(server.ledger.get(table.email)?.roles, [...table.roles])
        }
        if (strict) {
          const most = maxPostsWhenStrict(script)
          if (most !== undefined) assert.isAtMost(server.posts(), most)
        }
      }),
    { fastCheck: { seed, numRuns: table.numRuns }, timeout: table.timeoutMillis }
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
    }, { fastCheck: { seed, numRuns: roundTripRuns } })

  // the undeclared keys are `unknown`, which JSON cannot always carry: the declared fields are checked
  const schemas = {
    User: Schema.Struct({ ...UsersSchema.User.fields }),
    CreateUserRequest: UsersSchema.CreateUserRequest,
    UpdateUserRequest: UsersSchema.UpdateUserRequest,
    UpdateUnsubscribePreferencesRequest: UsersSchema.UpdateUnsubscribePreferencesRequest,
    ErrorBody: Schema.Struct({ ...UsersSchema.ErrorBody.fields, internal_errors: Schema.optional(Schema.Null) })
  } satisfies Record<(typeof roundTripSchemas)[number], unknown>
  for (const name of roundTripSchemas) roundTrip(name, schemas[name] as Schema.Schema<unknown, unknown>)
})
