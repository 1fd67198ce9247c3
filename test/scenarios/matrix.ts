/**
 * The fault matrix (issue 7): every fault the emulator injects, crossed with every operation, and what each
 * kind of operation must make of it. Plain data (the faults are the core's rules, which both editions'
 * `Fault` modules wrap); each edition's runner turns a cell into a call on real sockets and checks the
 * outcome, the attempts, the state afterwards, the sockets and the key on every surface.
 */
import { inspect, isDeepStrictEqual } from "node:util"
import * as Fault from "../../src/core/emulator/faults.js"
import { type OperationKind, type OperationName, operationNames, operations } from "../../src/core/operations.js"
import type { ErrorTag } from "../../src/core/statuses.js"
import { echoOf, leakedOn } from "./secrets.js"

// `+`, `/` and `=` make the percent-encoded form differ from the raw one.
export const canary = "rs_CANARY+m4tr1x/7f3a=9c1e5b2dQ"
export const admin = "admin@example.com"
export const grace = "grace.hopper@example.com"
export const ada = "ada.lovelace@example.com"
/** The users the emulator starts with, besides the admin. */
export const seedUsers = [{ email: grace, roles: ["member"] }]
/** No email may show up in a span. */
export const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/
/** Each cell runs with its edition's `Random.make(baseSeed + its index)`; a failing cell prints its seed. */
export const baseSeed = 7_000

/** The policy of every cell: the default one, with these limits and backoff. */
export const attemptMillis = 500
export const totalMillis = 3_000
export const backoffMillis = { base: 10, throttlingBase: 20, cap: 100 }
/** How late past the total deadline a call may still end (the runner's scheduling). */
export const deadlineSlackMillis = 250

// ---------------------------------------------------------------------------------------------------------------
// operations and the change each one makes
// ---------------------------------------------------------------------------------------------------------------

/** How the matrix expects an operation to take faults: as the operation table's kind says. */
export type Kind = "read" | "write" | "create"

export const kindOf: Readonly<Record<OperationKind, Kind>> = { read: "read", update: "write", create: "create" }

/** What the runner reads back from the emulator after each cell. */
export interface State {
  readonly users: ReadonlyArray<{ readonly email: string; readonly roles: ReadonlyArray<string> | null | undefined }>
  readonly preferences: ReadonlyArray<string>
}

export interface Operation {
  readonly name: OperationName
  readonly kind: Kind
  /** The arguments the operation is called with. */
  readonly args: ReadonlyArray<unknown>
  /** The state after the call's change was made (once). */
  readonly change: (state: State) => State
}

const unchanged = (state: State): State => state

/** A call of every operation of the table, and the change it makes: an operation added there must be added here. */
const calls: { readonly [Name in OperationName]: Omit<Operation, "name" | "kind"> } = {
  create: {
    args: [{ email: ada, roles: ["member"] }],
    change: (state) => ({ ...state, users: [...state.users, { email: ada, roles: ["member"] }] })
  },
  deleteUser: {
    args: [grace],
    change: (state) => ({ ...state, users: state.users.filter((user) => user.email !== grace) })
  },
  get: { args: [grace], change: unchanged },
  getCurrentUser: { args: [], change: unchanged },
  list: { args: [], change: unchanged },
  listUnsubscribePreferences: { args: [], change: unchanged },
  updateUnsubscribePreferences: {
    args: [{ data: [{ notificationType: "create_apikey" }] }],
    change: (state) => ({ ...state, preferences: ["create_apikey"] })
  },
  update: {
    args: [grace, { roles: ["read-only"] }],
    change: (state) => ({
      ...state,
      users: state.users.map((user) => user.email === grace ? { ...user, roles: ["read-only"] } : user)
    })
  }
}

export const matrixOperations: ReadonlyArray<Operation> = operationNames.map((name) => ({
  name,
  kind: kindOf[operations[name].kind],
  ...calls[name]
}))

// ---------------------------------------------------------------------------------------------------------------
// faults and what each kind of operation should make of them
// ---------------------------------------------------------------------------------------------------------------

