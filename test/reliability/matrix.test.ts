/**
 * The fault matrix (issue 7), run by the Effect 3 edition: every cell of test/scenarios/matrix.ts through
 * undici on real sockets, on each runtime. Each cell checks the outcome class, the attempts in the emulator's
 * log, the emulator's state afterwards (no duplicate, no lost change), that no socket stays open, that nothing
 * ends in a defect, and that the canary key shows up on no surface (error, logs, spans, foreign origin).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it, layer } from "@effect/vitest"
import { Cause, Context, Duration, Effect, Exit, Fiber, Layer, Queue, Random, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, RocksetError } from "effect-rockset"
import { Emulator } from "effect-rockset/emulator"
import { UndiciHttpClient } from "effect-rockset/undici"
import { readFileSync } from "node:fs"
import * as Net from "node:net"
import { inspect } from "node:util"
import { eventually, rawRequest } from "../emulator/helpers.js"
import { callOf } from "../helpers.js"
import {
  admin,
  attemptMillis,
  backoffMillis,
  canary,
  cells,
  deadlineSlackMillis,
  emailPattern,
  expectedLog,
  type FaultCase,
  type Operation,
  reliabilityCount,
  reliabilityRows,
  rulesFor,
  seedUsers,
  type State,
  totalMillis,
  unknownHost
} from "../scenarios/matrix.js"
import { type LoopbackServer, startLoopbackServer } from "../support/loopbackServer.js"
import { captureLogs, inMemoryTracing, leaks, spanText } from "../support/secrets.js"

const policy = Policy.defaultPolicy.pipe(
  Policy.withAttemptTimeout(`${attemptMillis} millis`),
  Policy.withTotalTimeout(`${totalMillis} millis`),
  Policy.withBackoff({
    base: `${backoffMillis.base} millis`,
    throttlingBase: `${backoffMillis.throttlingBase} millis`,
    cap: `${backoffMillis.cap} millis`
  })
)

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
        seedUsers
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
    yield* emulator.faults.add(...rulesFor(fault, operation.name, foreign.url))

    const resolver = failingResolver()
    const logs = captureLogs()
    const tracing = inMemoryTracing()
    const call = callOf({ operation: operation.name, args: operation.args }).pipe(
      Policy.withPolicy(policy),
      Effect.withRandom(Random.make(seed))
    )
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
    assert.isAtMost(elapsed, totalMillis + deadlineSlackMillis, `${where} ended within the deadline`)
    if (expected.fastMillis !== undefined) assert.isBelow(elapsed, expected.fastMillis, `${where} failed fast`)

    // attempts, as the emulator saw them and as the span counts them
    const log = yield* emulator.requests
    const sent = log.map((record) => record.operation)
    if (fault.target === "unknown host") assert.strictEqual(resolver.calls(), expected.attempts, `${where} lookups`)
    assert.deepStrictEqual(
      sent,
      expectedLog(fault, operation.name, expected),
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
    assert.deepStrictEqual(reliabilityRows.filter((row) => !doc.includes(row)), [])
    assert.include(doc, reliabilityCount)
  })
})

describe.concurrent("fault matrix", () => {
  layer(HarnessLive, { excludeTestServices: true })((it) => {
    for (const runtime of runtimes) {
      for (const { fault, operation, seed } of cells) {
        it.effect(`${fault.name} × ${operation.name} on ${runtime.name}`, () =>
          runCell(fault, operation, seed, runtime))
      }
    }
  })
})
