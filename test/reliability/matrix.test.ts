/**
 * The fault matrix (issue 7): every fault the emulator injects, crossed with every operation, through
 * undici on real sockets. Each cell checks the outcome class, the attempts in the emulator's log, the
 * emulator's state afterwards (no duplicate, no lost change), that no socket stays open, that nothing
 * ends in a defect, and that the canary key shows up on no surface (error, logs, spans, foreign origin).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it, layer } from "@effect/vitest"
import { Cause, Context, Duration, Effect, Exit, Fiber, Layer, Queue, Random, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, RocksetError, Users } from "effect-rockset"
import { Emulator, Fault } from "effect-rockset/emulator"
import { UndiciHttpClient } from "effect-rockset/undici"
import { readFileSync } from "node:fs"
import * as Net from "node:net"
import { inspect } from "node:util"
import {
  type OperationKind,
  type OperationName,
  operationNames,
  operations as tableOperations
} from "../../src/core/operations.js"
import { eventually, rawRequest } from "../emulator/helpers.js"
import { type LoopbackServer, startLoopbackServer } from "../support/loopbackServer.js"
import { captureLogs, echoOf, inMemoryTracing, leaks, spanText } from "../support/secrets.js"

// `+`, `/` and `=` make the percent-encoded form differ from the raw one.
const canary = "rs_CANARY+m4tr1x/7f3a=9c1e5b2dQ"
const admin = "admin@example.com"
const grace = "grace.hopper@example.com"
const ada = "ada.lovelace@example.com"
const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/
// Each cell runs with Random.make(baseSeed + its index); a failing cell prints its seed.
const baseSeed = 7_000

const attemptMillis = 500
const totalMillis = 3_000
const policy = Policy.defaultPolicy.pipe(
  Policy.withAttemptTimeout(`${attemptMillis} millis`),
  Policy.withTotalTimeout(`${totalMillis} millis`),
  Policy.withBackoff({ base: "10 millis", throttlingBase: "20 millis", cap: "100 millis" })
)

// ---------------------------------------------------------------------------------------------------------------
// operations and the change each one makes
// ---------------------------------------------------------------------------------------------------------------

/** How the matrix expects an operation to take faults: as the operation table's kind says. */
type Kind = "read" | "write" | "create"

const kindOf: Readonly<Record<OperationKind, Kind>> = { read: "read", update: "write", create: "create" }

interface State {
  readonly users: ReadonlyArray<{ readonly email: string; readonly roles: ReadonlyArray<string> | null | undefined }>
  readonly preferences: ReadonlyArray<string>
}

interface Operation {
  readonly name: Fault.Operation
  readonly kind: Kind
  readonly call: Effect.Effect<unknown, RocksetError.RocksetError, Users.Requirements>
  /** The state after the call's change was made (once). */
  readonly change: (state: State) => State
}

const unchanged = (state: State): State => state

/** A call of every operation of the table, and the change it makes: an operation added there must be added here. */
const calls: { readonly [Name in OperationName]: Omit<Operation, "name" | "kind"> } = {
  create: {
    call: Users.create({ email: ada, roles: ["member"] }),
    change: (state) => ({ ...state, users: [...state.users, { email: ada, roles: ["member"] }] })
  },
  deleteUser: {
    call: Users.deleteUser(grace),
    change: (state) => ({ ...state, users: state.users.filter((user) => user.email !== grace) })
  },
  get: { call: Users.get(grace), change: unchanged },
  getCurrentUser: { call: Users.getCurrentUser(), change: unchanged },
  list: { call: Users.list(), change: unchanged },
  listUnsubscribePreferences: { call: Users.listUnsubscribePreferences(), change: unchanged },
  updateUnsubscribePreferences: {
    call: Users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] }),
    change: (state) => ({ ...state, preferences: ["create_apikey"] })
  },
  update: {
    call: Users.update(grace, { roles: ["read-only"] }),
    change: (state) => ({
      ...state,
      users: state.users.map((user) => user.email === grace ? { ...user, roles: ["read-only"] } : user)
    })
  }
}

