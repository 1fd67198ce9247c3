/**
 * Plain validation of untrusted JSON (request bodies, control requests, the data file): guards that are
 * type predicates, so a value that passes is its type without a cast, and that report the first issue with
 * its path.
 *
 * @internal
 */

/**
 * The first problem found: where (`roles.0`), and whether the value was missing or wrong.
 *
 * @internal
 */
export interface Issue {
  readonly path: ReadonlyArray<string | number>
  readonly missing: boolean
  readonly message: string
}

/**
 * Collects the path while a guard descends, and the first issue.
 *
 * @internal
 */
export class Report {
  readonly path: Array<string | number> = []
  issue: Issue = { path: [], missing: false, message: "is not valid" }
  /** Records an issue at the current path; returns `false`, for `return report.fail(...)`. */
  fail(message: string, missing = false): false {
    this.issue = { path: [...this.path], missing, message }
    return false
  }
  /** Runs a guard one step deeper. */
  at(key: string | number, check: () => boolean): boolean {
    this.path.push(key)
    const passed = check()
    this.path.pop()
    return passed
  }
}

/** @internal */
export type Guard<A> = (input: unknown, report: Report) => input is A

/** @internal */
export type Guarded<G> = G extends Guard<infer A> ? A : G extends Optional<infer A> ? A : never

/** @internal */
export interface Optional<A> {
  readonly optional: Guard<A>
}

/** @internal */
export type Validated<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly issue: Issue }

/**
 * Checks a value against a guard.
 *
 * @internal
 */
export const validate = <A>(guard: Guard<A>, input: unknown): Validated<A> => {
  const report = new Report()
  return guard(input, report) ? { ok: true, value: input } : { ok: false, issue: report.issue }
}

/**
 * An issue as one line: `roles.0: must not be empty`, `email is required`.
 *
 * @internal
 */
export const describeIssue = (issue: Issue): string => {
  const path = issue.path.length === 0 ? "the body" : issue.path.join(".")
  return issue.missing ? `${path} is required` : `${path}: ${issue.message}`
}

/**
 * A value in a message, as JSON where it can be.
 *
 * @internal
 */
export const show = (input: unknown): string => {
  try {
    return JSON.stringify(input) ?? String(input)
  } catch {
    return String(input)
  }
}

/** @internal */
export const isObject = (input: unknown): input is Readonly<Record<string, unknown>> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

/** @internal */
export const string: Guard<string> = (input, report): input is string =>
  typeof input === "string" || report.fail(`Expected string, actual ${show(input)}`)

/** @internal */
export const boolean: Guard<boolean> = (input, report): input is boolean =>
  typeof input === "boolean" || report.fail(`Expected boolean, actual ${show(input)}`)

/**
 * An integer within bounds.
 *
 * @internal
 */
export const int = (bounds: { readonly min?: number; readonly max?: number } = {}): Guard<number> =>
(
  input,
  report
): input is number => {
  if (typeof input !== "number" || !Number.isInteger(input)) {
    return report.fail(`Expected an integer, actual ${show(input)}`)
  }
  if (bounds.min !== undefined && input < bounds.min) return report.fail(`must be at least ${bounds.min}`)
  if (bounds.max !== undefined && input > bounds.max) return report.fail(`must be at most ${bounds.max}`)
  return true
}

/** @internal */
export const literal = <const Values extends ReadonlyArray<string | number>>(
  ...values: Values
): Guard<Values[number]> =>
(input, report): input is Values[number] =>
  values.some((value) => value === input) ||
  report.fail(`Expected ${values.map((value) => show(value)).join(" | ")}, actual ${show(input)}`)

/** @internal */
export const nullOr = <A>(guard: Guard<A>): Guard<A | null> => (input, report): input is A | null =>
  input === null || guard(input, report)

/** @internal */
export const union = <A, B>(left: Guard<A>, right: Guard<B>): Guard<A | B> => (input, report): input is A | B =>
  left(input, report) || right(input, report)

/**
 * A guard with a further condition: `problem` says why a value of the right type is refused, or `undefined`.
 *
 * @internal
 */
export const refine =
  <A>(guard: Guard<A>, problem: (value: A) => string | undefined): Guard<A> => (input, report): input is A => {
    if (!guard(input, report)) return false
    const reason = problem(input)
    return reason === undefined || report.fail(reason)
  }

/** @internal */
export const array = <A>(item: Guard<A>): Guard<ReadonlyArray<A>> => (input, report): input is ReadonlyArray<A> => {
  if (!Array.isArray(input)) return report.fail(`Expected an array, actual ${show(input)}`)
  return input.every((element, index) => report.at(index, () => item(element, report)))
}

/** @internal */
export const record =
  <A>(value: Guard<A>): Guard<Readonly<Record<string, A>>> => (input, report): input is Readonly<Record<string, A>> => {
    if (!isObject(input)) return report.fail(`Expected an object, actual ${show(input)}`)
    return Object.entries(input).every(([key, field]) => report.at(key, () => value(field, report)))
  }

/**
 * A field that may be absent (never `undefined`: JSON has none).
 *
 * @internal
 */
export const optional = <A>(guard: Guard<A>): Optional<A> => ({ optional: guard })

type Fields = Readonly<Record<string, Guard<unknown> | Optional<unknown>>>

type Simplify<A> = { [K in keyof A]: A[K] } & {}

/** @internal */
export type StructOf<F extends Fields> = Simplify<
  & { readonly [K in keyof F as F[K] extends Optional<unknown> ? never : K]: Guarded<F[K]> }
  & { readonly [K in keyof F as F[K] extends Optional<unknown> ? K : never]?: Guarded<F[K]> }
>

/**
 * An object with these fields (in this order, which is the order issues are found in). Other keys are
 * allowed and kept.
 *
 * @internal
 */
export const struct =
  <const F extends Fields>(fields: F): Guard<StructOf<F>> => (input, report): input is StructOf<F> => {
    if (!isObject(input)) return report.fail(`Expected an object, actual ${show(input)}`)
    return Object.entries(fields).every(([key, field]) =>
      report.at(key, () => {
        if (!(key in input)) return "optional" in field || report.fail("is missing", true)
        return ("optional" in field ? field.optional : field)(input[key], report)
      })
    )
  }

/**
 * One of several objects told apart by a literal field, e.g. `kind`.
 *
 * @internal
 */
export const tagged = <const Tag extends string, const Cases extends Readonly<Record<string, Guard<unknown>>>>(
  tag: Tag,
  cases: Cases
): Guard<Guarded<Cases[keyof Cases]>> =>
(input, report): input is Guarded<Cases[keyof Cases]> => {
  if (!isObject(input)) return report.fail(`Expected an object, actual ${show(input)}`)
  const value = input[tag]
  const guard = typeof value === "string" && Object.prototype.hasOwnProperty.call(cases, value)
    ? cases[value]
    : undefined
  if (guard === undefined) {
    return report.at(tag, () => literal(...Object.keys(cases))(value, report))
  }
  return guard(input, report)
}
