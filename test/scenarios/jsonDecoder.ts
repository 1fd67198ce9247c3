/**
 * The JSON fast path's cases, run by each edition against its own Schema: which response schemas compile,
 * recorded-shape bodies, edge bodies (as JSON text, so `__proto__` is an own key), and the generators of
 * valid and invalid bodies of each response shape, as functions of the runner's own fast-check. What must
 * hold: the compiled decoder (with its fallback) returns what the edition's Schema decoding returns, the
 * same values with the same keys in the same order and the same classes, and fails exactly where Schema
 * fails. Fixed seed: a failure prints its seed and path, and the same run reproduces it.
 */
import type * as FastCheckModule from "fast-check"
import { createdUser, currentUser, deletedUser, errorBody } from "../fixtures/live.js"
import type * as Properties from "./properties.js"

export const seed = 20261202

/** The response schemas, by their `UsersSchema` names. */
export const responseSchemas = [
  "User",
  "UserEnvelope",
  "ListUsersResponse",
  "UnsubscribePreference",
  "UnsubscribePreferencesResponse",
  "ErrorBody"
] as const
export type ResponseSchema = (typeof responseSchemas)[number]

/** Which schemas compile, and which are left to Schema (a default value, a transformation, filters). */
export const compiled = {
  compile: ["User", "UserEnvelope", "ListUsersResponse", "UnsubscribePreference", "ErrorBody"],
  leftToSchema: ["UnsubscribePreferencesResponse", "CreateUserRequest", "UpdateUserRequest", "Email"]
} as const
export type CompiledName = (typeof compiled)[keyof typeof compiled][number]

/** The names {@link compiled} misplaces, by whether the edition's compiler `compiles` each schema. */
export const compileMismatches = (compiles: (name: CompiledName) => boolean): ReadonlyArray<string> => [
  ...compiled.compile.filter((name) => !compiles(name)).map((name) => `${name} does not compile`),
  ...compiled.leftToSchema.filter(compiles).map((name) => `${name} compiles`)
]

/** A body to decode with a schema. */
export interface Case {
  readonly schema: ResponseSchema
  readonly input: unknown
}

/** Recorded-shape bodies: undeclared keys come after declared ones. */
export const recordedCases: ReadonlyArray<Case> = [
  { schema: "User", input: createdUser },
  { schema: "User", input: currentUser },
  { schema: "User", input: deletedUser },
  { schema: "UserEnvelope", input: { data: createdUser } },
  { schema: "ListUsersResponse", input: { data: [createdUser, { email: "b@example.com" }] } },
  { schema: "ListUsersResponse", input: { next: "cursor", data: [] } },
  { schema: "UnsubscribePreference", input: { notificationType: "create_apikey", extra: [1] } },
  { schema: "UnsubscribePreferencesResponse", input: { data: null } },
  { schema: "ErrorBody", input: errorBody("NOTFOUND", "User not found") }
]

/** A body whose decoded objects and arrays must be fresh ones, not the input's. */
export const freshInput = { data: [{ email: "a@example.com", roles: ["member"] }] }

/** What of the output of {@link freshInput} is the input's own object or array instead of a fresh one. */
export const sharedWithInput = (output: { readonly data: ReadonlyArray<{ readonly roles?: unknown }> }) =>
  [
    output.data === freshInput.data && "data",
    output.data[0] === freshInput.data[0] && "data[0]",
    output.data[0]?.roles === freshInput.data[0]?.roles && "data[0].roles"
  ].filter((path) => path !== false)

/**
 * Edge bodies as JSON text: own `__proto__` keys, keys named like `Object.prototype`'s, integer keys (which
 * objects order first), absent and mistyped required keys, empty and nested shapes.
 */
export const edgeBodies: ReadonlyArray<string> = [
  `{"email":"a@example.com","__proto__":{"polluted":true}}`,
  `{"email":"a@example.com","__proto__":1,"roles":["x"]}`,
  `{"data":[{"email":"a@example.com","__proto__":null}]}`,
  `{"email":"a@example.com","constructor":"x","toString":1,"hasOwnProperty":null}`,
  `{"constructor":"x","toString":1}`,
  `{"2":"b","email":"a@example.com","1":"a","first_name":"Ada"}`,
  `{"email":"a@example.com","roles":[]}`,
  `{"email":"a@example.com","roles":[null]}`,
  `{"email":null}`,
  `{"email":1}`,
  `{}`,
  `[]`,
  `null`,
  `"a@example.com"`,
  `{"data":null}`,
  `{"data":{}}`,
  `{"data":[[]]}`,
  `{"data":[{"notificationType":"create_apikey"},{"notificationType":1}]}`,
  `{"notificationType":"create_apikey","__proto__":{"a":1}}`,
  `{"message":"m","line":1.5,"column":-0,"internal_errors":{"a":[1]}}`,
  `{"message":"m","line":"1"}`
]

