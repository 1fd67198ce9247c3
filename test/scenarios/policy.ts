/**
 * The policy's acceptance scenarios (issue 4), run by each edition against the emulator on real sockets: the
 * retry budget under a retry storm, ambiguous creates that end with exactly one user, and redirects to another
 * origin that are not followed. Plain data (the faults are the core's rules).
 */
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
  tags: ["NotReady"]
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
