import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { parseErrorBody, validateErrorBody } from "../src/core/errorBody.js"
import { compile } from "../src/internal/jsonDecoder.js"
import { schemaDecoder } from "../src/internal/response.js"
import * as UsersSchema from "../src/UsersSchema.js"
import { createdUser } from "./fixtures/live.js"

const viaSchema = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.decodeUnknownEither(schema, { onExcessProperty: "preserve" })

/** Same outcome, and on success the same keys in the same order at every level. */
const assertSame = <A, I>(schema: Schema.Schema<A, I>, input: unknown) => {
  const expected = viaSchema(schema)(input)
  const actual = schemaDecoder(schema)(input)
  assert.strictEqual(actual._tag, expected._tag, JSON.stringify(input))
  if (Either.isRight(expected) && Either.isRight(actual)) {
    assert.deepStrictEqual(actual.right, expected.right)
    assert.strictEqual(JSON.stringify(actual.right), JSON.stringify(expected.right))
  }
  if (Either.isLeft(expected) && Either.isLeft(actual)) {
    assert.strictEqual(actual.left.message, expected.left.message)
  }
}

const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constant(["x"]) }
  )

const userLike = fc.record(
  {
    email: field(fc.emailAddress()),
    created_at: field(fc.constant("2023-08-23T18:58:26Z")),
    first_name: field(fc.string()),
    last_name: field(fc.string()),
    roles: field(fc.array(fc.oneof({ weight: 9, arbitrary: fc.string() }, { weight: 1, arbitrary: fc.integer() }))),
    state: field(fc.constantFrom("NEW", "ACTIVE")),
    invite_state: field(fc.constantFrom("PENDING", "ACCEPTED")),
    org: field(fc.string()),
    phone_number: fc.constant(null),
    org_memberships: fc.jsonValue({ maxDepth: 2 }),
    country: fc.option(fc.string())
  },
  { requiredKeys: [] }
).chain((user) =>
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }).map((extra) => ({ ...extra, ...user }))
)

describe("compiled JSON decoders", () => {
  it("compile the response schemas and refuse what they cannot reproduce", () => {
    assert.isDefined(compile(UsersSchema.User.ast))
    assert.isDefined(compile(UsersSchema.UserEnvelope.ast))
    assert.isDefined(compile(UsersSchema.ListUsersResponse.ast))
    assert.isDefined(compile(UsersSchema.ErrorBody.ast))
    // a default value (a transformation) and filters are left to Schema
    assert.isUndefined(compile(UsersSchema.UnsubscribePreferencesResponse.ast))
    assert.isUndefined(compile(UsersSchema.CreateUserRequest.ast))
  })

  it("decode a recorded-shape user exactly as Schema does, undeclared keys after declared ones", () => {
    const user = createdUser
    assertSame(UsersSchema.User, user)
    assertSame(UsersSchema.UserEnvelope, { data: user })
    assertSame(UsersSchema.ListUsersResponse, { data: [user, { email: "b@example.com" }] })
    assertSame(UsersSchema.ListUsersResponse, { next: "cursor", data: [] })
  })

  it("agree with Schema on user-like values", () => {
    fc.assert(
      fc.property(userLike, (user) => {
        assertSame(UsersSchema.User, user)
        assertSame(UsersSchema.UserEnvelope, { data: user })
        assertSame(UsersSchema.ListUsersResponse, { data: [user, user] })
      }),
      { numRuns: 500 }
    )
  })

  it("agree with Schema on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        assertSame(UsersSchema.User, value)
        assertSame(UsersSchema.ListUsersResponse, value)
        assertSame(UsersSchema.ListUsersResponse, { data: [value] })
        assertSame(UsersSchema.ErrorBody, value)
      }),
      { numRuns: 500 }
    )
  })

  it("return fresh objects and arrays, as Schema does", () => {
    const input = { data: [{ email: "a@example.com", roles: ["member"] }] }
    const output = schemaDecoder(UsersSchema.ListUsersResponse)(input)
    assert.isTrue(Either.isRight(output))
    if (Either.isRight(output)) {
      assert.notStrictEqual(output.right.data, input.data)
      assert.notStrictEqual(output.right.data[0], input.data[0])
      assert.notStrictEqual(output.right.data[0]?.roles, input.data[0]?.roles)
    }
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