const operations: ReadonlyArray<Operation> = operationNames.map((name) => ({
  name,
  kind: kindOf[tableOperations[name].kind],
  ...calls[name]
}))

// ---------------------------------------------------------------------------------------------------------------
// faults and what each kind of operation should make of them
// ---------------------------------------------------------------------------------------------------------------

type ErrorTag = RocksetError.CallError["_tag"]

/** The class of each error tag, by the classes' own `_tag`. */
const errorClasses: ReadonlyMap<string, new(...args: never) => RocksetError.CallError> = new Map(
  [
    ...Object.values(RocksetError.statusErrors),
    RocksetError.UnexpectedStatus,
    RocksetError.Transport,
    RocksetError.Decode,
    RocksetError.Timeout
  ].map((ErrorClass) => [ErrorClass._tag, ErrorClass])
)

interface Expected {
  readonly result: "success" | "interrupted" | ErrorTag
  /** Requests of the operation itself, as the emulator logged them (and as the span counts them). */
  readonly attempts: number
  /** create's lookup of the user after a repeat met 409. */
  readonly lookups?: number
  /** Whether the operation's change is in the state afterwards, exactly once. */
  readonly changed: boolean
  /** The status of a status error, or the reason of a Decode error. */
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

interface FaultCase {
  readonly name: string
  /** The rules to install, scoped to the operation under test. */
  readonly rules: (foreignOrigin: string) => ReadonlyArray<Fault.Action | readonly [Fault.Action, Fault.Rule["times"]]>
  /**
   * Where the call goes instead of the emulator: a closed loopback port, or a host whose name the resolver
   * does not know (through node:http, whose agent takes a `lookup`: a closed network has no resolver to ask).
   */
  readonly target?: "closed port" | "unknown host"
  /** Interrupt the call once the emulator has the request. */
  readonly interrupt?: boolean
  readonly expect: Readonly<Record<Kind, Expected>>
}

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

const notRetried = (result: ErrorTag, detail?: number | string) =>
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

const faults: ReadonlyArray<FaultCase> = [
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

// ---------------------------------------------------------------------------------------------------------------
// the harness: a pool of emulators, one per concurrent cell, reset between cells
// ---------------------------------------------------------------------------------------------------------------

interface Harness {
  readonly emulators: Queue.Queue<Emulator.Service>
  readonly foreign: LoopbackServer
  /** A loopback port nobody listens on. */
  readonly closedPort: string
}

class HarnessTag extends Context.Tag("test/reliability/Harness")<HarnessTag, Harness>() {}

// vitest runs at most 5 concurrent tests by default (maxConcurrency)
const poolSize = 5

const closedPort = Effect.async<string>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address() as Net.AddressInfo
    server.close(() => resume(Effect.succeed(`http://127.0.0.1:${address.port}`)))
  })
})

const unknownHost = "https://api.rockset.invalid"

/** A resolver that knows no name, counting the lookups. */
const failingResolver = () => {
  let calls = 0
  const lookup: Net.LookupFunction = (hostname, _options, callback) => {
    calls++
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: "ENOTFOUND",
      errno: -3008,
      syscall: "getaddrinfo",
      hostname
    })
    process.nextTick(() => callback(error, "", 0))
  }
  return { lookup, calls: () => calls }
}

const HarnessLive = Layer.scoped(
  HarnessTag,
  Effect.gen(function*() {
    const emulators = yield* Queue.unbounded<Emulator.Service>()
    for (let i = 0; i < poolSize; i++) {
      const emulator = yield* Emulator.make({
        rateLimits: false,
        adminKey: canary,
        adminEmail: admin,
        seedUsers: [{ email: grace, roles: ["member"] }]
      })
      yield* Queue.offer(emulators, emulator)
    }
    const foreign = yield* Effect.acquireRelease(
      Effect.promise(() =>
        startLoopbackServer((_, response) => {
          response.writeHead(200, { "content-type": "application/json" })
          response.end("{}")
        })
      ),
      (server) => Effect.promise(() => server.close())
    )
    return { emulators, foreign, closedPort: yield* closedPort }
  })
).pipe(Layer.orDie)

