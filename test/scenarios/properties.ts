/**
 * The properties (fast-check), run by each edition against a scripted HTTP client: what is generated, as plain
 * descriptions each edition's runner builds its own arbitraries from (each edition has its own fast-check), and
 * what must hold, as plain values and pure functions. Fixed seeds: a failure prints its seed and path, and the
 * same run reproduces it.
 */
import { createdUser, errorBody } from "../fixtures/live.js"
import type { Call, Reply } from "./operations.js"

export const seed = 20261128

// ---------------------------------------------------------------------------------------------------------------
// {user} values
// ---------------------------------------------------------------------------------------------------------------

/** Any string either goes as one path segment that decodes back, or is refused (InvalidRequest) before I/O. */
export const userValues = {
  numRuns: 2000,
  timeoutMillis: 90_000,
  /** Any string of binary units, this long at most. */
  binaryMaxLength: 40,
  /** Strings of these units (the ones paths and percent-encoding care about), this long at most. */
  units: [".", "/", "%", "2", "e", "E", "f", "?", "#", "\\", " ", "\r", "\n", "@", "+", "s", "S"],
  unitsMaxLength: 8,
  /** And these. */
  constants: ["", ".", "..", "self", "Self", "\ud800", "\udfff", "%2e%2e", ".%2E", "a/../b"],
  /** What the scripted client answers a get. */
  reply: { status: 200, json: createdUser } satisfies Reply,
  refusedTag: "InvalidRequest"
} as const

