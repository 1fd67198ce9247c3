/**
 * The fault matrix (issue 7), run by both editions: every cell of
 * test/scenarios/matrix.ts on real sockets, on each of the platform's runtimes (undici, fetch). Each cell checks the outcome class,
 * the attempts in the emulator's log, the emulator's state afterwards (no duplicate, no lost change), that no
 * socket stays open, that nothing ends in a defect, and that the canary key shows up on no surface (error,
 * logs, spans, foreign origin).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, layer } from "@effect/vitest"
import {
  captureLogs,
  FetchHttpClient,
  firstFailure,
  fork,
  type HttpClient,
  inMemoryTracing,
  isInterrupted,
  isInterruptedOnly,
  layerScoped,
  logNames,
  onlyFailure,
  Service,
  spanText,
  undiciWithLookup,
  withSeed
} from "@test/edition"
import { Cause, Duration, Effect, Exit, Fiber, Layer, Queue, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, RocksetError } from "effect-rockset"
import { Emulator } from "effect-rockset/emulator"
import type * as Net from "node:net"
import { inspect } from "node:util"
import * as Undici from "undici"
import { statuses } from "../../src/core/statuses.js"
import { closedPort, type LoopbackServer, startLoopbackServer } from "../scenarios/loopbackServer.js"
import {
  admin,
  attemptMillis,
  backoffMillis,
  canary,
  cellMismatches,
  cells,
  type FaultCase,
  type Observation,
  type ObservedOutcome,
  type Operation,
  rulesFor,
  seedUsers,
  type State,
  totalMillis,
  unknownHost
} from "../scenarios/matrix.js"
import { errorFields, logSurfaces } from "../scenarios/plain.js"
import { callOf } from "./callOf.js"
import { eventually, rawGet } from "./sockets.js"

const policy = Policy.defaultPolicy.pipe(
  Policy.withAttemptTimeout(`${attemptMillis} millis`),
  Policy.withTotalTimeout(`${totalMillis} millis`),
  Policy.withBackoff({
    base: `${backoffMillis.base} millis`,
    throttlingBase: `${backoffMillis.throttlingBase} millis`,
    cap: `${backoffMillis.cap} millis`
  })
)

/** The class of each error tag: a status's by the core's table of statuses, the others by their name. */
const errorClasses = new Map<string, new(...args: never) => RocksetError.CallError>([
  ...Object.entries(RocksetError.statusErrors).map(([status, ErrorClass]) =>
    [statuses[Number(status) as keyof typeof statuses].tag, ErrorClass] as const
  ),
  ["UnexpectedStatus", RocksetError.UnexpectedStatus],
  ["Transport", RocksetError.Transport],
  ["Decode", RocksetError.Decode],
  ["Timeout", RocksetError.Timeout]
])

// ---------------------------------------------------------------------------------------------------------------
// the harness: a pool of emulators, one per concurrent cell, reset between cells
// ---------------------------------------------------------------------------------------------------------------

interface Harness {
  readonly emulators: Queue.Queue<Emulator.Service>
  readonly foreign: LoopbackServer
  /** A loopback origin nobody listens on. */
  readonly closedOrigin: string
}

class HarnessTag extends Service<HarnessTag, Harness>()("test/reliability/Harness") {}

// vitest runs at most 5 concurrent tests by default (maxConcurrency)
const poolSize = 5

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