const stateOf = (emulator: Emulator.Service) =>
  Effect.gen(function*() {
    yield* emulator.faults.clear
    const users = (yield* emulator.users).map((user) => ({ email: user.email, roles: user.roles }))
    const preferences = yield* rawRequest(emulator.url, {
      path: "/v1/orgs/self/users/self/preferences",
      headers: { authorization: `ApiKey ${canary}` }
    })
    if (preferences.outcome !== "response") throw new Error(`cannot read the preferences: ${preferences.outcome}`)
    const data = (JSON.parse(preferences.body) as { data: ReadonlyArray<{ notificationType: string }> }).data
    return { users, preferences: data.map((preference) => preference.notificationType) } satisfies State
  })

const surfacesOf = <A>(exit: Exit.Exit<A, RocksetError.RocksetError>): Record<string, string> => {
  if (Exit.isSuccess(exit)) {
    return { "JSON.stringify": JSON.stringify(exit.value), "util.inspect": inspect(exit.value, { depth: null }) }
  }
  const failure = Cause.failureOption(exit.cause)
  const surfaces: Record<string, string> = { "Cause.pretty": Cause.pretty(exit.cause) }
  if (failure._tag === "Some") {
    const error = failure.value
    surfaces["String"] = String(error)
    surfaces["message"] = error.message
    surfaces["JSON.stringify"] = JSON.stringify(error)
    surfaces["util.inspect"] = inspect(error, { depth: null, showHidden: true })
  }
  return surfaces
}

/**
 * The runtimes every cell runs on: the platform's undici client, which operations reach through the
 * `HttpClient` interface, and the lean one, whose direct way they take (see `src/core/exchange/direct.ts`).
 */
const runtimes: ReadonlyArray<{
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  readonly withLookup: (lookup: ReturnType<typeof failingResolver>["lookup"]) => Layer.Layer<HttpClient.HttpClient>
}> = [
  {
    name: "NodeHttpClient.layerUndici",
    layer: NodeHttpClient.layerUndici,
    withLookup: (lookup) =>
      NodeHttpClient.layerWithoutAgent.pipe(Layer.provide(NodeHttpClient.makeAgentLayer({ lookup })))
  },
  {
    name: "UndiciHttpClient.layer",
    layer: UndiciHttpClient.layer,
    withLookup: (lookup) => UndiciHttpClient.layerAgent({ connect: { lookup } })
  }
]

