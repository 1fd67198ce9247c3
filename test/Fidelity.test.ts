/**
 * The Effect 3 edition against Rockset's published OpenAPI definition (test/scenarios/fidelity.ts; its Effect 4
 * counterpart is test/v4/fidelity.test.ts): every schema field by field, the error model, the operation and
 * status tables.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as UsersSchema from "../src/v3/UsersSchema.js"
import { errorModelDifferences, fixture, operationDifferences, schemaDifferences, spec } from "./scenarios/fidelity.js"

const edition = {
  name: "Effect 3",
  schemas: UsersSchema as unknown as Readonly<Record<string, unknown>>,
  decodes: (schema: unknown, value: unknown) =>
    Either.isRight(Schema.decodeUnknownEither(schema as Schema.Schema.AnyNoContext)(value)),
  fieldsOf: (schema: unknown) => Object.keys((schema as { readonly fields: object }).fields)
}

describe(`fidelity to the spec (${fixture.source} at ${fixture.commit.slice(0, 7)}), Effect 3`, () => {
  it("the extract holds the eight Users operations and the schemas they reference", () => {
    const { components, paths } = spec()
    assert.strictEqual(Object.values(paths).flatMap((methods) => Object.keys(methods)).length, 8)
    assert.includeMembers(Object.keys(components.schemas), ["User", "ErrorModel", "CreateUserRequest"])
  })

  it("every schema, field by field: name, type, required, null where the live API sends it, enum", () => {
    assert.deepStrictEqual(schemaDifferences(edition), [])
  })

  it("the error model: the core's known error types are the spec's 25, in its order; unknown ones decode", () => {
    assert.deepStrictEqual(errorModelDifferences(), [])
    assert.deepStrictEqual(
      UsersSchema.knownErrorTypes,
      spec().components.schemas["ErrorModel"]?.properties["type"]?.enum
    )
    assert.strictEqual(Schema.decodeUnknownSync(UsersSchema.ErrorBody)({ type: "SOMETHING_NEW" }).type, "SOMETHING_NEW")
    const body = Schema.decodeUnknownSync(UsersSchema.ErrorBody)({ virtual_instance_rrn: "rrn:vi:use1a1:1" })
    assert.strictEqual(body.virtual_instance_rrn, "rrn:vi:use1a1:1")
  })

  it("the operation and status tables of the core", () => {
    assert.deepStrictEqual(operationDifferences(), [])
  })
})
