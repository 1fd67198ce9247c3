import * as Option from "effect/Option"
import * as AST from "effect/SchemaAST"

/** What a compiled decoder returns when the input is not valid: the caller then asks Schema for the error. */
export const invalid: unique symbol = Symbol.for("effect-rockset/internal/jsonDecoder/invalid")

/** @internal */
export type Decode = (input: unknown) => unknown

const hasOwn = (target: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(target, key)

const affectsParsing = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

const identity = (check: (input: unknown) => boolean): Decode => (input) => check(input) ? input : invalid

const anyOf = (checks: ReadonlyArray<(input: unknown) => boolean>) => (input: unknown): boolean => {
  for (let i = 0; i < checks.length; i++) {
    if (checks[i]!(input)) return true
  }
  return false
}

/** Nodes that decode a primitive to itself and refuse every object and array. */
const primitiveCheck = (ast: AST.AST): ((input: unknown) => boolean) | undefined => {
  if (affectsParsing(ast)) return undefined
  switch (ast._tag) {
    case "StringKeyword":
      return (input) => typeof input === "string"
    case "NumberKeyword":
      return (input) => typeof input === "number"
    case "BooleanKeyword":
      return (input) => typeof input === "boolean"
    case "UndefinedKeyword":
      return (input) => input === undefined
    case "Literal": {
      const literal = ast.literal
      return typeof literal === "bigint" ? undefined : (input) => input === literal
    }
    default:
      return undefined
  }
}

/**
 * A union (nested unions flattened) of primitive members and at most one array or struct member. The
 * members accept disjoint inputs, so which one Schema tries first does not change the outcome.
 */
const compileUnion = (ast: AST.Union): Decode | undefined => {
  const members: Array<AST.AST> = []
  const flatten = (union: AST.Union): boolean => {
    for (const member of union.types) {
      if (member._tag !== "Union") members.push(member)
      else if (affectsParsing(member) || !flatten(member)) return false
    }
    return true
  }
  if (!flatten(ast)) return undefined
  const checks: Array<(input: unknown) => boolean> = []
  let structured: Decode | undefined
  let acceptsAll = false
  for (const member of members) {
    if ((member._tag === "UnknownKeyword" || member._tag === "AnyKeyword") && !affectsParsing(member)) {
      acceptsAll = true
      continue
    }
    const check = primitiveCheck(member)
    if (check !== undefined) {
      checks.push(check)
      continue
    }
    if (structured !== undefined || (member._tag !== "TypeLiteral" && member._tag !== "TupleType")) return undefined
    structured = compile(member)
    if (structured === undefined) return undefined
  }
  if (acceptsAll) return structured === undefined ? (input) => input : undefined
  const primitive = anyOf(checks)
  if (structured === undefined) return identity(primitive)
  const decodeStructured = structured
  return (input) => primitive(input) ? input : decodeStructured(input)
}

const compileTypeLiteral = (ast: AST.TypeLiteral): Decode | undefined => {
  const names: Array<string> = []
  const optional: Array<boolean> = []
  const decoders: Array<Decode> = []
  for (const signature of ast.propertySignatures) {
    if (typeof signature.name !== "string") return undefined
    const decode = compile(signature.type)
    if (decode === undefined) return undefined
    names.push(signature.name)
    optional.push(signature.isOptional)
    decoders.push(decode)
  }
  const declared: Record<string, null> = {}
  for (const name of names) declared[name] = null
  let rest: Decode | undefined
  if (ast.indexSignatures.length > 1) return undefined
  if (ast.indexSignatures.length === 1) {
    const signature = ast.indexSignatures[0]!
    if (signature.parameter._tag !== "StringKeyword" || affectsParsing(signature.parameter)) return undefined
    rest = compile(signature.type)
    if (rest === undefined) return undefined
  }
  const count = names.length
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return invalid
    const record = input as Record<string, unknown>
    const output: Record<string, unknown> = {}
    if (rest === undefined) {
      // `onExcessProperty: "preserve"` copies undeclared keys first, in input order
      for (const key of Object.keys(record)) {
        if (!hasOwn(declared, key)) output[key] = record[key]
      }
    }
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      if (!hasOwn(record, name) && optional[i]) continue
      const value = decoders[i]!(record[name])
      if (value === invalid) return invalid
      output[name] = value
    }
    if (rest !== undefined) {
      for (const key of Object.keys(record)) {
        const value = rest(record[key])
        if (value === invalid) return invalid
        if (!hasOwn(declared, key)) output[key] = value
      }
    }
    return output
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
  if (affectsParsing(ast)) return undefined
  switch (ast._tag) {
    case "TypeLiteral":
      return compileTypeLiteral(ast)
    case "TupleType": {
      if (ast.elements.length > 0 || ast.rest.length !== 1) return undefined
      const element = compile(ast.rest[0]!.type)
      if (element === undefined) return undefined
      return (input) => {
        if (!Array.isArray(input)) return invalid
        const output = new Array<unknown>(input.length)
        for (let i = 0; i < input.length; i++) {
          const value = element(input[i])
          if (value === invalid) return invalid
          output[i] = value
        }
        return output
      }
    }
    case "Union":
      return compileUnion(ast)
    case "UnknownKeyword":
    case "AnyKeyword":
      return (input) => input
    default: {
      const check = primitiveCheck(ast)
      return check === undefined ? undefined : identity(check)
    }
  }
}
