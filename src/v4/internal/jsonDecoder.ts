import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import {
  any,
  type Decode,
  decoderOf,
  invalid,
  keyword,
  literal,
  type ObjectRules,
  type Plan
} from "../../core/jsonDecoder.js"
import type { Decoder } from "./request.js"

export { type Decode, invalid }

/** Schema 4's: a key is there when `in` says so (own only for `__proto__`), undeclared keys are dropped. */
const rules: ObjectRules = {
  hasKey: (record, key) => key === "__proto__" ? Object.hasOwn(record, key) : key in record,
  assign: (output, key, value) => {
    if (key === "__proto__") {
      Object.defineProperty(output, key, { value, writable: true, enumerable: true, configurable: true })
    } else {
      output[key] = value
    }
  },
  absentRequired: "invalid",
  undeclared: "drop"
}

/** The parse options Schema decodes with when given none. */
const parseOptions: SchemaAST.ParseOptions = {}

const hasChecks = (ast: SchemaAST.AST): boolean =>
  ast.checks !== undefined || ("encodingChecks" in ast && ast.encodingChecks !== undefined)

/** A declaration's own parser on a present value: its value when it succeeds at once, else `invalid`. */
const declarationStep = (ast: SchemaAST.Declaration): Decode => {
  let run: ReturnType<SchemaAST.Declaration["run"]> | undefined
  return (input) => {
    try {
      const exit: unknown = (run ??= ast.run(ast.typeParameters))(input, ast, parseOptions)
      return Exit.isExit(exit) && Exit.isSuccess(exit) ? exit.value : invalid
    } catch {
      // Schema's decode dies the same way, and reports it
      return invalid
    }
  }
}

/** A decoding transformation that maps a present value (`Transform`) or keeps it (`Passthrough`). */
const transformationStep = (link: SchemaAST.Link): Decode | "passthrough" | undefined => {
  const transformation = link.transformation
  if (transformation._tag !== "Transformation") return undefined
  const getter = transformation.decode
  if (getter._tag === "Passthrough") return "passthrough"
  if (getter._tag !== "Transform") return undefined
  const transform = getter.transform as (input: unknown) => unknown
  return (input) => {
    try {
      return transform(input)
    } catch {
      return invalid
    }
  }
}

const then = (from: Plan, step: Decode | "passthrough"): Plan =>
  step === "passthrough" ? from : { _tag: "Then", from, then: step }

/**
 * A node with an encoding: the last link's target decoded, then each link's transformation and the next
 * target, up to the node's own parser — the order Schema runs them in.
 */
const planOfEncoded = (ast: SchemaAST.AST, encoding: SchemaAST.Encoding): Plan | undefined => {
  let plan = planOf(encoding[encoding.length - 1]!.to)
  for (let i = encoding.length - 1; i >= 0 && plan !== undefined; i--) {
    const step = transformationStep(encoding[i]!)
    if (step === undefined) return undefined
    plan = then(plan, step)
    if (i > 0) {
      const next = planOf(encoding[i - 1]!.to)
      if (next === undefined) return undefined
      const decode = decoderOf(next)
      if (decode === undefined) return undefined
      plan = { _tag: "Then", from: plan, then: decode }
    }
  }
  if (plan === undefined) return undefined
  const local = planOfNode(ast)
  if (local === undefined) return undefined
  const decodeLocal = decoderOf(local)
  return decodeLocal === undefined ? undefined : { _tag: "Then", from: plan, then: decodeLocal }
}