export interface Expected {
  readonly result: "success" | "interrupted" | Exclude<ErrorTag, "InvalidRequest">
  /** Requests of the operation itself, as the emulator logged them (and as the span counts them). */
  readonly attempts: number
  /** create's lookup of the user after a repeat met 409. */
  readonly lookups?: number
  /** Whether the operation's change is in the state afterwards, exactly once. */
  readonly changed: boolean
  /** The status of a status error, the reason of a Decode error, the scope of a Timeout, a Transport's code. */
  readonly detail?: number | string
  /** The least time between the first two attempts (Retry-After). */
  readonly gapMillis?: number
  /** The most the call may take: it fails at once instead of sleeping. */
  readonly fastMillis?: number
  /** The `Retry-After` the error carries, in seconds. */
  readonly retryAfter?: number
  /** The reason the span's `rockset.retry` event gives. */
  readonly retryReason?: string
}

/** A rule's action, alone (once) or with its `times`. */
export type RuleSpec = Fault.Action | readonly [Fault.Action, Fault.Rule["times"]]

export interface FaultCase {
  readonly name: string
  /** The rules to install, scoped to the operation under test (built per cell: some read the clock). */
  readonly rules: (foreignOrigin: string) => ReadonlyArray<RuleSpec>
  /**
   * Where the call goes instead of the emulator: a closed loopback port, or a host whose name the resolver
   * does not know (through a resolver the runner installs: a closed network has no resolver to ask).
   */
  readonly target?: "closed port" | "unknown host"
  /** Interrupt the call once the emulator has the request. */
  readonly interrupt?: boolean
  readonly expect: Readonly<Record<Kind, Expected>>
}

/** The host of the "unknown host" cells. */
export const unknownHost = "https://api.rockset.invalid"

/** The rules of a cell, scoped to its operation. */
export const rulesFor = (
  fault: FaultCase,
  operation: OperationName,
  foreignOrigin: string
): ReadonlyArray<Fault.Rule> =>
  fault.rules(foreignOrigin).map((rule) => {
    const [action, times] = Array.isArray(rule) ? rule : [rule as Fault.Action, undefined]
    return { operation, action, ...(times === undefined ? {} : { times }) }
  })

/** The operations the emulator must log for a cell, in order. */
export const expectedLog = (
  fault: FaultCase,
  operation: OperationName,
  expected: Expected
): Array<OperationName | null> => [
  ...Array<OperationName>(fault.target === undefined ? expected.attempts : 0).fill(operation),
  ...Array<OperationName>(expected.lookups ?? 0).fill("get")
]

const everywhere = (expected: Expected): Readonly<Record<Kind, Expected>> => ({
  read: expected,
  write: expected,
  create: expected
})

/** One attempt fails, the next one succeeds: the change is made once. */
const recovered = (options: { readonly gapMillis?: number; readonly retryReason?: string } = {}) =>
  everywhere({ result: "success", attempts: 2, changed: true, ...options })

/** The first attempt made the change and failed; the repeat succeeds, create's through its 409 lookup. */
const recoveredAfterApply: Readonly<Record<Kind, Expected>> = {
  read: { result: "success", attempts: 2, changed: true },
  write: { result: "success", attempts: 2, changed: true },
  create: { result: "success", attempts: 2, lookups: 1, changed: true }
}

const notRetried = (result: Expected["result"], detail?: number | string) =>
  everywhere({ result, attempts: 1, changed: false, ...(detail === undefined ? {} : { detail }) })

/** The change is made, the answer is not usable, and nothing is repeated. */
const appliedThenUndecodable = (reason: string) =>
  everywhere({ result: "Decode", attempts: 1, changed: true, detail: reason })

const echo = `${echoOf(canary)} for ${grace}`
const status = (
  code: number,
  options: { readonly retryAfter?: number | string; readonly body?: "html"; readonly apply?: true } = {}
) => Fault.status(code, { message: echo, ...options })

const retriedStatuses = [
  [408, "RequestTimeout"],
  [429, "ResourceExceeded"],
  [500, "InternalError"],
  [502, "BadGateway"],
  [503, "NotReady"]
] as const

const clientErrors = [
  [400, "BadRequest"],
  [401, "Unauthorized"],
  [403, "Forbidden"],
  [404, "NotFound"],
  [405, "MethodNotAllowed"],
  [406, "NotAcceptable"],
  [409, "Conflict"],
  [415, "UnsupportedMediaType"]
] as const

