/**
 * The fault matrix (issue 7): every fault the emulator injects, crossed with every operation, and what each
 * kind of operation must make of it. Plain data (the faults are the core's rules, which both editions'
 * `Fault` modules wrap); each edition's runner turns a cell into a call on real sockets and checks the
 * outcome, the attempts, the state afterwards, the sockets and the key on every surface.
 */
import * as Fault from "../../src/core/emulator/faults.js"
import { type OperationKind, type OperationName, operationNames, operations } from "../../src/core/operations.js"
import type { ErrorTag } from "../../src/core/statuses.js"
import { echoOf } from "./secrets.js"

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
    rules: () => [Fault.drip({ intervalMillis: 5, chunkBytes: 128 })],
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