/** The segment after the users' path, if `path` is under it; a segment never holds `/`, `?` or `#`. */
export const userSegment = (path: string): string | undefined => {
  const prefix = "/v1/orgs/self/users/"
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined
}
export const segmentDelimiters = /[/?#]/

// ---------------------------------------------------------------------------------------------------------------
// arbitrary responses
// ---------------------------------------------------------------------------------------------------------------

/** What a scripted client does for one request: answer, fail at the transport, or never answer. */
export type ScriptedReply =
  | { readonly kind: "text"; readonly status: number; readonly body: string; readonly headers: Record<string, string> }
  | { readonly kind: "json"; readonly status: number; readonly body: unknown }
  | { readonly kind: "transportFailure"; readonly code: string }
  | { readonly kind: "never" }

/** Arbitrary answers, faults and operations always end typed within the deadline, with at most 3 attempts. */
export const arbitraryResponses = {
  numRuns: 500,
  timeoutMillis: 90_000,
  /** Statuses, any in this range. */
  status: { min: 200, max: 599 },
  /** Bodies: any JSON (as application/json), any text this long at most (as text/html), a cut of these, or this. */
  textMaxLength: 60,
  cutBodies: [
    JSON.stringify(createdUser),
    JSON.stringify({ data: [createdUser] }),
    JSON.stringify(errorBody("X", "y"))
  ],
  misShapedList: JSON.stringify({ data: [createdUser, { email: 42 }] }),
  /** Retry-After: none, whole seconds up to this, any string this long at most, or an HTTP-date in this range. */
  retryAfter: { maxSeconds: 120, stringMaxLength: 12, dates: { min: "2000-01-01", max: "2100-01-01" } },
  transportCodes: ["ECONNRESET", "ECONNREFUSED", "EPIPE"],
  /** The weight of an answer, a transport failure and no answer at all. */
  weights: { reply: 6, transportFailure: 1, never: 1 },
  /** The script of answers, one per attempt. */
  script: { minLength: 1, maxLength: 5 },
  calls: [
    { operation: "list", args: [] },
    { operation: "get", args: ["ada@example.com"] },
    { operation: "create", args: [{ email: "ada@example.com", roles: ["member"] }] },
    { operation: "deleteUser", args: ["ada@example.com"] }
  ] satisfies ReadonlyArray<Call>
} as const

/** The most requests a call may send: create's conflict recovery may add a lookup of up to 3 attempts. */
export const maxRequests = (call: Call): number => call.operation === "create" ? 6 : 3

// ---------------------------------------------------------------------------------------------------------------
// create under random faults
// ---------------------------------------------------------------------------------------------------------------

export const createFaults = [
  "ok",
  "refused",
  "reset-before",
  "reset-after-apply",
  "timeout-after-apply",
  "503",
  "429",
  "500"
] as const
export type CreateFault = (typeof createFaults)[number]

/** Never more than one user per call, and a success means the user exists as asked. */
export const createUnderFaults = {
  numRuns: 500,
  timeoutMillis: 90_000,
  script: { minLength: 1, maxLength: 5 },
  call: { operation: "create", args: [{ email: "Ada@Example.com", roles: ["member"] }] } satisfies Call,
  /** The user a success leaves, by its lower-cased email, and its roles. */
  email: "ada@example.com",
  roles: ["member"],
  maxUsers: 1,
  maxPosts: 3
} as const

/**
 * A server that plays `script`, one fault per POST (the last repeats), and keeps a ledger of the users it
 * created; a GET looks a user up in the ledger.
 */
export const createServer = (script: ReadonlyArray<CreateFault>) => {
  const ledger = new Map<string, { readonly email: string; readonly roles: ReadonlyArray<string> }>()
  let posts = 0
  const handle = (
    request: { readonly method: string; readonly path: string; readonly body: string | undefined }
  ): ScriptedReply => {
    if (request.method === "GET") {
      const user = ledger.get(decodeURIComponent(request.path.split("/").pop()!).toLowerCase())
      return user === undefined
        ? { kind: "json", status: 404, body: errorBody("NOTFOUND", "User not found") }
        : { kind: "json", status: 200, body: { ...createdUser, ...user } }
    }
    const fault = script[Math.min(posts++, script.length - 1)]!
    const body = JSON.parse(request.body ?? "{}") as { email: string; roles: Array<string> }
    const email = body.email.toLowerCase()
    const apply = () => {
      if (ledger.has(email)) return false
      ledger.set(email, { email, roles: body.roles })
      return true
    }
    switch (fault) {
      case "refused":
        return { kind: "transportFailure", code: "ECONNREFUSED" }
      case "reset-before":
        return { kind: "transportFailure", code: "ECONNRESET" }
      case "reset-after-apply":
        apply()
        return { kind: "transportFailure", code: "ECONNRESET" }
      case "timeout-after-apply":
        apply()
        return { kind: "never" }
      case "503":
      case "429":
        return { kind: "json", status: Number(fault), body: errorBody("X", "busy") }
      case "500":
        return { kind: "json", status: 500, body: errorBody("INTERNALERROR", "oops") }
      case "ok":
        return apply()
          ? { kind: "json", status: 200, body: { data: { ...createdUser, email, roles: body.roles } } }
          : { kind: "json", status: 409, body: errorBody("ALREADYEXISTS", "User already exists") }
    }
  }
  return { handle, ledger, posts: () => posts }
}

/**
 * With `ambiguousCreate: "fail"`, no POST follows one whose outcome is unknown: the most POSTs the script
 * allows (undefined: no ambiguous fault, the usual limit).
 */
export const maxPostsWhenStrict = (script: ReadonlyArray<CreateFault>): number | undefined => {
  const firstAmbiguous = script.findIndex((fault) => fault !== "refused" && fault !== "503" && fault !== "429")
  return firstAmbiguous >= 0 ? firstAmbiguous + 1 : undefined
}

// ---------------------------------------------------------------------------------------------------------------
// schemas
// ---------------------------------------------------------------------------------------------------------------

/**
 * The schemas that must decode what they encode, also through JSON. For `User`, the declared fields (the
 * undeclared keys are `unknown`, which JSON cannot always carry); for `ErrorBody`, with `internal_errors`
 * only ever null.
 */
export const roundTripSchemas = [
  "User",
  "CreateUserRequest",
  "UpdateUserRequest",
  "UpdateUnsubscribePreferencesRequest",
  "ErrorBody"
] as const
export const roundTripRuns = 500
