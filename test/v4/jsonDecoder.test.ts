/**
 * The JSON fast path of the Effect 4 edition, on the cases and generators of test/scenarios/jsonDecoder.ts
 * (the same as the Effect 3 runner's): the compiled decoder, with its fallback, returns exactly what
 * `Schema.decodeUnknownResult` returns, and fails exactly where it fails.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import fc from "fast-check"
import { compile, decoder, invalid } from "../../src/v4/internal/jsonDecoder.js"
import * as UsersSchema from "../../src/v4/UsersSchema.js"
import {
  agreements,
  anyJson,
  type Case,
  compileMismatches,
  edgeBodies,
  freshInput,
  layout,
  person,
  personEnvelopes,
  requiredKeys,
  runs,
  seed,
  sharedWithInput
} from "../scenarios/jsonDecoder.js"

/**
 * Same outcome as Schema's: on success deep-equal values with the same keys in the same order and the same
 * classes at every level, on failure Schema's own issue; and the compiled decoder itself returns `invalid`
 * exactly where Schema fails.
 */
const assertSame = <S extends Schema.Decoder<unknown>>(schema: S, input: unknown) => {
  const expected = Schema.decodeUnknownResult(schema)(input)
  const actual = decoder(schema)(input)
  const text = JSON.stringify(input)
  assert.strictEqual(actual._tag, expected._tag, text)
  if (Result.isSuccess(expected) && Result.isSuccess(actual)) {
    assert.deepStrictEqual(actual.success, expected.success, text)
    assert.deepStrictEqual(layout(actual.success), layout(expected.success), text)
  }
  if (Result.isFailure(expected) && Result.isFailure(actual)) {
    assert.strictEqual(String(actual.failure), String(expected.failure), text)
  }
  const decode = compile(schema.ast)
  if (decode !== undefined) assert.strictEqual(decode(input) === invalid, Result.isFailure(expected), text)
}

const assertCase = ({ input, schema }: Case) => assertSame(UsersSchema[schema], input)

class Person extends Schema.Class<Person>(person.identifier)({
  name: Schema.String,
  age: Schema.optional(Schema.Number),
  tags: Schema.optionalKey(Schema.Array(Schema.String))
}) {
  get greeting() {
    return `hello ${this.name}`
  }
}
const People = Schema.Struct({ data: Schema.Array(Person), one: Schema.optional(Schema.NullOr(Person)) })

describe("compiled JSON decoders", () => {
  it("compile the response schemas and refuse what they cannot reproduce", () => {
    // a default value (a transformation) and filters are left to Schema
    assert.deepStrictEqual(compileMismatches((name) => compile(UsersSchema[name].ast) !== undefined), [])
    assert.isDefined(compile(People.ast))
  })

  for (const { name, run } of agreements(fc, assertCase)) it(name, run)

  it("agree with Schema on absent required keys that accept undefined", () => {
    const schema = Schema.Struct({
      a: Schema.Unknown,
      b: Schema.UndefinedOr(Schema.String),
      c: Schema.optionalKey(Schema.Array(Schema.Unknown))
    })
    assert.isDefined(compile(schema.ast))
    for (const text of requiredKeys.cases) assertSame(schema, JSON.parse(text))
    assertSame(schema, { a: undefined, b: undefined })
  })

  it("build the instances of a Schema.Class as Schema does", () => {
    for (const text of person.cases) assertSame(People, JSON.parse(text))
    const output = decoder(People)(JSON.parse(person.cases[0]))
    assert.isTrue(Result.isSuccess(output))
    if (Result.isSuccess(output)) {
      assert.instanceOf(output.success.data[0], Person)
      assert.strictEqual(output.success.data[0]?.greeting, "hello Ada")
    }
    fc.assert(fc.property(personEnvelopes(fc), (value) => assertSame(People, value)), {
      numRuns: runs.classLike,
      seed
    })
  })

  it("leave to Schema what they cannot reproduce, and agree with it on what they compile", () => {
    const Tagged = Schema.Union([
      Schema.Struct({ _tag: Schema.Literal("a") }),
      Schema.Struct({ _tag: Schema.Literal("b"), n: Schema.Number })
    ])
    const refused = [
      Tagged,
      Schema.Union([Schema.String, Schema.Number], { mode: "oneOf" }),
      Schema.String.check(Schema.isMinLength(1)),
      Schema.Struct({ a: Schema.Array(Schema.Number).check(Schema.isMinLength(1)) }),
      Schema.Struct({}),
      Schema.Tuple([Schema.String]),
      Schema.Record(Schema.String.check(Schema.isMinLength(2)), Schema.Number),
      Schema.Union([Schema.Array(Schema.String), Schema.Struct({ a: Schema.String })]),
      Schema.Union([Schema.Unknown, Schema.Struct({ a: Schema.String })])
    ]
    for (const schema of refused) assert.isUndefined(compile(schema.ast), String(schema.ast))
    const accepted = [
      Schema.Union([Schema.String, Schema.Null, Schema.Literal(1), Schema.Struct({ a: Schema.Boolean })]),
      Schema.Union([Schema.Unknown, Schema.String]),
      Schema.Record(Schema.String, Schema.NullOr(Schema.Number)),
      // a transformation that maps a present value
      Schema.Struct({
        s: Schema.String.pipe(
          Schema.decodeTo(
            Schema.String,
            SchemaTransformation.transform({ decode: (s) => s.toUpperCase(), encode: (s) => s })
          )
        )
      }),
      Schema.Struct({ a: Schema.optionalKey(Schema.String) }),
      Schema.Array(Schema.Union([Schema.Boolean, Schema.Array(Schema.Number)]))
    ]
    for (const schema of accepted) assert.isDefined(compile(schema.ast), String(schema.ast))
    fc.assert(
      fc.property(anyJson(fc), (value) => {
        for (const schema of [...refused, ...accepted]) {
          assertSame(schema, value)
          assertSame(schema, { a: value, s: value })
          assertSame(schema, [value])
        }
      }),
      { numRuns: runs.anyJson, seed }
    )
    for (const schema of [...refused, ...accepted]) {
      edgeBodies.forEach((text) => assertSame(schema, JSON.parse(text)))
    }
  })

  it("return fresh objects and arrays, as Schema does", () => {
    const output = decoder(UsersSchema.ListUsersResponse)(freshInput)
    assert.deepStrictEqual(Result.map(output, sharedWithInput), Result.succeed([]))
  })
})
