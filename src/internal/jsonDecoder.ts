import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { type Decode, decoderOf, invalid, keyword, literal, type ObjectRules, type Plan } from "../core/jsonDecoder.js"

import type { Decoder } from "./request.js"

export { type Decode, invalid }

const hasOwn = (target: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(target, key)

/** Schema 3's, with `onExcessProperty: "preserve"`. */
const rules: ObjectRules = {
  hasKey: hasOwn,
  assign: (output, key, value) => {
    output[key] = value
  },
  absentRequired: "decodeUndefined",
  undeclared: "preserveFirst"
}

const affectsParsing = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

const planOfTypeLiteral = (ast: AST.TypeLiteral): Plan | undefined => {
  const properties: Array<{ name: string; optional: boolean; plan: Plan }> = []
  for (const signature of ast.propertySignatures) {
    if (typeof signature.name !== "string") return undefined
    const plan = planOf(signature.type)
    if (plan === undefined) return undefined
    properties.push({ name: signature.name, optional: signature.isOptional, plan })
  }
  if (ast.indexSignatures.length > 1) return undefined
  let rest: Plan | undefined
  if (ast.indexSignatures.length === 1) {
    const signature = ast.indexSignatures[0]!
    if (signature.parameter._tag !== "StringKeyword" || affectsParsing(signature.parameter)) return undefined
    rest = planOf(signature.type)
    if (rest === undefined) return undefined
  }
  return { _tag: "Struct", properties, rest, rules }
}

const planOfUnion = (ast: AST.Union): Plan | undefined => {
  const members: Array<Plan> = []
  for (const member of ast.types) {
    const plan = planOf(member)
    if (plan === undefined) return undefined
    members.push(plan)
  }
  return { _tag: "Union", members }
}

/**
 * Reads a Schema 3 AST into a plan when every node is one this compiler knows (keywords, literals, unions of
 * those, arrays, structs with a string index signature); otherwise `undefined`.
 */
const planOf = (ast: AST.AST): Plan | undefined => {
  if (affectsParsing(ast)) return undefined
  switch (ast._tag) {
    case "TypeLiteral":
      return planOfTypeLiteral(ast)
    case "TupleType": {
      if (ast.elements.length > 0 || ast.rest.length !== 1) return undefined
      const element = planOf(ast.rest[0]!.type)
      return element === undefined ? undefined : { _tag: "Array", element }
    }
    case "Union":
      return planOfUnion(ast)
    case "Literal":
      return literal(ast.literal)
    default:
      return keyword(ast._tag)
  }
}

/**
 * Compiles the decoding of a schema's AST for the values `JSON.parse` produces, when every node is one
 * this compiler knows (keywords, literals, unions of those, arrays, structs with a string index
 * signature); otherwise `undefined`. A compiled decoder returns exactly what `Schema.decodeUnknownEither`
 * with `onExcessProperty: "preserve"` returns on success (same keys in the same order, fresh objects and
 * arrays), and {@link invalid} where Schema would fail, so that Schema can describe the failure.
 *
 * @internal
 */
export const compile = (ast: AST.AST): Decode | undefined => {
  const plan = planOf(ast)
  return plan === undefined ? undefined : decoderOf(plan)
}

/**
 * Decodes a parsed JSON body with a schema, keeping undeclared keys: valid bodies take the compiled path when
 * the schema compiles, and only invalid ones go through `Schema.decodeUnknownEither`, which describes the
 * failure.
 *
 * @internal
 */
export const decoder = <S extends Schema.Schema.AnyNoContext>(schema: S): Decoder<S["Type"]> => {
  const decode: Decoder<S["Type"]> = Schema.decodeUnknownEither(schema, { onExcessProperty: "preserve" })
  const compiled = compile(schema.ast)
  if (compiled === undefined) return decode
  return (u) => {
    const output = compiled(u)
    // the compiled decoder implements this schema's AST, so a valid output is an `S["Type"]`
    return output === invalid ? decode(u) : Either.right(output as S["Type"])
  }
}
