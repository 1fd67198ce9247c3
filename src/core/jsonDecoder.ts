/**
 * The JSON fast path's plans and the decoders built from them, for both editions. An edition reads its own
 * Schema AST (Schema 3's or Schema 4's) into a {@link Plan}, refusing every node whose decoding it does not
 * reproduce exactly; this module turns the plan into a direct validator and constructor for the values
 * `JSON.parse` produces. A decoder returns the decoded value, or {@link invalid} where Schema would fail, so
 * that the edition asks Schema for the error. Nothing here imports Effect.
 *
 * @internal
 */

/** What a compiled decoder returns when the input is not valid: the caller then asks Schema for the error. */
export const invalid: unique symbol = Symbol.for("effect-rockset/internal/jsonDecoder/invalid")

/** @internal */
export type Decode = (input: unknown) => unknown

/** @internal */
export type Check = (input: unknown) => boolean

/**
 * How an edition's Schema decodes the keys of an object: how it tells a key is there, how it writes one,
 * what an absent required key does, and what becomes of the keys a struct without an index signature does
 * not declare.
 *
 * @internal
 */
export interface ObjectRules {
  readonly hasKey: (record: Record<string, unknown>, key: string) => boolean
  readonly assign: (output: Record<string, unknown>, key: string, value: unknown) => void
  /** `decodeUndefined`: the property's decoder reads `undefined`; `invalid`: the struct fails. */
  readonly absentRequired: "decodeUndefined" | "invalid"
  /** `preserveFirst`: copied first, in input order; `drop`: left out. */
  readonly undeclared: "preserveFirst" | "drop"
}

/** @internal */
export interface Property {
  readonly name: string
  readonly optional: boolean
  readonly plan: Plan
}

/**
 * What a decoder does, node by node:
 * - `Any`: the input itself;
 * - `Check`: the input itself when it passes the check (a primitive or a literal);
 * - `Array`: a fresh array of the elements, each decoded;
 * - `Struct`: a fresh object of the declared properties, each decoded, then the keys of the string index
 *   signature `rest` (every key is decoded with it; the undeclared ones are kept), by the edition's `rules`;
 * - `Union`: primitive members, and at most one structured member (array, struct, or one mapped from those):
 *   the members accept disjoint inputs, so which one Schema tries first does not change the outcome;
 * - `Then`: `from`, then `then` on its output (an edition's transformation or declaration; it may return
 *   {@link invalid}).
 *
 * @internal
 */
export type Plan =
  | { readonly _tag: "Any" }
  | { readonly _tag: "Check"; readonly check: Check }
  | { readonly _tag: "Array"; readonly element: Plan }
  | {
    readonly _tag: "Struct"
    readonly properties: ReadonlyArray<Property>
    readonly rest: Plan | undefined
    readonly rules: ObjectRules
  }
  | { readonly _tag: "Union"; readonly members: ReadonlyArray<Plan> }
  | { readonly _tag: "Then"; readonly from: Plan; readonly then: Decode }

/** @internal */
export const any: Plan = { _tag: "Any" }

const check = (check: Check): Plan => ({ _tag: "Check", check })

/**
 * The keyword nodes both Schemas decode to themselves (or check), by their tag: Schema 4's, or Schema 3's
 * without its `Keyword` suffix (`StringKeyword`). Schema 3 has no `Null` node (its `null` is a literal).
 */
const keywords: Readonly<Record<string, Plan>> = {
  String: check((input) => typeof input === "string"),
  Number: check((input) => typeof input === "number"),
  Boolean: check((input) => typeof input === "boolean"),
  Undefined: check((input) => input === undefined),
  Null: check((input) => input === null),
  Unknown: any,
  Any: any
}

/**
 * The plan of a keyword node, by its tag (see {@link keywords}); `undefined` for any other node.
 *
 * @internal
 */
export const keyword = (tag: string): Plan | undefined => {
  const name = tag.endsWith("Keyword") ? tag.slice(0, -"Keyword".length) : tag
  return Object.hasOwn(keywords, name) ? keywords[name] : undefined
}

/**
 * The plan of a literal node: the input itself when it is the literal (`bigint` literals are left to Schema).
 *
 * @internal
 */
