/**
 * Each status the emulator produces, and the typed error a client must make of it, run by each edition
 * through every runtime against the emulator on real sockets; then the default policy against injected
 * faults. Plain data: a group's steps run in order on one emulator; each edition's runner turns a step into a
 * call, with the request rewritten (`tamper`) where a well-behaved client never provokes the status.
 */
import { inspect, isDeepStrictEqual } from "node:util"
import * as Fault from "../../src/core/emulator/faults.js"
import type { ErrorTag } from "../../src/core/statuses.js"
import type { Call } from "./operations.js"
import type { ErrorFields } from "./plain.js"

/** A rewrite of every request the client sends. */
export type Tamper =
  | { readonly kind: "body"; readonly text: string; readonly contentType: string }
  | { readonly kind: "header"; readonly name: string; readonly value: string }
  | { readonly kind: "withoutHeader"; readonly name: string }
  | { readonly kind: "method"; readonly method: string }
  | { readonly kind: "accept"; readonly mediaType: string }

/** A typed error, and what it carries. */
export interface ExpectedError {
  readonly tag: ErrorTag
  readonly status?: number
  /** The Rockset error body's `type`. */
  readonly bodyType?: string
  /** A pattern the error body's `trace_id` matches. */
  readonly traceId?: RegExp
  /** Text the error body's `message` includes. */
  readonly messageIncludes?: string
  /** A Decode error's reason. */
  readonly reason?: string
  /** A Timeout's scope. */
  readonly scope?: string
  /** The bounds of the `Retry-After` it carries, in seconds. */
  readonly retryAfterSeconds?: readonly [min: number, max: number]
}

export interface StatusStep extends Call {
  /** Whose key the call uses: the admin's (default), the group's member's, or one the emulator does not know. */
  readonly as?: "member" | "unknown key"
  readonly tamper?: Tamper
  /** A fault added, once, on the step's operation before the call. */
  readonly fault?: Fault.Action
  /** The policy: no retry (default), or one attempt of `quickAttemptMillis`. */
  readonly quick?: true
  /** A typed error, or a success (with these fields). */
  readonly expect: ExpectedError | { readonly ok: Readonly<Record<string, unknown>> }
}

export interface StatusGroup {
  readonly name: string
  /** The emulator's rate limits (default: none). */
  readonly rateLimits?: { readonly create: number }
  /** A user added first, whose key the steps `as: "member"` use. */
  readonly member?: { readonly email: string; readonly roles: ReadonlyArray<string> }
  readonly steps: ReadonlyArray<StatusStep>
  /** How many users the organisation has at the end. */
  readonly usersAfter?: number
  /** The statuses of the emulator's log at the end. */
  readonly statusesAfter?: ReadonlyArray<number>
}

export const quickAttemptMillis = 300

/** The pattern of a Rockset trace id. */
export const traceId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const ada = { email: "ada@example.com", roles: ["member"] }
const json = "application/json"

