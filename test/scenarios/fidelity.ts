/**
 * Fidelity to Rockset's published OpenAPI definition: the spec's Users paths and schemas
 * (test/fixtures/rockset-openapi-users.yaml, an extract of rockset-go-client's `openapi/api/openapi.yaml` at
 * d394580569f2f3fe3990c1b7ab6cc39513a69fa9, 2024-04) checked field by field (name, type, required, enum)
 * against an edition's schemas, and operation by operation against the core's operation and status tables.
 *
 * Each edition's runner hands over its `UsersSchema` and how it decodes; every check answers with the
 * differences it found, described, so a failure names the schema and the field. The differences the client
 * means to have are listed in `deliberate`, each with its reason; any other is a failure. Plain TypeScript:
 * nothing here imports Effect.
 */
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import { operationNames, operations } from "../../src/core/operations.js"
import { documentedStatuses, statuses } from "../../src/core/statuses.js"
import { knownErrorTypes } from "../../src/core/wire.js"

/** Where the spec's extract is, and where it comes from. */
export const fixture = {
  path: new URL("../fixtures/rockset-openapi-users.yaml", import.meta.url),
  source: "github.com/rockset/rockset-go-client openapi/api/openapi.yaml",
  commit: "d394580569f2f3fe3990c1b7ab6cc39513a69fa9"
}

interface SpecProperty {
  readonly type?: string
  readonly $ref?: string
  readonly items?: SpecProperty
  readonly enum?: ReadonlyArray<string>
}

interface SpecSchema {
  readonly type?: string
  readonly properties: Readonly<Record<string, SpecProperty>>
  readonly required?: ReadonlyArray<string>
}

interface SpecOperation {
  readonly operationId: string
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string; readonly required?: boolean }>
  readonly requestBody?: {
    readonly required?: boolean
    readonly content: { readonly "application/json": { readonly schema: { readonly $ref: string } } }
  }
  readonly responses: Readonly<
    Record<
      string,
      { readonly content?: { readonly "application/json"?: { readonly schema?: { readonly $ref?: string } } } }
    >
  >
}

interface Spec {
  readonly paths: Readonly<Record<string, Readonly<Record<string, SpecOperation>>>>
  readonly components: { readonly schemas: Readonly<Record<string, SpecSchema>> }
}

/** The spec's extract, parsed. */
export const spec = (): Spec => parse(readFileSync(fixture.path, "utf8")) as Spec

const refName = (ref: string): string => ref.slice(ref.lastIndexOf("/") + 1)

/**
 * The schema of `UsersSchema` (named as the core's operation table names it) that describes each of the
 * spec's schemas.
 */
export const schemaOf: Readonly<Record<string, string>> = {
  User: "User",
  CreateUserRequest: "CreateUserRequest",
  UpdateUserRequest: "UpdateUserRequest",
  CreateUserResponse: "UserEnvelope",
  DeleteUserResponse: "UserEnvelope",
  ListUsersResponse: "ListUsersResponse",
  ListUnsubscribePreferencesResponse: "UnsubscribePreferencesResponse",
  UpdateUnsubscribePreferencesResponse: "UnsubscribePreferencesResponse",
  UpdateUnsubscribePreferencesRequest: "UpdateUnsubscribePreferencesRequest",
  UnsubscribePreference: "UnsubscribePreference",
  ErrorModel: "ErrorBody"
}

/** Where the client differs from the spec on purpose, and why. */
export const deliberate = {
  /** Fields a schema declares beyond the spec's. */
  extraFields: {
    // undeclared since the spec of 2021-11, sent by the live API on every user
    User: ["invite_state", "org"],
    // sent by the live API in every recorded error body, in no spec
    ErrorModel: ["message_key", "internal_errors"]
  } as Readonly<Record<string, ReadonlyArray<string>>>,
  /** Fields the spec leaves optional and the client requires: a 2xx without them has no result to return. */
  requiredByClient: {
    CreateUserResponse: ["data"],
    DeleteUserResponse: ["data"],
    ListUsersResponse: ["data"]
  } as Readonly<Record<string, ReadonlyArray<string>>>
}