const HarnessLive = layerScoped(
  HarnessTag,
  Effect.gen(function*() {
    const emulators = yield* Queue.unbounded<Emulator.Service>()
    for (let i = 0; i < poolSize; i++) {
      const emulator = yield* Emulator.make({ rateLimits: false, adminKey: canary, adminEmail: admin, seedUsers })
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
    return { emulators, foreign, closedOrigin: `http://127.0.0.1:${yield* Effect.promise(closedPort)}` }
  })
).pipe(Layer.orDie)

const stateOf = (emulator: Emulator.Service) =>
  Effect.gen(function*() {
    yield* emulator.faults.clear
    const users = (yield* emulator.users).map((user) => ({ email: user.email, roles: user.roles }))
    const preferences = yield* rawGet(emulator.url, "/v1/orgs/self/users/self/preferences", {
      authorization: `ApiKey ${canary}`
    })
    const data = (JSON.parse(preferences.body) as { data: ReadonlyArray<{ notificationType: string }> }).data
    return { users, preferences: data.map((preference) => preference.notificationType) } satisfies State
  }).pipe(Effect.orDie)

/** An exit as the plain outcome `cellMismatches` checks. */
const outcomeOf = (exit: Exit.Exit<unknown, RocksetError.RocksetError>): ObservedOutcome => {
  if (Exit.isSuccess(exit)) return { _tag: "Success" }
  if (isInterrupted(exit)) return { _tag: "Interrupted", only: isInterruptedOnly(exit.cause) }
  const error = onlyFailure(exit.cause)
  const ErrorClass = error && errorClasses.get(error._tag)
  return {
    _tag: "Failure",
    pretty: Cause.pretty(exit.cause),
    error: error && {
      ...errorFields(error),
      isClass: ErrorClass !== undefined && error instanceof ErrorClass,
      isRocksetError: RocksetError.isRocksetError(error),
      retryAfterMillis: "retryAfter" in error && error.retryAfter !== undefined
        ? Duration.toMillis(error.retryAfter)
        : undefined
    }
  }
}

const surfacesOf = <A>(exit: Exit.Exit<A, RocksetError.RocksetError>): Record<string, string> => {
  if (Exit.isSuccess(exit)) {
    return { "JSON.stringify": JSON.stringify(exit.value), "util.inspect": inspect(exit.value, { depth: null }) }
  }
  const surfaces: Record<string, string> = { "Cause.pretty": Cause.pretty(exit.cause) }
  const error = firstFailure(exit.cause)
  if (error._tag === "Some") {
    surfaces["String"] = String(error.value)
    surfaces["message"] = error.value.message
    surfaces["JSON.stringify"] = JSON.stringify(error.value)
    surfaces["util.inspect"] = inspect(error.value, { depth: null, showHidden: true })
  }
  return surfaces
}

/** `fetch` as the platform's fetch client calls it, on undici's own fetch (Node's, of its own version). */
const fetchOn = (agent: Undici.Dispatcher): typeof globalThis.fetch =>
  // undici declares its own Request and Response, the same classes as the global ones Node's fetch answers with
  ((input: string | URL, init?: RequestInit) =>
    Undici.fetch(input, { ...init as Undici.RequestInit, dispatcher: agent })) as unknown as typeof globalThis.fetch

/**
 * The platform's fetch client on an agent of the layer's own: the cell's connections close with the layer (the
 * process-wide dispatcher's would outlive it), and the agent takes the options of the cell, its resolver.
 */
const fetchOnAgent = (options?: Undici.Agent.Options): Layer.Layer<HttpClient.HttpClient> =>
  Layer.provideMerge(
    FetchHttpClient.layer,
    layerScoped(
      FetchHttpClient.Fetch,
      Effect.map(
        Effect.acquireRelease(Effect.sync(() => new Undici.Agent(options)), (agent) =>
          Effect.promise(() => agent.destroy())),
        fetchOn
      )
    )
  )

/** The runtimes every cell runs on: the platform's undici and fetch clients. */
const runtimes: ReadonlyArray<{
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  readonly withLookup: (lookup: Net.LookupFunction) => Layer.Layer<HttpClient.HttpClient>
}> = [
  {
    name: "NodeHttpClient.layerUndici",
    layer: NodeHttpClient.layerUndici,
    withLookup: undiciWithLookup
  },
  {
    name: "FetchHttpClient.layer",
    layer: fetchOnAgent(),
    withLookup: (lookup) => fetchOnAgent({ connect: { lookup } })
  }
]

const runCell = (fault: FaultCase, operation: Operation, seed: number, runtime: (typeof runtimes)[number]) =>
  Effect.gen(function*() {
    const { closedOrigin, emulators, foreign } = yield* HarnessTag
    const emulator = yield* Effect.acquireRelease(Queue.take(emulators), (emulator) => Queue.offer(emulators, emulator))
    const where = `[${fault.name} × ${operation.name} on ${runtime.name}, seed ${seed}]`

    yield* Effect.orDie(emulator.reset)
    yield* eventually(emulator.openConnections, (open) => open === 0)
    const before = yield* stateOf(emulator)
    yield* emulator.clearRequests
    yield* emulator.faults.add(...rulesFor(fault, operation.name, foreign.url))

    const resolver = failingResolver()
    const logs = captureLogs()
    const tracing = inMemoryTracing()
    const call = callOf({ operation: operation.name, args: operation.args }).pipe(
      Policy.withPolicy(policy),
      withSeed(seed)
    )
    const server = fault.target === "closed port"
      ? closedOrigin
      : fault.target === "unknown host"
      ? unknownHost
      : emulator.url
    const { elapsed, exit, openDuringPool, spans } = yield* Effect.gen(function*() {
      const started = Date.now()
      let exit: Exit.Exit<unknown, RocksetError.RocksetError>
      let openDuringPool: number | undefined
      if (fault.interrupt === true) {
        const fiber = yield* fork(call)
        yield* eventually(emulator.requests, (requests) => requests.length > 0, 300)
        exit = yield* Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber)))
        // the pool is still open: the interrupted request's own socket must be closed
        openDuringPool = yield* eventually(emulator.openConnections, (open) => open === 0)
      } else {
        exit = yield* Effect.exit(call)
      }
      const elapsed = Date.now() - started
      yield* Effect.logInfo(`${where} outcome`, exit)
      if (Exit.isFailure(exit)) {
        yield* Effect.logError(`${where} failed`, exit.cause)
        const failure = firstFailure(exit.cause)
        if (failure._tag === "Some") yield* Effect.logWarning(failure.value, failure.value.message)
      }
      return { elapsed, exit, openDuringPool, spans: tracing.spans() }
    }).pipe(
      Effect.provide(fault.target === "unknown host" ? runtime.withLookup(resolver.lookup) : runtime.layer),
      Effect.provide(Layer.mergeAll(ApiKey.layer(Redacted.make(canary)), ApiServer.layer(server), tracing.layer)),
      Effect.orDie,
      logs.provide
    )

    const span = spans.find((span) => span.name === `Users.${operation.name}`)
    const log = yield* emulator.requests
    const openAfter = yield* eventually(emulator.openConnections, (open) => open === 0)
    if (fault.interrupt === true) yield* Effect.sleep("50 millis")
    const observation: Observation = {
      outcome: outcomeOf(exit),
      elapsedMillis: elapsed,
      lookups: resolver.calls(),
      log,
      span: span && {
        attempts: span.attributes["rockset.attempts"],
        retryReasons: span.events.filter((event) => event.name === "rockset.retry")
          .map((event) => event.attributes?.["rockset.retry.reason"])
      },
      openDuringPool,
      openAfter,
      logAfterInterruption: fault.interrupt === true ? (yield* emulator.requests).length : undefined,
      before,
      after: yield* stateOf(emulator),
      surfaces: { ...surfacesOf(exit), ...logSurfaces(logs.lines, logNames, spanText(spans)) },
      logLines: { json: logs.lines.json.length, logfmt: logs.lines.logfmt.length, pretty: logs.lines.pretty.length },
      spanText: spanText(spans),
      foreignRequests: foreign.requests().length
    }
    assert.deepStrictEqual(cellMismatches(fault, operation, observation), [], where)
  }).pipe(Effect.scoped)

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
