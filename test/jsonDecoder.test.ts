import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { parseErrorBody, validateErrorBody } from "../src/core/errorBody.js"
import { compile, invalid } from "../src/internal/jsonDecoder.js"
import { decoder } from "../src/internal/jsonDecoder.js"
import * as UsersSchema from "../src/UsersSchema.js"
import {
  agreements,
  type Case,
  compileMismatches,
  freshInput,
  layout,
  requiredKeys,
  sharedWithInput
} from "./scenarios/jsonDecoder.js"

const viaSchema = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.decodeUnknownEither(schema, { onExcessProperty: "preserve" })

/**
 * Same outcome, and on success the same keys in the same order at every level; the compiled decoder
 * itself fails exactly where Schema fails (and Schema then describes the failure).
 */
const assertSame = <A, I>(schema: Schema.Schema<A, I>, input: unknown) => {
  const expected = viaSchema(schema)(input)
  const actual = decoder(schema)(input)
  assert.strictEqual(actual._tag, expected._tag, JSON.stringify(input))
  if (Either.isRight(expected) && Either.isRight(actual)) {
    assert.deepStrictEqual(actual.right, expected.right)
    assert.strictEqual(JSON.stringify(actual.right), JSON.stringify(expected.right))
    assert.deepStrictEqual(layout(actual.right), layout(expected.right))
  }
  if (Either.isLeft(expected) && Either.isLeft(actual)) {
    assert.strictEqual(actual.left.message, expected.left.message)
  }
  const decode = compile(schema.ast)
  if (decode !== undefined) {
    assert.strictEqual(decode(input) === invalid, Either.isLeft(expected), JSON.stringify(input))
  }
}

const assertCase = ({ input, schema: name }: Case) => {
  const schema: Schema.Schema.AnyNoContext = UsersSchema[name]
  assertSame(schema, input)
}

describe("compiled JSON decoders", () => {
  it("compile the response schemas and refuse what they cannot reproduce", () => {
    // a default value (a transformation) and filters are left to Schema
    assert.deepStrictEqual(compileMismatches((name) => compile(UsersSchema[name].ast) !== undefined), [])
  })

  for (const { name, run } of agreements(fc, assertCase)) it(name, run)

  it("agree with Schema on absent required keys that accept undefined", () => {
    const schema = Schema.Struct({
      a: Schema.Unknown,
      b: Schema.UndefinedOr(Schema.String),
      c: Schema.optionalWith(Schema.Array(Schema.Unknown), { exact: true })
    })
    assert.isDefined(compile(schema.ast))
    for (const text of requiredKeys.cases) assertSame(schema, JSON.parse(text))
    assertSame(schema, { a: undefined, b: undefined })
  })

  it("return fresh objects and arrays, as Schema does", () => {
    const output = decoder(UsersSchema.ListUsersResponse)(freshInput)
    assert.deepStrictEqual(Either.map(output, sharedWithInput), Either.right([]))
  })
})

describe("the core's error body validation", () => {
  const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.array(fc.nat()))
  const bodies = fc.oneof(
    fc.record(
      {
        message: field,
        message_key: field,
        type: field,
        line: field,
        column: field,
        trace_id: field,
        error_id: field,
        query_id: field,
        internal_errors: field,
        virtual_instance_rrn: field,
        extra: field
      },
      { requiredKeys: [] }
    ),
    fc.jsonValue()
  )

  it("accepts exactly what UsersSchema.ErrorBody accepts, keeping the same fields", () => {
    fc.assert(
      fc.property(bodies, (input) => {
        const text = JSON.stringify(input)
        const json: unknown = JSON.parse(text)
        const expected = Schema.decodeUnknownEither(UsersSchema.ErrorBody)(json)
        assert.strictEqual(validateErrorBody(json) !== undefined, Either.isRight(expected), text)
        // what an error carries: the body's own fields, as the schema keeps them
        const { body } = parseErrorBody(text, "")
        assert.strictEqual(body !== undefined, Either.isRight(expected), text)
        if (body !== undefined && Either.isRight(expected)) assert.deepStrictEqual({ ...body }, { ...expected.right })
      }),
      { numRuns: 2000 }
    )
  })
})