export const literal = (value: unknown): Plan | undefined =>
  typeof value === "bigint" ? undefined : check((input) => input === value)

const identity = (check: Check): Decode => (input) => check(input) ? input : invalid

const anyOf = (checks: ReadonlyArray<Check>): Check => (input) => {
  for (let i = 0; i < checks.length; i++) {
    if (checks[i]!(input)) return true
  }
  return false
}

const isStructured = (plan: Plan): boolean =>
  plan._tag === "Array" || plan._tag === "Struct" || (plan._tag === "Then" && isStructured(plan.from))

const decodeUnion = (plan: Extract<Plan, { _tag: "Union" }>): Decode | undefined => {
  const members: Array<Plan> = []
  const flatten = (union: Extract<Plan, { _tag: "Union" }>): void => {
    for (const member of union.members) {
      if (member._tag === "Union") flatten(member)
      else members.push(member)
    }
  }
  flatten(plan)
  const primitives: Array<Check> = []
  let structured: Decode | undefined
  let acceptsAll = false
  for (const member of members) {
    if (member._tag === "Any") acceptsAll = true
    else if (member._tag === "Check") primitives.push(member.check)
    else if (structured !== undefined || !isStructured(member)) return undefined
    else {
      structured = decoderOf(member)
      if (structured === undefined) return undefined
    }
  }
  if (acceptsAll) return structured === undefined ? (input) => input : undefined
  const primitive = anyOf(primitives)
  if (structured === undefined) return identity(primitive)
  const decodeStructured = structured
  return (input) => primitive(input) ? input : decodeStructured(input)
}

const decodeArray = (element: Decode): Decode => (input) => {
  if (!Array.isArray(input)) return invalid
  const output = new Array<unknown>(input.length)
  for (let i = 0; i < input.length; i++) {
    const value = element(input[i])
    if (value === invalid) return invalid
    output[i] = value
  }
  return output
}

const decodeStruct = (plan: Extract<Plan, { _tag: "Struct" }>): Decode | undefined => {
  const names: Array<string> = []
  const optional: Array<boolean> = []
  const decoders: Array<Decode> = []
  for (const property of plan.properties) {
    const decode = decoderOf(property.plan)
    if (decode === undefined) return undefined
    names.push(property.name)
    optional.push(property.optional)
    decoders.push(decode)
  }
  const declared = new Set(names)
  const rest = plan.rest === undefined ? undefined : decoderOf(plan.rest)
  if (plan.rest !== undefined && rest === undefined) return undefined
  const { absentRequired, assign, hasKey } = plan.rules
  const preserveFirst = rest === undefined && plan.rules.undeclared === "preserveFirst"
  const count = names.length
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return invalid
    const record = input as Record<string, unknown>
    const output: Record<string, unknown> = {}
    if (preserveFirst) {
      for (const key of Object.keys(record)) {
        if (!declared.has(key)) assign(output, key, record[key])
      }
    }
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      if (!hasKey(record, name)) {
        if (optional[i]) continue
        if (absentRequired === "invalid") return invalid
      }
      const value = decoders[i]!(record[name])
      if (value === invalid) return invalid
      assign(output, name, value)
    }
    if (rest !== undefined) {
      for (const key of Object.keys(record)) {
        const value = rest(record[key])
        if (value === invalid) return invalid
        if (!declared.has(key)) assign(output, key, value)
      }
    }
    return output
  }
}

/**
 * The decoder of a plan, or `undefined` when the plan holds a union whose members are not disjoint.
 *
 * @internal
 */
export const decoderOf = (plan: Plan): Decode | undefined => {
  switch (plan._tag) {
    case "Any":
      return (input) => input
    case "Check":
      return identity(plan.check)
    case "Array": {
      const element = decoderOf(plan.element)
      return element === undefined ? undefined : decodeArray(element)
    }
    case "Struct":
      return decodeStruct(plan)
    case "Union":
      return decodeUnion(plan)
    case "Then": {
      const from = decoderOf(plan.from)
      if (from === undefined) return undefined
      const then = plan.then
      return (input) => {
        const value = from(input)
        return value === invalid ? invalid : then(value)
      }
    }
  }
}