const planOfObjects = (ast: SchemaAST.Objects): Plan | undefined => {
  // an empty struct only refuses null and undefined, and overlaps primitives in a union
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return undefined
  const properties: Array<{ name: string; optional: boolean; plan: Plan }> = []
  for (const signature of ast.propertySignatures) {
    if (typeof signature.name !== "string") return undefined
    const plan = planOf(signature.type)
    if (plan === undefined) return undefined
    properties.push({ name: signature.name, optional: SchemaAST.isOptional(signature.type), plan })
  }
  if (ast.indexSignatures.length > 1) return undefined
  let rest: Plan | undefined
  if (ast.indexSignatures.length === 1) {
    const signature = ast.indexSignatures[0]!
    // Schema reads every own key for the plain string parameter, and parses the key for any other
    if (signature.parameter !== SchemaAST.string) return undefined
    rest = planOf(signature.type)
    if (rest === undefined) return undefined
  }
  return { _tag: "Struct", properties, rest, rules }
}

/** A required literal property: Schema picks union members by it (a sentinel), so such members stay Schema's. */
const hasSentinel = (ast: SchemaAST.AST): boolean => {
  const encoded = ast.encoding === undefined ? ast : ast.encoding[ast.encoding.length - 1]!.to
  if (encoded._tag === "Union") return encoded.types.some(hasSentinel)
  return encoded._tag === "Objects" &&
    encoded.propertySignatures.some((signature) =>
      !SchemaAST.isOptional(signature.type) &&
      (signature.type._tag === "Literal" || signature.type._tag === "UniqueSymbol")
    )
}

const planOfUnion = (ast: SchemaAST.Union): Plan | undefined => {
  if (ast.options?.mode === "oneOf") return undefined
  const members: Array<Plan> = []
  for (const member of ast.types) {
    if (hasSentinel(member)) return undefined
    const plan = planOf(member)
    if (plan === undefined) return undefined
    members.push(plan)
  }
  return { _tag: "Union", members }
}

/** A node's own decoding, without its encoding. */
const planOfNode = (ast: SchemaAST.AST): Plan | undefined => {
  switch (ast._tag) {
    case "Objects":
      return planOfObjects(ast)
    case "Arrays": {
      if (ast.elements.length > 0 || ast.rest.length !== 1) return undefined
      const element = planOf(ast.rest[0]!)
      return element === undefined ? undefined : { _tag: "Array", element }
    }
    case "Union":
      return planOfUnion(ast)
    case "Declaration":
      return { _tag: "Then", from: any, then: declarationStep(ast) }
    case "Literal":
      return literal(ast.literal)
    default:
      return keyword(ast._tag)
  }
}

/**
 * Reads a Schema 4 AST into a plan when every node is one this compiler knows (keywords, literals, unions of
 * those, arrays, structs with a string index signature, declarations such as `Schema.Class` and decoding
 * transformations that map a present value); otherwise `undefined`. Checks (filters) are left to Schema.
 */
const planOf = (ast: SchemaAST.AST): Plan | undefined => {
  if (hasChecks(ast)) return undefined
  return ast.encoding === undefined ? planOfNode(ast) : planOfEncoded(ast, ast.encoding)
}

/**
 * Compiles the decoding of a schema's AST for the values `JSON.parse` produces (see {@link planOf}); a
 * compiled decoder returns exactly what `Schema.decodeUnknownResult` returns on success (the same values,
 * keys and classes, fresh objects and arrays), and {@link invalid} where Schema would fail, so that Schema
 * can describe the failure.
 *
 * @internal
 */
export const compile = (ast: SchemaAST.AST): Decode | undefined => {
  const plan = planOf(ast)
  return plan === undefined ? undefined : decoderOf(plan)
}

/**
 * Decodes a parsed JSON body with a schema: valid bodies take the compiled path when the schema compiles,
 * and only invalid ones go through `Schema.decodeUnknownResult`, which describes the failure.
 *
 * @internal
 */
export const decoder = <S extends Schema.Decoder<unknown>>(schema: S): Decoder<S["Type"]> => {
  const decode: Decoder<S["Type"]> = Schema.decodeUnknownResult(schema)
  const compiled = compile(schema.ast)
  if (compiled === undefined) return decode
  return (u) => {
    const output = compiled(u)
    // the compiled decoder implements this schema's AST, so a valid output is an `S["Type"]`
    return output === invalid ? decode(u) : Result.succeed(output as S["Type"])
  }
}
