/**
 * The properties (fast-check), run by each edition against a scripted HTTP client: what is generated, as plain
 * descriptions each edition's runner builds its own arbitraries from (each edition has its own fast-check), and
 * what must hold, as plain values and pure functions. Fixed seeds: a failure prints its seed and path, and the
 * same run reproduces it.
 */
import type * as FastCheckModule from "fast-check"
import { isDeepStrictEqual } from "node:util"
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

// ---------------------------------------------------------------------------------------------------------------
// the generators, as functions of the runner's own fast-check module, and the checks over plain outcomes
// ---------------------------------------------------------------------------------------------------------------

/** The fast-check module a runner passes in (each edition resolves its own copy). */
export type FastCheck = Pick<
  typeof FastCheckModule,
  | "array"
  | "boolean"
  | "constant"
  | "constantFrom"
  | "date"
  | "integer"
  | "json"
  | "nat"
  | "oneof"
  | "record"
  | "string"
>

/** Hostile `{user}` values: binary strings, strings of the units paths care about, and the constants. */
export const hostileUsers = (fc: FastCheck): FastCheckModule.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength: userValues.binaryMaxLength }),
    fc.string({ unit: fc.constantFrom(...userValues.units), maxLength: userValues.unitsMaxLength }),
    fc.constantFrom(...userValues.constants)
  )

/** One arbitrary fault of `arbitraryResponses`: a reply of any status, body and Retry-After, a reset, or no answer. */
export const arbitraryFaults = (fc: FastCheck): FastCheckModule.Arbitrary<ScriptedReply> => {
  const table = arbitraryResponses
  const jsonish = fc.oneof(
    fc.json().map((json) => ({ body: json, type: "application/json" })),
    fc.string({ maxLength: table.textMaxLength }).map((text) => ({ body: text, type: "text/html" })),
    fc.constantFrom(...table.cutBodies)
      .chain((json) => fc.nat(json.length).map((cut) => ({ body: json.slice(0, cut), type: "application/json" }))),
    fc.constant({ body: table.misShapedList, type: "application/json" })
  )
  const retryAfter = fc.oneof(
    fc.constant(undefined),
    fc.nat(table.retryAfter.maxSeconds).map(String),
    fc.string({ maxLength: table.retryAfter.stringMaxLength }),
    fc.date({
      min: new Date(table.retryAfter.dates.min),
      max: new Date(table.retryAfter.dates.max),
      noInvalidDate: true
    }).map((d) => d.toUTCString())
  )
  const reply = fc.record({ status: fc.integer(table.status), content: jsonish, retryAfter }).map(
    ({ content, retryAfter, status }): ScriptedReply => ({
      kind: "text",
      status,
      body: content.body,
      headers: { "content-type": content.type, ...(retryAfter === undefined ? {} : { "retry-after": retryAfter }) }
    })
  )
  return fc.oneof(
    { weight: table.weights.reply, arbitrary: reply },
    {
      weight: table.weights.transportFailure,
      arbitrary: fc.constantFrom(...table.transportCodes).map((code): ScriptedReply => ({
        kind: "transportFailure",
        code
      }))
    },
    { weight: table.weights.never, arbitrary: fc.constant<ScriptedReply>({ kind: "never" }) }
  )
}

/** The inputs of "arbitrary responses": a script of faults and a call. */
export const arbitraryResponseRuns = (fc: FastCheck) => {
  const script = fc.array(arbitraryFaults(fc), arbitraryResponses.script)
  const call = fc.constantFrom(...arbitraryResponses.calls)
  return [script, call] as [typeof script, typeof call]
}

/** The inputs of "create under random faults": a script of create faults and whether ambiguous creates fail. */
export const createUnderFaultsRuns = (fc: FastCheck) => {
  const script = fc.array(fc.constantFrom(...createFaults), createUnderFaults.script)
  const strict = fc.boolean()
  return [script, strict] as [typeof script, typeof strict]
}

/** A call's exit as plain values: a success, or a failure with its one typed Rockset error's tag, if that. */
export interface PlainOutcome {
  readonly success: boolean
  /** A success, or exactly one typed failure that is a Rockset error. */
  readonly typed: boolean
  readonly errorTag?: string | undefined
  /** The cause, printed (for a failure). */
  readonly pretty: string
}

const checker = () => {
  const mismatches: Array<string> = []
  const check = (holds: boolean, what: string) => {
    if (!holds) mismatches.push(what)
  }
  return { mismatches, check }
}

/** What goes wrong with a `{user}` value's call, given its outcome and the paths it sent. */
export const userValueMismatches = (
  user: string,
  outcome: PlainOutcome,
  paths: ReadonlyArray<string>
): ReadonlyArray<string> => {
  const { check, mismatches } = checker()
  check(outcome.typed, `a typed outcome: ${outcome.pretty}`)
  if (outcome.success) {
    check(paths.length === 1, `one request, not ${paths.length}`)
    const segment = paths[0] === undefined ? undefined : userSegment(paths[0])
    check(segment !== undefined, `a user segment in ${paths[0]}`)
    check(!segmentDelimiters.test(segment ?? ""), `no delimiter in the segment ${segment}`)
    check(decodeURIComponent(segment ?? "") === user, `the segment ${segment} decodes back`)
  } else {
    check(paths.length === 0, `nothing sent, not ${paths.length}`)
    check(outcome.errorTag === userValues.refusedTag, `refused as ${userValues.refusedTag}, not ${outcome.errorTag}`)
  }
  return mismatches
}

/** What goes wrong with an arbitrary script's call: typed, within the deadline, at most so many attempts. */
export const arbitraryResponseMismatches = (
  call: Call,
  outcome: PlainOutcome,
  observed: {
    readonly requests: number
    readonly elapsedMillis: number
    readonly totalTimeoutMillis: number
    readonly inFlight: number
  }
): ReadonlyArray<string> => {
  const { check, mismatches } = checker()
  check(outcome.typed, `a typed outcome: ${outcome.pretty}`)
  check(observed.requests <= maxRequests(call), `at most ${maxRequests(call)} requests, not ${observed.requests}`)
  check(observed.elapsedMillis <= observed.totalTimeoutMillis, `within the deadline (${observed.elapsedMillis} ms)`)
  check(observed.inFlight === 0, `nothing in flight, not ${observed.inFlight}`)
  return mismatches
}

/** What goes wrong with a create under `script`: at most one user, as asked on a success, few enough POSTs. */
export const createMismatches = (
  script: ReadonlyArray<CreateFault>,
  strict: boolean,
  outcome: PlainOutcome,
  server: ReturnType<typeof createServer>
): ReadonlyArray<string> => {
  const { check, mismatches } = checker()
  const table = createUnderFaults
  check(outcome.typed, `a typed outcome: ${outcome.pretty}`)
  check(server.ledger.size <= table.maxUsers, `at most ${table.maxUsers} users, not ${server.ledger.size}`)
  check(server.posts() <= table.maxPosts, `at most ${table.maxPosts} POSTs, not ${server.posts()}`)
  if (outcome.success) {
    const roles = server.ledger.get(table.email)?.roles
    check(isDeepStrictEqual(roles, [...table.roles]), `the user's roles ${roles}`)
  }
  if (strict) {
    const most = maxPostsWhenStrict(script)
    if (most !== undefined) check(server.posts() <= most, `at most ${most} POSTs when strict, not ${server.posts()}`)
  }
  return mismatches
}
