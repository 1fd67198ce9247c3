/**
 * Every call goes through the `HttpClient` the program provides, run by both editions on each runtime against the
 * emulator: a user's middleware reaches the wire on every
 * operation and on every retry (against the emulator); an attempt's timeout and an interruption close the
 * connection while the client's pool stays open (against a server that never answers).
 */
import { assert, describe, it } from "@effect/vitest"
import { fork, HttpClient, HttpClientRequest, runtimes } from "@test/edition"
import { Effect, Exit, Fiber, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, type Users } from "effect-rockset"
import { Emulator, Fault } from "effect-rockset/emulator"
import * as Http from "node:http"
import type * as Net from "node:net"
import { admin, canary, matrixOperations, seedUsers } from "../scenarios/matrix.js"
import { callOf } from "./callOf.js"
import { eventually } from "./sockets.js"

const header = "x-middleware"

/** A user's middleware: one header on every request the client sends. */
const withMiddleware = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.updateService(
    self,
    HttpClient.HttpClient,
    HttpClient.mapRequest(HttpClientRequest.setHeader(header, "from the user"))
  )

const fast = Policy.defaultPolicy.pipe(
  Policy.withBackoff({ base: "5 millis", throttlingBase: "5 millis", cap: "20 millis" }),
  Policy.withRetryBudget(false)
)

/** The emulator and a client of it on `runtime`, the runtime's pool open until `use` ends. */
const withEmulator = <A, E>(
  runtime: (typeof runtimes)[number],
  use: (emulator: Emulator.Service) => Effect.Effect<A, E, Users.Requirements>
) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.make({ rateLimits: false, adminKey: canary, adminEmail: admin, seedUsers })
    return yield* use(emulator).pipe(
      Effect.provide(Layer.mergeAll(ApiKey.layer(emulator.adminKey), ApiServer.layer(emulator.url), runtime.layer))
    )
  }).pipe(Effect.scoped)

/** A server on loopback that never answers: the requests it took, and how many of their connections are open. */
interface StallingServer {
  readonly url: string
  readonly requests: () => number
  readonly openWithRequest: () => number
}

/**
 * A {@link StallingServer}, and a client of it on `runtime`. It watches the connections that carried a request:
 * a fetch client may open a fresh one as soon as an aborted one closes, so the count of all open ones says less.
 */
const withStallingServer = <A, E>(
  runtime: (typeof runtimes)[number],
  use: (server: StallingServer) => Effect.Effect<A, E, Users.Requirements>
) =>
  Effect.gen(function*() {
    const carried = new Set<Net.Socket>()
    const server = yield* Effect.acquireRelease(
      Effect.promise(() =>
        new Promise<Http.Server>((resolve) => {
          const server = Http.createServer((request) => carried.add(request.socket))
          server.listen(0, "127.0.0.1", () => resolve(server))
        })
      ),
      (server) => Effect.promise(() => new Promise((done) => server.close(done).closeAllConnections()))
    )
    const { port } = server.address() as Net.AddressInfo
    const stalling: StallingServer = {
      url: `http://127.0.0.1:${port}`,
      requests: () => carried.size,
      openWithRequest: () => [...carried].filter((socket) => !socket.destroyed).length
    }
    return yield* use(stalling).pipe(
      Effect.provide(Layer.mergeAll(ApiKey.layer(Redacted.make(canary)), ApiServer.layer(stalling.url), runtime.layer))
    )
  }).pipe(Effect.scoped)

describe.each(runtimes)("a user's HttpClient middleware on $name", (runtime) => {
  it.live("reaches the wire on every operation and on every retry", () =>
    withEmulator(runtime, (emulator) =>
      Effect.gen(function*() {
        for (const operation of matrixOperations) {
          yield* emulator.reset
          // the first attempt answers 503, which every operation retries
          yield* emulator.faults.add({ operation: operation.name, action: Fault.status(503) })
          const exit = yield* callOf({ operation: operation.name, args: operation.args }).pipe(
            withMiddleware,
            Policy.withPolicy(fast),
            Effect.exit
          )
          assert.isTrue(Exit.isSuccess(exit), `${operation.name}: ${String(exit)}`)
          const sent = (yield* emulator.requests).filter((request) => request.operation === operation.name)
          assert.deepStrictEqual(
            sent.map((request) => [request.status, request.headers[header]]),
            [[503, "from the user"], [200, "from the user"]],
            operation.name
          )
        }
      })))

  it.live("an attempt's timeout closes the connection, the pool still open", () =>
    withStallingServer(runtime, (server) =>
      Effect.gen(function*() {
        const error = yield* callOf({ operation: "get", args: [seedUsers[0]!.email] }).pipe(
          withMiddleware,
          Policy.withPolicy(fast.pipe(Policy.withMaxAttempts(1), Policy.withAttemptTimeout("200 millis"))),
          Effect.flip
        )
        assert.deepStrictEqual([error._tag, "scope" in error ? error.scope : undefined], ["Timeout", "attempt"])
        assert.strictEqual(server.requests(), 1)
        assert.strictEqual(yield* eventually(Effect.sync(server.openWithRequest), (open) => open === 0), 0)
      })))

  it.live("an interruption closes the connection, the pool still open", () =>
    withStallingServer(runtime, (server) =>
      Effect.gen(function*() {
        const fiber = yield* fork(
          callOf({ operation: "get", args: [seedUsers[0]!.email] }).pipe(withMiddleware, Policy.withPolicy(fast))
        )
        yield* eventually(Effect.sync(server.requests), (requests) => requests === 1)
        assert.strictEqual(server.openWithRequest(), 1)
        yield* Fiber.interrupt(fiber)
        assert.strictEqual(yield* eventually(Effect.sync(server.openWithRequest), (open) => open === 0), 0)
        assert.strictEqual(server.requests(), 1)
      })))
})