export const statusGroups: ReadonlyArray<StatusGroup> = [
  {
    name: "400 BadRequest: a body that is not JSON, or an invalid email",
    steps: [
      {
        operation: "create",
        args: [ada],
        tamper: { kind: "body", text: "{\"email\":", contentType: json },
        expect: { tag: "BadRequest", status: 400 }
      },
      {
        operation: "create",
        args: [ada],
        tamper: { kind: "body", text: "{\"email\":\"nope\",\"roles\":[\"member\"]}", contentType: json },
        expect: { tag: "BadRequest", bodyType: "INVALIDINPUT" }
      }
    ]
  },
  {
    name: "401 Unauthorized: unknown, malformed or missing key",
    steps: [
      {
        operation: "list",
        args: [],
        as: "unknown key",
        expect: { tag: "Unauthorized", bodyType: "AUTHEXCEPTION", traceId }
      },
      {
        operation: "list",
        args: [],
        tamper: { kind: "header", name: "authorization", value: "Bearer abc" },
        expect: { tag: "Unauthorized" }
      },
      {
        operation: "list",
        args: [],
        tamper: { kind: "withoutHeader", name: "authorization" },
        expect: { tag: "Unauthorized" }
      }
    ]
  },
  {
    name: "403 Forbidden: a member creates, updates or deletes",
    member: { email: "member@example.com", roles: ["member", "read-only"] },
    steps: ([
      { operation: "create", args: [{ email: "x@example.com", roles: ["member"] }] },
      { operation: "update", args: ["member@example.com", { roles: ["admin"] }] },
      { operation: "deleteUser", args: ["admin@example.com"] }
    ] satisfies ReadonlyArray<Call>).map((step) => ({ ...step, as: "member", expect: { tag: "Forbidden" } } as const)),
    usersAfter: 2
  },
  {
    name: "404 NotFound, 405 MethodNotAllowed, 406 NotAcceptable, 409 Conflict, 415 UnsupportedMediaType",
    steps: [
      {
        operation: "get",
        args: ["ghost@example.com"],
        expect: { tag: "NotFound", messageIncludes: "ghost@example.com" }
      },
      {
        operation: "get",
        args: ["admin@example.com"],
        tamper: { kind: "method", method: "PUT" },
        expect: { tag: "MethodNotAllowed" }
      },
      {
        operation: "list",
        args: [],
        tamper: { kind: "accept", mediaType: "text/html" },
        expect: { tag: "NotAcceptable" }
      },
      {
        operation: "create",
        args: [{ email: "taken@example.com", roles: ["member"] }],
        expect: { ok: { email: "taken@example.com" } }
      },
      { operation: "create", args: [{ email: "TAKEN@example.com", roles: ["member"] }], expect: { tag: "Conflict" } },
      {
        operation: "create",
        args: [ada],
        tamper: { kind: "body", text: "email=ada@example.com", contentType: "application/x-www-form-urlencoded" },
        expect: { tag: "UnsupportedMediaType" }
      }
    ]
  },
  {
    name: "429 ResourceExceeded with the Retry-After the emulator sent",
    rateLimits: { create: 1 },
    steps: [
      { operation: "create", args: [{ email: "one@example.com", roles: ["member"] }], expect: { ok: {} } },
      {
        operation: "create",
        args: [{ email: "two@example.com", roles: ["member"] }],
        expect: { tag: "ResourceExceeded", bodyType: "RATELIMITEXCEEDED", retryAfterSeconds: [59, 60] }
      },
      { operation: "list", args: [], expect: { ok: {} } }
    ]
  },
  {
    name: "injected statuses: 408, 500, 501, 502 (HTML), 503 (Retry-After), 504 and an empty body",
    steps: (
      [
        [Fault.status(408), "RequestTimeout"],
        [Fault.status(500), "InternalError"],
        [Fault.status(501), "NotImplemented"],
        [Fault.status(502, { body: "html" }), "BadGateway"],
        [Fault.status(503, { retryAfter: 7 }), "NotReady"],
        [Fault.status(504, { body: "empty" }), "UnexpectedStatus"],
        [Fault.status(418, { type: "TEAPOT", message: "short and stout" }), "UnexpectedStatus"]
      ] as const
    ).map(([fault, tag]) => ({
      operation: "list",
      args: [],
      fault,
      expect: { tag, status: fault.kind === "status" ? fault.status : 0 }
    })),
    statusesAfter: [408, 500, 501, 502, 503, 504, 418]
  },
  {
    name: "injected faults seen through the client: redirect, reset, malformed or mis-shaped JSON",
    steps: [
      {
        operation: "list",
        args: [],
        fault: Fault.redirect("http://127.0.0.1:9", { status: 302 }),
        expect: { tag: "UnexpectedStatus", status: 302 }
      },
      { operation: "list", args: [], fault: Fault.reset(), expect: { tag: "Transport" } },
      { operation: "list", args: [], fault: Fault.malformedJson(), expect: { tag: "Decode", reason: "InvalidJson" } },
      {
        operation: "get",
        args: ["admin@example.com"],
        fault: Fault.wrongShape(),
        expect: { tag: "Decode", reason: "UnexpectedShape" }
      },
      { operation: "list", args: [], fault: Fault.partialBody("reset"), expect: { tag: "Transport" } }
    ]
  },
  {
    name: "stalls and slow bodies hit the attempt timeout; a quick drip still succeeds",
    steps: [
      { operation: "list", args: [], fault: Fault.stall(), quick: true, expect: { tag: "Timeout", scope: "attempt" } },
      {
        operation: "list",
        args: [],
        fault: Fault.partialBody("stall", { bytes: 5 }),
        quick: true,
        expect: { tag: "Timeout" }
      },
      {
        operation: "list",
        args: [],
        fault: Fault.drip({ intervalMillis: 100, chunkBytes: 64 }),
        quick: true,
        expect: { tag: "Timeout" }
      },
      {
        operation: "getCurrentUser",
        args: [],
        fault: Fault.drip({ intervalMillis: 20, chunkBytes: 512 }),
        quick: true,
        expect: { ok: { email: "admin@example.com" } }
      }
    ]
  }
]

// ---------------------------------------------------------------------------------------------------------------
// the default policy against injected faults
// ---------------------------------------------------------------------------------------------------------------

