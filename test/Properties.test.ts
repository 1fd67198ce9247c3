/**
 * The properties of test/scenarios/properties.ts, run by the Effect 3 edition with fast-check (the runs are
 * test/shared/propertyRuns.ts's, which the Effect 4 edition runs too), and the schemas' round trips.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { UsersSchema } from "effect-rockset"
import {
  arbitraryResponseRuns,
  arbitraryResponses,
  createUnderFaults,
  createUnderFaultsRuns,
  hostileUsers,
  roundTripRuns,
  roundTripSchemas,
  seed,
  userValues
} from "./scenarios/properties.js"
import { arbitraryResponseRun, createUnderFaultsRun, userValueRun } from "./shared/propertyRuns.js"

describe("{user} values", () => {
  it.effect.prop(
    "any string either goes as one path segment that decodes back, or is refused before I/O",
    [hostileUsers(fc)],
    ([user]) => userValueRun(user),
    { fastCheck: { seed, numRuns: userValues.numRuns }, timeout: userValues.timeoutMillis }
  )
})

describe("arbitrary responses", () => {
  const table = arbitraryResponses

  it.effect.prop(
    "always end typed within the deadline, with at most 3 attempts",
    arbitraryResponseRuns(fc),
    ([replies, call]) => arbitraryResponseRun(replies, call),
    { fastCheck: { seed, numRuns: table.numRuns }, timeout: table.timeoutMillis }
  )
})

describe("create under random faults", () => {
  const table = createUnderFaults

  it.effect.prop(
    "never creates more than one user per call, and a success means the user exists as asked",
    createUnderFaultsRuns(fc),
    ([script, strict]) => createUnderFaultsRun(script, strict),
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
