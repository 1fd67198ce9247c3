/**
 * What every call takes from the `HttpClient` the program provides, on each of the platform's runtimes, beside
 * test/emulator/middleware.test.ts (by both editions): a call
 * interrupted while its body comes in has its connection closed at once, not once the client's pool is; and a
 * request that never left is a failure that says nothing was sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { fork, type HttpClient, runtimes, scopedLive } from "@test/edition"
import { Effect, Fiber, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, Users } from "effect-rockset"
import { type LoopbackServer, startLoopbackServer } from "../scenarios/loopbackServer.js"
import { eventually } from "./sockets.js"

/** A loopback server answering every request with `answer`, for the life of the test's scope. */
const serving = (answer: Parameters<typeof startLoopbackServer>[0]) =>
  Effect.acquireRelease(
    Effect.promise(() => startLoopbackServer(answer)),
    (server) => Effect.promise(() => server.close())
  )

/**
 * The sockets of `server` that have carried a request and are still open, once none is (up to 1 s): a fetch
 * client may open a fresh idle connection as soon as an aborted one closes, so the count of all open ones says
 * less.
 */
const usedSocketsOpen = (server: LoopbackServer) =>
  eventually(Effect.sync(() => server.openUsedSockets()), (open) => open === 0)

/** Runs `self` against `server` on `layer`, whose pool stays open until `self` is done. */
const against =
  (server: LoopbackServer, layer: Layer.Layer<HttpClient.HttpClient>) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
    self.pipe(
      Effect.provide(Layer.mergeAll(ApiKey.layer(Redacted.make("key")), ApiServer.layer(server.url))),
      Effect.provide(layer)
    )

for (const runtime of runtimes) {
  describe(`through ${runtime.name}`, () => {
    scopedLive(
      "a call interrupted while its body comes in has its connection closed, the pool still open",
      () =>
        Effect.gen(function*() {
          // the head and the first bytes of the body, and nothing more
          const server = yield* serving((_, response) => {
            response.writeHead(200, { "content-type": "application/json", "content-length": "100" })
            response.write("{\"email\":")
          })
          yield* Effect.gen(function*() {
            const fiber = yield* fork(Users.get("ada@example.com"))
            yield* eventually(Effect.sync(() => server.requests().length), (requests) => requests > 0)
            // the head and the first bytes are in by then
            yield* Effect.sleep("50 millis")
            assert.strictEqual(server.openUsedSockets(), 1)
            yield* Fiber.interrupt(fiber)
            assert.strictEqual(yield* usedSocketsOpen(server), 0)
          }).pipe(against(server, runtime.layer))
          assert.strictEqual(server.requests().length, 1)
        })
    )

    it.live("a request that never left (a port fetch refuses, nobody listens on) is a failure that sent nothing", () =>
      Effect.gen(function*() {
        const error = yield* Users.create({ email: "ada@example.com", roles: ["member"] }).pipe(
          Policy.withPolicy(Policy.noRetry),
          Effect.flip
        )
        assert.strictEqual(error._tag, "Transport")
        assert.isFalse(error._tag === "Transport" && error.requestSent)
      }).pipe(
        // the discard port: fetch refuses to send there, and nothing listens there on loopback
        Effect.provide(Layer.mergeAll(ApiKey.layer(Redacted.make("key")), ApiServer.layer("http://127.0.0.1:9"))),
        Effect.provide(runtime.layer)
      ))
  })
}