/** How an edition decodes, and what its `UsersSchema` holds. */
export interface Edition {
  readonly name: string
  readonly schemas: Readonly<Record<string, unknown>>
  readonly decodes: (schema: unknown, value: unknown) => boolean
  /** The names of the fields a struct schema declares. */
  readonly fieldsOf: (schema: unknown) => ReadonlyArray<string>
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

/** The AST of a struct's field, in either major's AST (`propertySignatures` of the struct or its target). */
const fieldAst = (schema: unknown, field: string): unknown => {
  // a schema may be a class (Effect 3's are), hence a function
  let ast: unknown = isRecord(schema) || typeof schema === "function"
    ? (schema as { readonly ast?: unknown }).ast
    : undefined
  while (isRecord(ast) && !Array.isArray(ast["propertySignatures"]) && isRecord(ast["to"])) ast = ast["to"]
  const signatures = isRecord(ast) && Array.isArray(ast["propertySignatures"]) ? ast["propertySignatures"] : []
  const signature = signatures.find((candidate) => isRecord(candidate) && candidate["name"] === field)
  return isRecord(signature) ? signature["type"] : undefined
}

/** Every string literal a field's AST admits, wherever in its unions they are. */
const literalsOf = (ast: unknown, seen = new Set<unknown>()): Array<string> => {
  if (!isRecord(ast) || seen.has(ast)) return []
  seen.add(ast)
  if (ast["_tag"] === "Literal") return typeof ast["literal"] === "string" ? [ast["literal"]] : []
  const out: Array<string> = []
  for (const [key, value] of Object.entries(ast)) {
    if (key === "annotations") continue
    for (const child of Array.isArray(value) ? value : [value]) out.push(...literalsOf(child, seen))
  }
  return out
}

const sampleString = (field: string): string =>
  field === "email" ? "ada@example.com" : field === "notificationType" ? "create_apikey" : "member"

/** A value of a spec property's type, and one of another type. */
const samples = (
  components: Spec["components"],
  field: string,
  property: SpecProperty
): { readonly valid: unknown; readonly wrong: ReadonlyArray<unknown> } => {
  if (property.$ref !== undefined) return { valid: sampleObject(components, refName(property.$ref)), wrong: ["x"] }
  switch (property.type) {
    case "string":
      return { valid: property.enum?.[0] ?? sampleString(field), wrong: [7] }
    case "integer":
      return { valid: 7, wrong: ["7"] }
    case "array": {
      const item = samples(components, field, property.items ?? {})
      return { valid: [item.valid], wrong: [item.valid, ...item.wrong.map((wrong) => [wrong])] }
    }
    default:
      throw new Error(`the spec's ${field} has a type the fidelity test does not know: ${JSON.stringify(property)}`)
  }
}

/** An object of a spec schema with every property set. */
const sampleObject = (components: Spec["components"], name: string): Record<string, unknown> => {
  const schema = components.schemas[name]
  if (schema === undefined) throw new Error(`the spec has no schema ${name}`)
  const out: Record<string, unknown> = {}
  for (const [field, property] of Object.entries(schema.properties)) {
    out[field] = samples(components, field, property).valid
  }
  return out
}

const without = (value: Readonly<Record<string, unknown>>, field: string) => {
  const { [field]: _dropped, ...rest } = value
  return rest
}

/**
 * The differences between the spec's schemas and an edition's, field by field: the declared names, each
 * field's type (a value of the spec's type decodes, one of another type does not), whether it is required,
 * that a response's optional field may be `null` (as the live API sends), and each enum.
 */
export const schemaDifferences = (edition: Edition, specification: Spec = spec()): Array<string> => {
  const found: Array<string> = []
  const { components } = specification
  for (const [specName, specSchema] of Object.entries(components.schemas)) {
    const name = schemaOf[specName]
    const schema = name === undefined ? undefined : edition.schemas[name]
    const at = `${specName} (${edition.name} UsersSchema.${name ?? "?"})`
    if (schema === undefined) {
      found.push(`${at}: no schema describes it`)
      continue
    }
    const specFields = Object.keys(specSchema.properties)
    const declared = [...edition.fieldsOf(schema)].sort()
    const wanted = [...specFields, ...(deliberate.extraFields[specName] ?? [])].sort()
    for (const field of wanted) if (!declared.includes(field)) found.push(`${at}: field ${field} is not declared`)
    for (const field of declared) if (!wanted.includes(field)) found.push(`${at}: field ${field} is not in the spec`)

    const full = sampleObject(components, specName)
    if (!edition.decodes(schema, full)) found.push(`${at}: an object with every field of the spec does not decode`)
    const required = new Set([...(specSchema.required ?? []), ...(deliberate.requiredByClient[specName] ?? [])])
    const response = !specName.endsWith("Request")
    for (const [field, property] of Object.entries(specSchema.properties)) {
      const { wrong } = samples(components, field, property)
      for (const value of wrong) {
        if (edition.decodes(schema, { ...full, [field]: value })) {
          found.push(`${at}: field ${field} accepts ${JSON.stringify(value)}, not of the spec's type`)
        }
      }
      const decodesWithout = edition.decodes(schema, without(full, field))
      if (required.has(field) && decodesWithout) found.push(`${at}: field ${field} is required, yet may be absent`)
      if (!required.has(field) && !decodesWithout) found.push(`${at}: field ${field} is optional, yet required`)
      if (response && !required.has(field) && !edition.decodes(schema, { ...full, [field]: null })) {
        found.push(`${at}: field ${field} refuses null, which the live API sends`)
      }
      if (property.enum !== undefined) {
        const literals = literalsOf(fieldAst(schema, field))
        const missing = property.enum.filter((value) => !literals.includes(value))
        const extra = literals.filter((value) => !property.enum?.includes(value))
        if (missing.length > 0) found.push(`${at}: field ${field} does not know ${missing.join(", ")}`)
        if (extra.length > 0) found.push(`${at}: field ${field} knows ${extra.join(", ")}, not in the spec`)
        if (!edition.decodes(schema, { ...full, [field]: "NOT_IN_THE_SPEC" })) {
          found.push(`${at}: field ${field} refuses a value outside its enum (the set is open)`)
        }
      }
    }
  }
  return found
}

/**
 * The differences between the spec's error model and the core's: its `type` enum is the core's known set,
 * in order, and every status's injected error type is one of them.
 */
export const errorModelDifferences = (specification: Spec = spec()): Array<string> => {
  const found: Array<string> = []
  const specTypes = specification.components.schemas["ErrorModel"]?.properties["type"]?.enum ?? []
  if (JSON.stringify(specTypes) !== JSON.stringify(knownErrorTypes)) {
    const missing = specTypes.filter((type) => !(knownErrorTypes as ReadonlyArray<string>).includes(type))
    const extra = knownErrorTypes.filter((type) => !specTypes.includes(type))
    found.push(
      `core knownErrorTypes differ from the spec's ErrorModel.type enum: missing [${missing.join(", ")}], ` +
        `extra [${extra.join(", ")}]${missing.length + extra.length === 0 ? ", order differs" : ""}`
    )
  }
  for (const status of documentedStatuses) {
    const { errorType } = statuses[status]
    if (!specTypes.includes(errorType)) found.push(`status ${status}: error type ${errorType} is not in the spec`)
  }
  return found
}

/**
 * The differences between the spec's paths and the core's operation table (each operation once: method,
 * route, `{user}` parameter, request and response schemas, whether the body is unwrapped from `data`) and
 * status table (every documented status, each answering an `ErrorModel`).
 */
export const operationDifferences = (specification: Spec = spec()): Array<string> => {
  const found: Array<string> = []
  const matched = new Set<string>()
  for (const [route, methods] of Object.entries(specification.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const at = `${method.toUpperCase()} ${route} (${operation.operationId})`
      const name = operationNames.find((candidate) =>
        operations[candidate].method === method.toUpperCase() && operations[candidate].route === route
      )
      if (name === undefined) {
        found.push(`${at}: no operation of the table`)
        continue
      }
      matched.add(name)
      const entry = operations[name]
      const user = (operation.parameters ?? []).some((parameter) =>
        parameter.name === "user" && parameter.in === "path" && parameter.required === true
      )
      if (user !== entry.user) found.push(`${at}: {user} parameter ${user}, the table's ${entry.user}`)
      const body = operation.requestBody?.content["application/json"].schema.$ref
      const bodyName = body === undefined ? undefined : schemaOf[refName(body)]
      if (bodyName !== entry.body) found.push(`${at}: request body ${bodyName}, the table's ${entry.body}`)
      if (body !== undefined && operation.requestBody?.required !== true) found.push(`${at}: body not required`)
      const ok = operation.responses["200"]?.content?.["application/json"]?.schema?.$ref
      const okName = ok === undefined ? undefined : refName(ok)
      if (okName === undefined || schemaOf[okName] !== entry.response) {
        found.push(`${at}: 200 body ${okName}, the table's ${entry.response}`)
      }
      const properties = okName === undefined
        ? []
        : Object.keys(specification.components.schemas[okName]?.properties ?? {})
      const envelope = properties.length === 1 && properties[0] === "data"
      if ((entry.unwrap === "data") !== envelope) found.push(`${at}: unwrap ${entry.unwrap}, the body is ${okName}`)
      const codes = Object.keys(operation.responses).map(Number).filter((code) => code !== 200).sort((a, b) => a - b)
      if (JSON.stringify(codes) !== JSON.stringify(documentedStatuses)) {
        found.push(`${at}: statuses ${codes.join(",")}, the table's ${documentedStatuses.join(",")}`)
      }
      for (const code of codes) {
        const ref = operation.responses[String(code)]?.content?.["application/json"]?.schema?.$ref
        if (ref === undefined || refName(ref) !== "ErrorModel") found.push(`${at}: ${code} answers ${ref}`)
      }
    }
  }
  for (const name of operationNames) if (!matched.has(name)) found.push(`operation ${name}: not in the spec`)
  return found
}