/** A refused connection sent nothing: a Transport failure, so even a create is repeated, to the limit. */
export const refusedConnection = {
  call: { operation: "create", args: [ada] } satisfies Call,
  /** Without retries: the error's `requestSent` and `code`. */
  once: { requestSent: false, code: "ECONNREFUSED" },
  /** With `maxAttempts` attempts `spacedMillis` apart: all of them made. */
  maxAttempts: 3,
  spacedMillis: 10
} as const

/** 503 twice, then success: three attempts. */
export const retriedThenSucceeds = {
  rule: { operation: "list", times: 2, action: Fault.status(503) } satisfies Fault.Rule,
  call: { operation: "list", args: [] } satisfies Call,
  /** The users listed (the admin). */
  length: 1,
  statuses: [503, 503, 200]
} as const

/** Creates applied before a failure, each recovered without a duplicate through its 409 lookup. */
export const recoveredCreates = {
  creates: [
    { fault: Fault.status(500, { apply: true }), email: "ada@example.com" },
    { fault: Fault.reset({ apply: true }), email: "bob@example.com" }
  ],
  usersAfter: ["admin@example.com", "ada@example.com", "bob@example.com"],
  /** `operation status` of each request in the emulator's log (null: no answer). */
  log: ["create 500", "create 409", "get 200", "create null", "create 409", "get 200"]
} as const

// ---------------------------------------------------------------------------------------------------------------
// how a step's outcome is checked: both runners turn their result into these plain values
// ---------------------------------------------------------------------------------------------------------------

/** A typed error as plain values (the runner reads them off its edition's error). */
export interface ObservedError extends ErrorFields {
  /** The `Retry-After` it carries, in seconds (0 when none). */
  readonly retryAfterSeconds: number
}

/** A step's result: the value of a success, or the typed error. */
export type StepResult =
  | { readonly _tag: "Success"; readonly value: unknown }
  | { readonly _tag: "Failure"; readonly error: ObservedError }

/** What in `result` differs from what `step` expects, one line each: empty when the step holds. */
export const stepMismatches = (step: StatusStep, result: StepResult): ReadonlyArray<string> => {
  const mismatches: Array<string> = []
  const check = (holds: boolean, what: string) => {
    if (!holds) mismatches.push(what)
  }
  const same = (actual: unknown, wanted: unknown, what: string) =>
    check(isDeepStrictEqual(actual, wanted), `${what}: expected ${inspect(wanted)}, got ${inspect(actual)}`)
  const expect = step.expect
  if ("ok" in expect) {
    if (result._tag !== "Success") return [`succeeds: got ${result.error.tag}`]
    const value = result.value as Readonly<Record<string, unknown>>
    for (const [field, expected] of Object.entries(expect.ok)) same(value[field], expected, field)
    return mismatches
  }
  if (result._tag === "Success") return [`expected ${expect.tag}, got a success`]
  const { error } = result
  same(error.tag, expect.tag, "tag")
  if (expect.status !== undefined) same(error.status, expect.status, "status")
  if (expect.bodyType !== undefined) same(error.body?.type, expect.bodyType, "body type")
  if (expect.traceId !== undefined) {
    check(expect.traceId.test(error.body?.trace_id ?? ""), `trace_id ${error.body?.trace_id} matches ${expect.traceId}`)
  }
  if (expect.messageIncludes !== undefined) {
    check(
      (error.body?.message ?? "").includes(expect.messageIncludes),
      `message ${inspect(error.body?.message)} includes ${inspect(expect.messageIncludes)}`
    )
  }
  if (expect.reason !== undefined) same(error.tag === "Decode" && error.reason, expect.reason, "reason")
  if (expect.scope !== undefined) same(error.tag === "Timeout" && error.scope, expect.scope, "scope")
  if (expect.retryAfterSeconds !== undefined) {
    const [min, max] = expect.retryAfterSeconds
    check(
      error.retryAfterSeconds >= min && error.retryAfterSeconds <= max,
      `Retry-After ${error.retryAfterSeconds}s within [${min}, ${max}]`
    )
  }
  return mismatches
}

/** What in the emulator's end state differs from what `group` expects. */
export const groupMismatches = (
  group: StatusGroup,
  observed: { readonly users: number; readonly statuses: ReadonlyArray<number | null> }
): ReadonlyArray<string> => [
  ...(group.usersAfter === undefined || group.usersAfter === observed.users
    ? []
    : [`the users at the end: expected ${group.usersAfter}, got ${observed.users}`]),
  ...(group.statusesAfter === undefined || isDeepStrictEqual(observed.statuses, [...group.statusesAfter])
    ? []
    : [`the statuses of the log: expected ${inspect(group.statusesAfter)}, got ${inspect(observed.statuses)}`])
]
