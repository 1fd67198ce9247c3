/**
 * The emulator's routes, derived from the operation table: each route template of the table, and the
 * operation each method selects on it.
 *
 * @internal
 */
import { type Method, type OperationName, operationNames, operations, type RateClass } from "../operations.js"

/**
 * A path of the Users API: its template, the raw `{user}` segment when it has one, and the operation of
 * each method it accepts.
 *
 * @internal
 */
export interface Route {
  readonly template: string
  readonly user: string | undefined
  readonly methods: Readonly<Partial<Record<Method, OperationName>>>
}

// `Allow` lists methods in this order, whatever the table's order.
const methodOrder: ReadonlyArray<Method> = ["GET", "POST", "DELETE"]

interface Template {
  readonly template: string
  readonly segments: ReadonlyArray<string>
  /** How many `{user}` segments: a template with fewer is more specific. */
  readonly parameters: number
  readonly methods: Readonly<Partial<Record<Method, OperationName>>>
}

const userParameter = "{user}"

const templates: ReadonlyArray<Template> = [...new Set(operationNames.map((name) => operations[name].route))].map(
  (template) => {
    const segments = template.split("/")
    const methods: Partial<Record<Method, OperationName>> = {}
    for (const name of operationNames) {
      if (operations[name].route === template) methods[operations[name].method] = name
    }
    return {
      template,
      segments,
      parameters: segments.filter((segment) => segment === userParameter).length,
      methods
    }
  }
).sort((a, b) => a.parameters - b.parameters)

const fits = (template: Template, segments: ReadonlyArray<string>): boolean =>
  template.segments.length === segments.length &&
  template.segments.every((expected, i) =>
    expected === userParameter ? (segments[i] ?? "") !== "" : expected === segments[i]
  )

/**
 * Matches the path of a raw request-target. The `{user}` segment is left percent-encoded: splitting on `/`
 * first keeps an encoded `%2F` inside the segment.
 *
 * A literal segment (`self`) wins over `{user}` for the methods its route defines; the `{user}` route's other
 * methods still apply to it, so `DELETE .../users/self` is `deleteUser` of the caller.
 *
 * @internal
 */
export const matchRoute = (pathname: string): Route | undefined => {
  const segments = pathname.split("/")
  const matching = templates.filter((template) => fits(template, segments))
  const [primary] = matching
  if (primary === undefined) return undefined
  const methods: Partial<Record<Method, OperationName>> = {}
  let user: string | undefined
  // the most specific template first, so its methods are the ones kept
  for (const template of matching) {
    for (const method of methodOrder) {
      const operation = template.methods[method]
      if (operation !== undefined) methods[method] ??= operation
    }
    const index = template.segments.indexOf(userParameter)
    if (index >= 0) user ??= segments[index]
  }
  return { template: primary.template, user, methods }
}

/**
 * The methods a route answers, for `Allow` and CORS.
 *
 * @internal
 */
export const allowedMethods = (route: Route): string =>
  [...methodOrder.filter((method) => route.methods[method] !== undefined), "OPTIONS"].join(", ")

/**
 * The documented rate limit an operation counts against.
 *
 * @internal
 */
export const rateClass = (operation: OperationName): RateClass => operations[operation].rateClass

/**
 * The operation a method selects on a route, for any method the request may carry.
 *
 * @internal
 */
export const operationOf = (route: Route, method: string): OperationName | undefined =>
  isMethod(method) ? route.methods[method] : undefined

const isMethod = (method: string): method is Method => methodOrder.some((known) => known === method)