/** Every fault kind of the matrix, in RELIABILITY.md's order. */
export const faults: ReadonlyArray<FaultCase> = [
  {
    name: "connection refused (closed port)",
    rules: () => [],
    target: "closed port",
    expect: everywhere({ result: "Transport", attempts: 3, changed: false, detail: "ECONNREFUSED" })
  },
  {
    name: "DNS failure (ENOTFOUND)",
    rules: () => [],
    target: "unknown host",
    expect: everywhere({ result: "Transport", attempts: 3, changed: false, detail: "ENOTFOUND" })
  },
  { name: "reset before the change is applied", rules: () => [Fault.reset()], expect: recovered() },
  {
    name: "reset after the change is applied",
    rules: () => [Fault.reset({ apply: true })],
    expect: recoveredAfterApply
  },
  { name: "500 after the change is applied", rules: () => [status(500, { apply: true })], expect: recoveredAfterApply },
  { name: "stall before headers", rules: () => [Fault.stall()], expect: recovered() },
  {
    name: "stall after the change is applied",
    rules: () => [Fault.stall({ apply: true })],
    expect: recoveredAfterApply
  },
  {
    name: "partial body, then stall",
    rules: () => [Fault.partialBody("stall", { bytes: 5 })],
    expect: recoveredAfterApply
  },
  {
    name: "partial body, then reset",
    rules: () => [Fault.partialBody("reset", { bytes: 5 })],
    expect: recoveredAfterApply
  },
  {
    name: "slow drip, every attempt",
    rules: () => [[Fault.drip({ intervalMillis: 100, chunkBytes: 1 }), "persistent"]],
    expect: {
      read: { result: "Timeout", attempts: 3, changed: false, detail: "attempt" },
      write: { result: "Timeout", attempts: 3, changed: true, detail: "attempt" },
      create: { result: "Timeout", attempts: 3, changed: true, detail: "attempt" }
    }
  },
  {
    name: "quick drip",
    // chunks of 512 bytes: the current user (3.6 kB with the organisation's clusters, as recorded) arrives in
    // a handful of chunks, well within the attempt limit even on a loaded machine
    rules: () => [Fault.drip({ intervalMillis: 5, chunkBytes: 512 })],
    expect: everywhere({ result: "success", attempts: 1, changed: true })
  },
  {
    name: "latency under the attempt limit",
    rules: () => [Fault.latency(100)],
    expect: everywhere({ result: "success", attempts: 1, changed: true })
  },
  ...retriedStatuses.flatMap(([code, tag]) => [
    { name: `${code}`, rules: () => [status(code)], expect: recovered({ retryReason: `${tag} (${code})` }) },
    {
      name: `${code} with Retry-After: 1`,
      rules: () => [status(code, { retryAfter: 1 })],
      expect: recovered({ gapMillis: 900, retryReason: `${tag} (${code})` })
    }
  ]),
  ...([[429, "ResourceExceeded"], [503, "NotReady"]] as const).map(([code, tag]) => ({
    name: `${code} with Retry-After past the deadline`,
    rules: () => [status(code, { retryAfter: 60 })],
    expect: everywhere({
      result: tag,
      attempts: 1,
      changed: false,
      detail: code,
      retryAfter: 60,
      fastMillis: attemptMillis
    })
  })),
  {
    name: "503 with Retry-After as an HTTP-date",
    rules: () => [status(503, { retryAfter: new Date(Date.now() + 2_000).toUTCString() })],
    expect: recovered({ gapMillis: 900, retryReason: "NotReady (503)" })
  },
  {
    name: "503 with a garbage Retry-After",
    rules: () => [status(503, { retryAfter: "soon" })],
    expect: recovered({ retryReason: "NotReady (503)" })
  },
  {
    name: "502 with an HTML body",
    rules: () => [status(502, { body: "html" })],
    expect: recovered({ retryReason: "BadGateway (502)" })
  },
  { name: "504", rules: () => [status(504)], expect: recovered({ retryReason: "UnexpectedStatus (504)" }) },
  {
    name: "persistent 503",
    rules: () => [[status(503), "persistent"]],
    expect: everywhere({ result: "NotReady", attempts: 3, changed: false, detail: 503 })
  },
  {
    name: "503 alternating with resets",
    rules: () => [status(503), Fault.reset(), status(503), Fault.reset(), status(503)],
    expect: everywhere({ result: "NotReady", attempts: 3, changed: false, detail: 503 })
  },
  { name: "501", rules: () => [status(501)], expect: notRetried("NotImplemented", 501) },
  ...clientErrors.map(([code, tag]) => ({
    name: `${code}`,
    rules: () => [status(code)],
    expect: notRetried(tag, code)
  })),
  {
    name: "malformed JSON after the change is applied",
    rules: () => [Fault.malformedJson({ apply: true })],
    expect: appliedThenUndecodable("InvalidJson")
  },
  {
    name: "JSON of the wrong shape after the change is applied",
    rules: () => [Fault.wrongShape({ apply: true })],
    expect: appliedThenUndecodable("UnexpectedShape")
  },
  {
    name: "redirect to another origin",
    rules: (foreign) => [Fault.redirect(foreign)],
    expect: notRetried("UnexpectedStatus", 307)
  },
  {
    name: "interruption mid-request",
    rules: () => [Fault.stall()],
    interrupt: true,
    expect: everywhere({ result: "interrupted", attempts: 1, changed: false })
  }
]

