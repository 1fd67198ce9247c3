import type { Operation } from "../Fault.js"

/** @internal */
export const usersRoute = "/v1/orgs/self/users"
/** @internal */
export const userRoute = "/v1/orgs/self/users/{user}"
/** @internal */
export const selfRoute = "/v1/orgs/self/users/self"
/** @internal */
export const preferencesRoute = "/v1/orgs/self/users/self/preferences"

/**
 * A path of the Users API: its template, the raw `{user}` segment when it has one, and the operation of
 * each method it accepts.
 *
 * @internal
 */
export interface Route {
  readonly template: string
  readonly user: string | undefined
  readonly methods: Readonly<Partial<Record<string, Operation>>>
}

const userMethods = { POST: "update", DELETE: "deleteUser" } as const

/**
 * Matches the path of a raw request-target. The `{user}` segment is left percent-encoded: splitting on `/`
 * first keeps an encoded `%2F` inside the segment.
 *
 * @internal
 */
export const matchRoute = (pathname: string): Route | undefined => {
  const segments = pathname.split("/")
  if (segments[0] !== "" || segments[1] !== "v1" || segments[2] !== "orgs" || segments[3] !== "self") {
    return undefined
  }
  if (segments[4] !== "users") return undefined
  const user = segments[5]
  if (segments.length === 5) return { template: usersRoute, user: undefined, methods: { GET: "list", POST: "create" } }
  if (user === undefined || user === "") return undefined
  if (segments.length === 6) {
    return user === "self"
      ? { template: selfRoute, user, methods: { GET: "getCurrentUser", ...userMethods } }
      : { template: userRoute, user, methods: { GET: "get", ...userMethods } }
  }
  if (segments.length === 7 && user === "self" && segments[6] === "preferences") {
    return {
      template: preferencesRoute,
      user: undefined,
      methods: { GET: "listUnsubscribePreferences", POST: "updateUnsubscribePreferences" }
    }
  }
  return undefined
}

/**
 * The methods a route answers, for `Allow` and CORS.
 *
 * @internal
 */
export const allowedMethods = (route: Route): string => [...Object.keys(route.methods), "OPTIONS"].join(", ")

/**
 * How an operation counts against the documented rate limits.
 *
 * @internal
 */
export const rateKind = (operation: Operation): "create" | "update" | "read" => {
  switch (operation) {
    case "create":
      return "create"
    case "update":
    case "deleteUser":
    case "updateUnsubscribePreferences":
      return "update"
    default:
      return "read"
  }
}
