import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Duration, Effect, FastCheck as fc, Redacted, Schema } from "effect"
import { ApiKey, Policy, Users, UsersSchema } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import { callOf, canaryKey } from "./helpers.js"
import {
  arbitraryResponseMismatches,
  arbitraryResponseRuns,
  arbitraryResponses,
  createMismatches,
  createServer,
  createUnderFaults,
  createUnderFaultsRuns,
  hostileUsers,
  roundTripRuns,
  roundTripSchemas,
  type ScriptedReply,
  seed,
  userValueMismatches,
  userValues
} from "./scenarios/properties.js"
import { drive, plainOutcome } from "./support/outcomes.js"

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

describe("{user} values", () => {
  it.effect.prop(
    "any string either goes as one path segment that decodes back, or is refused before I/O",
    [hostileUsers(fc)],
    ([user]) =>
      Effect.gen(function*() {
        const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(userValues.reply.status, userValues.reply.json)])
        const exit = yield* Users.get(user).pipe(
          Effect.provideService(HttpClient.HttpClient, scripted.client),
          Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
          Effect.exit
        )
        const paths = scripted.requests().map((request) => request.path)
        assert.deepStrictEqual(userValueMismatches(user, plainOutcome(exit), paths), [])
      }),
    { fastCheck: { seed, numRuns: userValues.numRuns }, timeout: userValues.timeoutMillis }
  )
})

describe("arbitrary responses", () => {
  const table = arbitraryResponses

  it.effect.prop(
    "always end typed within the deadline, with at most 3 attempts",
    arbitraryResponseRuns(fc),
    ([replies, call]) =>
      Effect.gen(function*() {
        const scripted = yield* ScriptedHttp.make(replies.map(scriptedReply))
        const { elapsed, exit } = yield* drive(callOf(call), scripted.client)
        assert.deepStrictEqual(
          arbitraryResponseMismatches(call, plainOutcome(exit), {
            requests: scripted.requests().length,
            elapsedMillis: elapsed,
            totalTimeoutMillis: Duration.toMillis(Policy.defaultPolicy.totalTimeout),
            inFlight: scripted.inFlight()
          }),
          []
        )
      }),
    { fastCheck: { seed, numRuns: table.numRuns }, timeout: table.timeoutMillis }
  )
})

describe("create under random faults", () => {
  const table = createUnderFaults

  it.effect.prop(
    "never creates more than one user per call, and a success means the user exists as asked",
    createUnderFaultsRuns(fc),
    ([script, strict]) =>
      Effect.gen(function*() {
        const server = createServer(script)
        const scripted = yield* ScriptedHttp.make((request) => scriptedReply(server.handle(request)))
        const policy = Policy.defaultPolicy.pipe(
          Policy.withRetryBudget(false),
          Policy.withAmbiguousCreate(strict ? "fail" : "recover")
        )
        const { exit } = yield* drive(callOf(table.call), scripted.client, policy)
        assert.deepStrictEqual(createMismatches(script, strict, plainOutcome(exit), server), [])
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