/** The cells, in order, each with its seed: the same numbering on every runtime. */
export const cells: ReadonlyArray<{ readonly fault: FaultCase; readonly operation: Operation; readonly seed: number }> =
  faults.flatMap((fault, f) =>
    matrixOperations.map((operation, o) => ({ fault, operation, seed: baseSeed + f * matrixOperations.length + o }))
  )

/** RELIABILITY.md's row for each fault kind, and its line counting the cells. */
export const reliabilityRows = faults.map((fault, index) => `| ${index + 1} | ${fault.name} |`)
export const reliabilityCount = `${faults.length} fault kinds × ${matrixOperations.length} operations = ${
  faults.length * matrixOperations.length
} cells`

// ---------------------------------------------------------------------------------------------------------------
// how a cell's observation is checked: both runners turn their outcome into these plain values
// ---------------------------------------------------------------------------------------------------------------

/** The typed failure of a cell, as plain values (the runner reads them off its edition's error). */
export interface ObservedError {
  readonly tag: string
  /** An instance of the class the tag names, in the runner's edition. */
  readonly isClass: boolean
  /** What the edition's `isRocksetError` says of it, where the runner asks. */
  readonly isRocksetError?: boolean
  readonly status?: number | undefined
  readonly reason?: string | undefined
  readonly scope?: string | undefined
  readonly requestSent?: boolean | undefined
  readonly code?: string | undefined
  readonly retryAfterMillis?: number | undefined
}

/** How a cell's call ended. */
export type ObservedOutcome =
  | { readonly _tag: "Success" }
  /** An interruption; `only` when the cause holds nothing else. */
  | { readonly _tag: "Interrupted"; readonly only: boolean }
  /** A failure: its one typed error, or none when the cause is anything else (a defect, several); its text. */
  | { readonly _tag: "Failure"; readonly error: ObservedError | undefined; readonly pretty: string }

/** Everything a runner observed of one cell, as plain values. */
export interface Observation {
  readonly outcome: ObservedOutcome
  readonly elapsedMillis: number
  /** Lookups the failing resolver answered. */
  readonly lookups: number
  /** The emulator's log: each request's operation and time. */
  readonly log: ReadonlyArray<{ readonly operation: OperationName | null; readonly time: string }>
  /** The call's span: `undefined` when there is none. */
  readonly span: { readonly attempts: unknown; readonly retryReasons: ReadonlyArray<unknown> } | undefined
  /** Sockets open right after an interruption, the pool still open; `undefined` when nothing was interrupted. */
  readonly openDuringPool: number | undefined
  /** Sockets open once the pool is closed. */
  readonly openAfter: number
  /** Requests in the emulator's log a while after an interruption. */
  readonly logAfterInterruption: number | undefined
  readonly before: State
  readonly after: State
  /** Each surface the key is looked for on (error, logs in each format, spans), by name. */
  readonly surfaces: Readonly<Record<string, string>>
  /** How many log lines each format caught. */
  readonly logLines: Readonly<Record<"json" | "logfmt" | "pretty", number>>
  readonly spanText: string
  readonly foreignRequests: number
}

