/**
 * Reading an outcome as plain values, for both editions' runners: what a Rockset error carries is the same
 * fields in both editions (only the `Duration` of `retryAfter` is the edition's, so the runner converts it).
 */

/** The fields the scenario checks read off a Rockset error. */
export interface ErrorFields {
  readonly tag: string
  readonly status: number | undefined
  readonly body:
    | {
      readonly type?: string | null | undefined
      readonly trace_id?: string | null | undefined
      readonly message?: string | null | undefined
    }
    | undefined
  readonly reason: string | undefined
  readonly scope: string | undefined
  readonly requestSent: boolean | undefined
  readonly code: string | undefined
}

const field = <A>(error: object, name: string, is: (u: unknown) => u is A): A | undefined => {
  const value = (error as Readonly<Record<string, unknown>>)[name]
  return is(value) ? value : undefined
}
const isNumber = (u: unknown): u is number => typeof u === "number"
const isString = (u: unknown): u is string => typeof u === "string"
const isBoolean = (u: unknown): u is boolean => typeof u === "boolean"
const isObject = (u: unknown): u is NonNullable<ErrorFields["body"]> => typeof u === "object" && u !== null

/** A Rockset error's fields, as plain values. */
export const errorFields = (error: { readonly _tag: string }): ErrorFields => ({
  tag: error._tag,
  status: field(error, "status", isNumber),
  body: field(error, "body", isObject),
  reason: error._tag === "Decode" ? field(error, "reason", isString) : undefined,
  scope: error._tag === "Timeout" ? field(error, "scope", isString) : undefined,
  requestSent: error._tag === "Transport" ? field(error, "requestSent", isBoolean) : undefined,
  code: error._tag === "Transport" ? field(error, "code", isString) : undefined
})

/** The log lines of each format and the spans' text, as the surfaces the key is looked for on, by name. */
export const logSurfaces = (
  lines: Readonly<Record<"json" | "logfmt" | "pretty", ReadonlyArray<string>>>,
  names: Readonly<Record<"json" | "logfmt" | "pretty", string>>,
  spans: string
): Record<string, string> => ({
  [names.json]: lines.json.join("\n"),
  [names.logfmt]: lines.logfmt.join("\n"),
  [names.pretty]: lines.pretty.join("\n"),
  spans
})
