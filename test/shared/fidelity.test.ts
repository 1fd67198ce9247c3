/**
 * Each edition against Rockset's published OpenAPI definition (test/scenarios/fidelity.ts): every schema field
 * by field, the error model, the operation and status tables.
 */
import { assert, describe, it } from "@effect/vitest"
import { major, schemaProbe } from "@test/edition"
import { UsersSchema } from "effect-rockset"
import * as Schema from "effect/Schema"
import { errorModelDifferences, fixture, operationDifferences, schemaDifferences, spec } from "../scenarios/fidelity.js"

const edition = {
  name: `Effect ${major}`,
  schemas: UsersSchema as unknown as Readonly<Record<string, unknown>>,
  ...schemaProbe
}

describe(`fidelity to the spec (${fixture.source} at ${fixture.commit.slice(0, 7)}), Effect ${major}`, () => {
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