/** What in `observed` differs from what the cell expects, one line each: empty when the cell holds. */
export const cellMismatches = (
  fault: FaultCase,
  operation: Operation,
  observed: Observation
): ReadonlyArray<string> => {
  const expected = fault.expect[operation.kind]
  const mismatches: Array<string> = []
  const check = (holds: boolean, what: string) => {
    if (!holds) mismatches.push(what)
  }
  const same = (actual: unknown, wanted: unknown, what: string) =>
    check(isDeepStrictEqual(actual, wanted), `${what}: expected ${inspect(wanted)}, got ${inspect(actual)}`)
  const { outcome } = observed

  // a typed outcome of the expected class, never a defect
  if (expected.result === "success") {
    check(
      outcome._tag === "Success",
      `expected success, got ${outcome._tag === "Failure" ? outcome.pretty : outcome._tag}`
    )
  } else if (expected.result === "interrupted") {
    check(outcome._tag === "Interrupted", "expected an interruption")
    check(outcome._tag === "Interrupted" && outcome.only, "only interrupted")
  } else if (outcome._tag !== "Failure") {
    mismatches.push(`expected ${expected.result}, got ${outcome._tag}`)
  } else {
    const error = outcome.error
    check(error !== undefined, `one typed failure, no defect: ${outcome.pretty}`)
    same(error?.tag, expected.result, "error class")
    check(error?.isClass === true, "instance of the class")
    if (error?.isRocksetError !== undefined) check(error.isRocksetError, "isRocksetError")
    if (typeof expected.detail === "number") same(error?.status, expected.detail, "status")
    else if (error?.tag === "Decode") same(error.reason, expected.detail, "reason")
    else if (error?.tag === "Timeout") same(error.scope, expected.detail, "scope")
    else if (error?.tag === "Transport") {
      same(error.requestSent, fault.target === undefined, "requestSent")
      if (expected.detail !== undefined) same(error.code, expected.detail, "code")
    }
    if (expected.retryAfter !== undefined) same(error?.retryAfterMillis, expected.retryAfter * 1_000, "retryAfter")
  }
  check(
    observed.elapsedMillis <= totalMillis + deadlineSlackMillis,
    `ended within the deadline (${observed.elapsedMillis} ms)`
  )
  if (expected.fastMillis !== undefined) {
    check(observed.elapsedMillis < expected.fastMillis, `failed fast (${observed.elapsedMillis} ms)`)
  }

  // attempts, as the emulator saw them and as the span counts them
  if (fault.target === "unknown host") same(observed.lookups, expected.attempts, "lookups")
  same(
    observed.log.map((record) => record.operation),
    expectedLog(fault, operation.name, expected),
    "requests in the emulator's log"
  )
  check(observed.span !== undefined, "span")
  if (expected.result !== "interrupted") same(observed.span?.attempts, expected.attempts, "rockset.attempts")
  if (expected.retryReason !== undefined) same(observed.span?.retryReasons, [expected.retryReason], "the retry event")
  if (expected.gapMillis !== undefined) {
    const gap = Date.parse(observed.log[1]?.time ?? "") - Date.parse(observed.log[0]?.time ?? "")
    check(gap >= expected.gapMillis, `waited for Retry-After (${gap} ms)`)
  }

  // no socket left open once the pool is closed; for an interruption, as soon as it happened
  if (observed.openDuringPool !== undefined) same(observed.openDuringPool, 0, "socket closed on interruption")
  same(observed.openAfter, 0, "open sockets")
  if (fault.interrupt === true) same(observed.logAfterInterruption, 1, "nothing sent after the interruption")

  // no duplicate, no lost change
  same(observed.after, expected.changed ? operation.change(observed.before) : observed.before, "state")

  // the key on no surface; no email in spans; nothing reaches the foreign origin
  for (const format of ["json", "logfmt", "pretty"] as const) {
    check(observed.logLines[format] > 0, `${format} log lines`)
  }
  same(leakedOn(observed.surfaces, canary), [], "the key leaked")
  check(!emailPattern.test(observed.spanText), "an email in a span")
  same(observed.foreignRequests, 0, "the foreign origin received a request")
  return mismatches
}