const runCell = (fault: FaultCase, operation: Operation, seed: number, runtime: (typeof runtimes)[number]) =>
  Effect.gen(function*() {
    const { closedPort, emulators, foreign } = yield* HarnessTag
    const emulator = yield* Effect.acquireRelease(Queue.take(emulators), (emulator) => Queue.offer(emulators, emulator))
    const where = `[${fault.name} × ${operation.name} on ${runtime.name}, seed ${seed}]`
    const expected = fault.expect[operation.kind]

    yield* emulator.reset
    yield* eventually(emulator.openConnections, (open) => open === 0)
    const before = yield* stateOf(emulator)
    yield* emulator.clearRequests
    yield* emulator.faults.add(
      ...fault.rules(foreign.url).map((rule) => {
        const [action, times] = Array.isArray(rule) ? rule : [rule, undefined]
        return { operation: operation.name, action, ...(times === undefined ? {} : { times }) }
      })
    )

    const resolver = failingResolver()
    const logs = captureLogs()
    const tracing = inMemoryTracing()
    const call = operation.call.pipe(Policy.withPolicy(policy), Effect.withRandom(Random.make(seed)))
    const { elapsed, exit, openDuringPool, spans } = yield* Effect.gen(function*() {
      const started = Date.now()
      let exit: Exit.Exit<unknown, RocksetError.RocksetError>
      let openDuringPool: number | undefined
      if (fault.interrupt === true) {
        const fiber = yield* Effect.fork(call)
        yield* eventually(emulator.requests, (requests) => requests.length > 0, 300)
        exit = yield* Fiber.interrupt(fiber)
        // the pool is still open: the interrupted request's own socket must be closed
        openDuringPool = yield* eventually(emulator.openConnections, (open) => open === 0)
      } else {
        exit = yield* Effect.exit(call)
      }
      const elapsed = Date.now() - started
      yield* Effect.logInfo(`${where} outcome`, exit)
      if (Exit.isFailure(exit)) {
        yield* Effect.logError(`${where} failed`, exit.cause)
        const failure = Cause.failureOption(exit.cause)
        if (failure._tag === "Some") yield* Effect.logWarning(failure.value, failure.value.message)
      }
      return { elapsed, exit, openDuringPool, spans: tracing.spans() }
    }).pipe(
      Effect.provide(
        fault.target === "unknown host" ? runtime.withLookup(resolver.lookup) : runtime.layer
      ),
      Effect.provide(Layer.mergeAll(
        ApiKey.layer(Redacted.make(canary)),
        ApiServer.layer(
          fault.target === "closed port" ? closedPort : fault.target === "unknown host" ? unknownHost : emulator.url
        ),
        tracing.layer
      )),
      Effect.orDie,
      logs.provide
    )

    // a typed outcome of the expected class, never a defect
    if (expected.result === "success") {
      assert.isTrue(
        Exit.isSuccess(exit),
        `${where} expected success, got ${Exit.isFailure(exit) && Cause.pretty(exit.cause)}`
      )
    } else if (expected.result === "interrupted") {
      assert.isTrue(Exit.isInterrupted(exit), `${where} expected an interruption`)
      assert.isTrue(Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause), `${where} only interrupted`)
    } else {
      if (Exit.isSuccess(exit)) return assert.fail(`${where} expected ${expected.result}, got success`)
      assert.isTrue(Cause.isFailType(exit.cause), `${where} one typed failure, no defect: ${Cause.pretty(exit.cause)}`)
      const error = Cause.isFailType(exit.cause) ? exit.cause.error : undefined
      assert.strictEqual(error?._tag, expected.result, `${where} error class`)
      const ErrorClass = errorClasses.get(expected.result)
      assert.isDefined(ErrorClass, `${where} a class for ${expected.result}`)
      assert.isTrue(error instanceof ErrorClass, `${where} instance of the class`)
      if (typeof expected.detail === "number") {
        assert.strictEqual(error !== undefined && "status" in error ? error.status : undefined, expected.detail, where)
      } else if (error?._tag === "Decode") {
        assert.strictEqual(error.reason, expected.detail, where)
      } else if (error?._tag === "Timeout") {
        assert.strictEqual(error.scope, expected.detail, where)
      } else if (error?._tag === "Transport") {
        assert.strictEqual(error.requestSent, fault.target === undefined, `${where} requestSent`)
        if (expected.detail !== undefined) assert.strictEqual(error.code, expected.detail, `${where} code`)
      }
      if (expected.retryAfter !== undefined) {
        const retryAfter = error !== undefined && "retryAfter" in error ? error.retryAfter : undefined
        assert.deepStrictEqual(retryAfter, Duration.seconds(expected.retryAfter), `${where} retryAfter`)
      }
    }
    assert.isAtMost(elapsed, totalMillis + 250, `${where} ended within the deadline`)
    if (expected.fastMillis !== undefined) assert.isBelow(elapsed, expected.fastMillis, `${where} failed fast`)

    // attempts, as the emulator saw them and as the span counts them
    const log = yield* emulator.requests
    const sent = log.map((record) => record.operation)
    const attempts = fault.target === undefined ? expected.attempts : 0
    if (fault.target === "unknown host") assert.strictEqual(resolver.calls(), expected.attempts, `${where} lookups`)
    assert.deepStrictEqual(
      sent,
      [...Array(attempts).fill(operation.name), ...Array(expected.lookups ?? 0).fill("get")],
      `${where} requests in the emulator's log`
    )
    const span = spans.find((span) => span.name === `Users.${operation.name}`)
    assert.isDefined(span, `${where} span`)
    if (expected.result !== "interrupted") {
      assert.strictEqual(span?.attributes["rockset.attempts"], expected.attempts, `${where} rockset.attempts`)
    }
    if (expected.retryReason !== undefined) {
      const reasons = span?.events.filter((event) => event.name === "rockset.retry")
        .map((event) => event.attributes?.["rockset.retry.reason"])
      assert.deepStrictEqual(reasons, [expected.retryReason], `${where} the retry event`)
    }
    if (expected.gapMillis !== undefined) {
      const gap = Date.parse(log[1]?.time ?? "") - Date.parse(log[0]?.time ?? "")
      assert.isAtLeast(gap, expected.gapMillis, `${where} waited for Retry-After`)
    }

    // no socket left open once the pool is closed; for an interruption, as soon as it happened
    if (openDuringPool !== undefined) assert.strictEqual(openDuringPool, 0, `${where} socket closed on interruption`)
    assert.strictEqual(yield* eventually(emulator.openConnections, (open) => open === 0), 0, `${where} open sockets`)
    if (fault.interrupt === true) {
      yield* Effect.sleep("50 millis")
      assert.lengthOf(yield* emulator.requests, 1, `${where} nothing sent after the interruption`)
    }

    // no duplicate, no lost change
    const after = yield* stateOf(emulator)
    assert.deepStrictEqual(after, expected.changed ? operation.change(before) : before, `${where} state`)

    // the key on no surface; no email in spans; nothing reaches the foreign origin
    const surfaces: Record<string, string> = {
      ...surfacesOf(exit),
      "Logger.json": logs.lines.json.join("\n"),
      "Logger.logFmt": logs.lines.logfmt.join("\n"),
      "Logger.pretty": logs.lines.pretty.join("\n"),
      spans: spanText(spans)
    }
    for (const format of ["json", "logfmt", "pretty"] as const) {
      assert.isNotEmpty(logs.lines[format], `${where} ${format} log lines`)
    }
    const leaked = Object.entries(surfaces).flatMap(([surface, text]) =>
      leaks(text, canary).map((form) => `${surface}: ${form}`)
    )
    assert.deepStrictEqual(leaked, [], `${where} the key leaked`)
    assert.notMatch(spanText(spans), emailPattern, `${where} an email in a span`)
    assert.deepStrictEqual(foreign.requests(), [], `${where} the foreign origin received a request`)
  }).pipe(Effect.scoped)

describe("RELIABILITY.md", () => {
  it("has a row for every fault kind of the matrix, and its cell count", () => {
    const doc = readFileSync(new URL("../../RELIABILITY.md", import.meta.url), "utf8")
    const rows = faults.map((fault, index) => `| ${index + 1} | ${fault.name} |`)
    assert.deepStrictEqual(rows.filter((row) => !doc.includes(row)), [])
    assert.include(
      doc,
      `${faults.length} fault kinds × ${operations.length} operations = ${faults.length * operations.length} cells`
    )
  })
})

describe.concurrent("fault matrix", () => {
  layer(HarnessLive, { excludeTestServices: true })((it) => {
    for (const runtime of runtimes) {
      let index = 0
      for (const fault of faults) {
        for (const operation of operations) {
          const seed = baseSeed + index++
          it.effect(`${fault.name} × ${operation.name} on ${runtime.name}`, () =>
            runCell(fault, operation, seed, runtime))
        }
      }
    }
  })
})
