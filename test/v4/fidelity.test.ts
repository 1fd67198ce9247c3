/**
 * The Effect 4 edition against Rockset's published OpenAPI definition (test/scenarios/fidelity.ts; its Effect 3
 * counterpart is test/Fidelity.test.ts): every schema field by field, the error model, the operation and
 * status tables.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as UsersSchema from "../../src/v4/UsersSchema.js"
import { errorModelDifferences, fixture, operationDifferences, schemaDifferences, spec } from "../scenarios/fidelity.js"

const edition = {
  name: "Effect 4",
  schemas: UsersSchema as unknown as Readonly<Record<string, unknown>>,
  decodes: (schema: unknown, value: unknown) =>
    Result.isSuccess(Schema.decodeUnknownResult(schema as Schema.Decoder<unknown>)(value)),
  // a struct with a rest (StructWithRest) holds its fields in its `schema`
  fieldsOf: (schema: unknown) => {
    const struct = schema as { readonly fields?: object; readonly schema?: { readonly fields: object } }
    return Object.keys(struct.fields ?? struct.schema?.fields ?? {})
  }
}

describe(`fidelity to the spec (${fixture.source} at ${fixture.commit.slice(0, 7)}), Effect 4`, () => {
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