/** Every case of the edge bodies: each body against each response schema. */
export const edgeCases = (): ReadonlyArray<Case> =>
  edgeBodies.flatMap((text) => responseSchemas.map((schema) => ({ schema, input: JSON.parse(text) as unknown })))

/** Bodies of a shape made from a user-like value. */
export const userShapes = (user: unknown): ReadonlyArray<Case> => [
  { schema: "User", input: user },
  { schema: "UserEnvelope", input: { data: user } },
  { schema: "ListUsersResponse", input: { data: [user, user] } },
  { schema: "ListUsersResponse", input: { data: [createdUser, user], next: null } }
]

/** Bodies of every shape made from any JSON value. */
export const anyShapes = (value: unknown): ReadonlyArray<Case> => [
  ...responseSchemas.map((schema) => ({ schema, input: value })),
  { schema: "UserEnvelope", input: { data: value } },
  { schema: "ListUsersResponse", input: { data: [value] } },
  { schema: "UnsubscribePreferencesResponse", input: { data: [value] } }
]

/** Bodies made from a preference-like value. */
export const preferenceShapes = (preference: unknown): ReadonlyArray<Case> => [
  { schema: "UnsubscribePreference", input: preference },
  { schema: "UnsubscribePreferencesResponse", input: { data: [preference] } }
]

/** Bodies made from an error-body-like value. */
export const errorShapes = (body: unknown): ReadonlyArray<Case> => [{ schema: "ErrorBody", input: body }]

export const runs = { userLike: 500, anyJson: 500, preferenceLike: 300, errorLike: 300, classLike: 300 } as const

/** The fast-check module a runner passes in (each edition resolves its own copy). */
export type FastCheck =
  & Properties.FastCheck
  & Pick<
    typeof FastCheckModule,
    "assert" | "dictionary" | "double" | "emailAddress" | "jsonValue" | "option" | "property"
  >

/** A field's value: mostly a valid one, else `null`, a number, or an array. */
const field = (fc: FastCheck, valid: FastCheckModule.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constant(["x"]) }
  )

/** Undeclared keys, with `__proto__` and keys of `Object.prototype` among them. */
const extraKeys = (fc: FastCheck) =>
  fc.dictionary(
    fc.oneof({ weight: 4, arbitrary: fc.string() }, {
      weight: 1,
      arbitrary: fc.constantFrom("__proto__", "constructor", "toString", "0", "17")
    }),
    fc.jsonValue({ maxDepth: 1 }),
    { maxKeys: 3 }
  )

/** Keeps an own `__proto__` key an own key, as `JSON.parse` makes it. */
const asParsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? "null")

/** User-like values: every field present, absent or mistyped, and undeclared keys. */
export const userLike = (fc: FastCheck): FastCheckModule.Arbitrary<unknown> =>
  fc.record(
    {
      email: field(fc, fc.emailAddress()),
      created_at: field(fc, fc.constant("2023-08-23T18:58:26Z")),
      first_name: field(fc, fc.string()),
      last_name: field(fc, fc.string()),
      roles: field(
        fc,
        fc.array(fc.oneof({ weight: 9, arbitrary: fc.string() }, { weight: 1, arbitrary: fc.integer() }))
      ),
      state: field(fc, fc.constantFrom("NEW", "ACTIVE")),
      invite_state: field(fc, fc.constantFrom("PENDING", "ACCEPTED")),
      org: field(fc, fc.string()),
      phone_number: fc.constant(null),
      org_memberships: fc.jsonValue({ maxDepth: 2 }),
      country: fc.option(fc.string())
    },
    { requiredKeys: [] }
  ).chain((user) => extraKeys(fc).map((extra) => asParsed({ ...extra, ...user })))

/** Preference-like values. */
export const preferenceLike = (fc: FastCheck): FastCheckModule.Arbitrary<unknown> =>
  fc.record({ notificationType: field(fc, fc.constantFrom("create_apikey", "")) }, { requiredKeys: [] })
    .chain((preference) => extraKeys(fc).map((extra) => asParsed({ ...extra, ...preference })))

/** Error-body-like values. */
export const errorLike = (fc: FastCheck): FastCheckModule.Arbitrary<unknown> => {
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constant(null),
    fc.constant([1])
  )
  return fc.record(
    {
      message: value,
      message_key: value,
      type: value,
      line: value,
      column: value,
      trace_id: value,
      error_id: value,
      query_id: value,
      internal_errors: fc.jsonValue({ maxDepth: 2 }),
      virtual_instance_rrn: value
    },
    { requiredKeys: [] }
  ).chain((body) => extraKeys(fc).map((extra) => asParsed({ ...extra, ...body })))
}

