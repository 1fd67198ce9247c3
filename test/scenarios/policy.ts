/**
 * The policy's acceptance scenarios (issue 4), run by each edition against the emulator on real sockets: the
 * retry budget under a retry storm, ambiguous creates that end with exactly one user, and redirects to another
 * origin that are not followed. Plain data (the faults are the core's rules).
 */
import { inspect, isDeepStrictEqual } from "node:util"
import * as Fault from "../../src/core/emulator/faults.js"
import type { Call } from "./operations.js"

export const canary = "rs_CANARY+p0l1cy/7f3a=9c1e5b2dQ"
export const ada = "ada.lovelace@example.com"
/** The backoff's jitter is the only randomness: it comes from this seed. */
export const seed = 4_004

/** Many concurrent gets on an always-503 emulator, through one client: the budget bounds the retries. */
export const retryStorm = {
  rule: { operation: "get", times: "persistent", action: Fault.status(503) } satisfies Fault.Rule,
  call: { operation: "get", args: ["admin@example.com"] } satisfies Call,
  calls: 1_000,
  /** The most attempts in all (the budget's own arithmetic is checked against the edition's defaults too). */
  maxAttempts: 1_100,
  /** Every call ends with this error. */
  tags: ["NotReady"],
  /**
   * The calls' attempt and total limits: generous, so that a machine slowed by other work does not turn a
   * 503 into a Timeout (this scenario is the budget's arithmetic, not a timeout's).
   */
  attemptTimeout: "1 minute",
  totalTimeout: "2 minutes"
} as const

/** The attempt limit of the ambiguous creates. */
export const ambiguousAttemptMillis = 400

/** A create applied and then failed ambiguously: one user, a success, through the 409 lookup. */
export const ambiguousCreates: ReadonlyArray<{ readonly name: string; readonly fault: Fault.Action }> = [
  { name: "a reset after the user was created", fault: Fault.reset({ apply: true }) },
  { name: "a timeout after the user was created", fault: Fault.stall({ apply: true }) }
]
export const ambiguousCreate = {
  call: { operation: "create", args: [{ email: ada, roles: ["member"] }] } satisfies Call,
  roles: ["member"],
  /** `operation status` of each request in the emulator's log (null: no answer). */
  log: ["create null", "create 409", "get 200"]
} as const

/** The lookup after a 409 is retried like any read. */
export const lookupRetried = {
  name: "a create applied before a reset, then a 503 on the lookup: one user, a success",
  rules: [
    { operation: "create", action: Fault.reset({ apply: true }) },
    { operation: "get", action: Fault.status(503) }
  ] satisfies ReadonlyArray<Fault.Rule>,
  call: ambiguousCreate.call,
  log: ["create null", "create 409", "get 503", "get 200"]
} as const

/** Redirects to another origin, with each of these statuses, on each of these calls: never followed. */
export const redirectStatuses = [301, 302, 303, 307, 308] as const
export const redirectedCalls: ReadonlyArray<Call> = [
  { operation: "get", args: ["admin@example.com"] },
  { operation: "create", args: [{ email: ada, roles: ["member"] }] },
  { operation: "deleteUser", args: ["admin@example.com"] }
]
/** What the other origin answers, if it were ever asked. */
export const foreignAnswer = { data: { email: ada, roles: ["member"] } }

// ---------------------------------------------------------------------------------------------------------------
// how each scenario's outcome is checked: both runners turn theirs into these plain values
// ---------------------------------------------------------------------------------------------------------------

const same = (mismatches: Array<string>, actual: unknown, wanted: unknown, what: string) => {
  if (!isDeepStrictEqual(actual, wanted)) {
    mismatches.push(`${what}: expected ${inspect(wanted)}, got ${inspect(actual)}`)
  }
}

/** What goes wrong with a retry storm: too many or too few attempts, another error, a socket left open. */
export const stormMismatches = (
  observed: { readonly attempts: number; readonly tags: ReadonlyArray<string>; readonly openAfter: number },
  budget: { readonly capacity: number; readonly retryCost: number }
): ReadonlyArray<string> => {
  const mismatches: Array<string> = []
  const { attempts } = observed
  if (attempts > retryStorm.maxAttempts) mismatches.push(`${attempts} attempts, more than ${retryStorm.maxAttempts}`)
  // the budget's arithmetic: 500 tokens at 10 a retry buy 50 retries, and no call succeeds to refund any
  const most = retryStorm.calls + budget.capacity / budget.retryCost
  if (attempts > most) mismatches.push(`${attempts} attempts, more than the budget's ${most}`)
  if (attempts <= retryStorm.calls) {
    mismatches.push(`some calls were retried before the budget ran out: ${attempts} attempts for ${retryStorm.calls}`)
  }
  same(mismatches, [...new Set(observed.tags)], [...retryStorm.tags], "the errors")
  same(mismatches, observed.openAfter, 0, "open sockets")
  return mismatches
}

/** What goes wrong with a create that must end with one user and a success, given its scenario. */
export const createdMismatches = (
  expected: { readonly roles?: ReadonlyArray<string>; readonly log: ReadonlyArray<string> },
  observed: {
    readonly created: { readonly email: string; readonly roles?: unknown }
    /** The organisation's users with the created email. */
    readonly users: number
    /** `operation status` of each request in the emulator's log. */
    readonly log: ReadonlyArray<string>
  }
): ReadonlyArray<string> => {
  const mismatches: Array<string> = []
  same(mismatches, observed.created.email, ada, "the created email")
  if (expected.roles !== undefined) same(mismatches, observed.created.roles, [...expected.roles], "the created roles")
  same(mismatches, observed.users, 1, "users with the email")
  same(mismatches, observed.log, [...expected.log], "the emulator's log")
  return mismatches
}

/** What goes wrong with one redirected call: it must fail as UnexpectedStatus with that status, not retried. */
export const redirectMismatches = (
  status: number,
  observed: { readonly tag: string; readonly status: number | undefined; readonly requests: number }
): ReadonlyArray<string> => {
  const mismatches: Array<string> = []
  same(mismatches, observed.tag, "UnexpectedStatus", "the error")
  same(mismatches, observed.status, status, "the status")
  same(mismatches, observed.requests, 1, "requests (not retried)")
  return mismatches
}

/** What goes wrong after all the redirects: a change, a request or a connection to the other origin. */
export const afterRedirectsMismatches = (observed: {
  readonly before: unknown
  readonly after: unknown
  readonly foreignRequests: ReadonlyArray<unknown>
  readonly foreignConnections: number
}): ReadonlyArray<string> => {
  const mismatches: Array<string> = []
  same(mismatches, observed.after, observed.before, "nothing changed")
  same(mismatches, observed.foreignRequests, [], "the other origin received no request")
  same(mismatches, observed.foreignConnections, 0, "nor a connection")
  return mismatches
}