/** Any JSON value, as `JSON.parse` gives it. */
export const anyJson = (fc: FastCheck): FastCheckModule.Arbitrary<unknown> =>
  fc.jsonValue({ maxDepth: 3 }).map(asParsed)

/**
 * The agreements, each a test of the runner's: the tables, each of whose cases agrees with Schema
 * (`assertCase` throws where it does not), and the properties: for arbitrary values of a generator, every
 * body made of it agrees with Schema.
 */
export const agreements = (
  fc: FastCheck,
  assertCase: (testCase: Case) => void
): ReadonlyArray<{ readonly name: string; readonly run: () => void }> => {
  const table = (name: string, cases: ReadonlyArray<Case>) => ({ name, run: () => cases.forEach(assertCase) })
  const property = (
    name: string,
    arbitrary: FastCheckModule.Arbitrary<unknown>,
    shapes: (value: unknown) => ReadonlyArray<Case>,
    numRuns: number
  ) => ({
    name,
    run: () => fc.assert(fc.property(arbitrary, (value) => shapes(value).forEach(assertCase)), { numRuns, seed })
  })
  return [
    table("decode recorded-shape bodies exactly as Schema does, undeclared keys after declared ones", recordedCases),
    table("agree with Schema on edge bodies", edgeCases()),
    property("agree with Schema on user-like values", userLike(fc), userShapes, runs.userLike),
    property("agree with Schema on any JSON value", anyJson(fc), anyShapes, runs.anyJson),
    property("agree with Schema on preference-like values", preferenceLike(fc), preferenceShapes, runs.preferenceLike),
    property("agree with Schema on error-body-like values", errorLike(fc), errorShapes, runs.errorLike)
  ]
}

/**
 * A struct of required keys that accept `undefined` (`a: Unknown`, `b: string | undefined`, `c: unknown[]`),
 * where the editions' Schemas differ on an absent key: each runner builds it and its own Schema decides.
 */
export const requiredKeys = {
  cases: [`{}`, `{"a":1}`, `{"b":"x"}`, `{"a":null,"b":"x"}`, `{"a":[],"b":1}`, `{"a":1,"c":[null,{}]}`, `{"c":1}`]
} as const

/**
 * A class of the Effect 4 edition's own (`Schema.Class`): its fields as plain descriptions the runner builds
 * the class from, and values of its envelope `{ data: Person[], one?: Person | null }`.
 */
export const person = {
  identifier: "Person",
  fields: { name: "string", age: "optional number", tags: "optional array of string" },
  cases: [
    `{"data":[{"name":"Ada"},{"name":"Grace","age":85,"tags":["navy"]}],"one":null}`,
    `{"data":[],"one":{"name":"Ada","extra":1}}`,
    `{"data":[{"name":"Ada","__proto__":{"age":1}}]}`,
    `{"data":[{"age":1}]}`,
    `{"data":[{"name":1}]}`,
    `{"data":[{"name":"Ada","age":"1"}]}`,
    `{"data":{"name":"Ada"}}`,
    `{"one":{"name":"Ada"}}`
  ]
} as const

/** Person-like values, in envelopes. */
export const personEnvelopes = (fc: FastCheck): FastCheckModule.Arbitrary<unknown> => {
  const personLike = fc.record({
    name: field(fc, fc.string()),
    age: field(fc, fc.integer()),
    tags: field(fc, fc.array(fc.string(), { maxLength: 2 }))
  }, { requiredKeys: [] }).chain((value) => extraKeys(fc).map((extra) => ({ ...extra, ...value })))
  return fc.record({
    data: fc.oneof({ weight: 9, arbitrary: fc.array(personLike, { maxLength: 3 }) }, {
      weight: 1,
      arbitrary: personLike
    }),
    one: fc.oneof(personLike, fc.constant(null), fc.integer())
  }, { requiredKeys: [] }).map(asParsed)
}

/**
 * A value as a plain description of what deep equality does not see: the keys in their order, and each
 * object's class (its constructor's name; `null` for a null prototype); `-0` stays apart from `0`.
 */
export const layout = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(layout)
  if (typeof value === "number" && Object.is(value, -0)) return "-0"
  if (typeof value !== "object" || value === null) return value
  const prototype: unknown = Object.getPrototypeOf(value)
  const className = prototype === null ? null : (prototype as { constructor?: { name?: string } }).constructor?.name
  return {
    class: className,
    keys: Object.keys(value).map((key) => [key, layout((value as Record<string, unknown>)[key])])
  }
}
