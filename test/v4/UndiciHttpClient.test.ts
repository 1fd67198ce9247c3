import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import { directOf } from "../../src/core/exchange/direct.js"
import { UndiciHttpClient } from "../../src/v4/undici/index.js"
import { countCalls } from "../scenarios/countCalls.js"
import { eventually } from "../scenarios/loopbackServer.js"
import { httpClientCases, routedServer } from "./httpClientCases.js"

httpClientCases("UndiciHttpClient.layer", UndiciHttpClient.layer)

describe("UndiciHttpClient (Effect 4)", () => {
  it.effect("both ways go through the dispatcher it is given: the HttpClient way by request, the direct by dispatch", () =>
    Effect.gen(function*() {
      const server = yield* routedServer
      const agent = yield* Effect.acquireRelease(
        Effect.sync(() => new Undici.Agent()),
        (agent) => Effect.promise(() => agent.destroy())
      )
      const counts = countCalls(agent, ["request", "dispatch"])
      const client = yield* Effect.service(HttpClient.HttpClient).pipe(
        Effect.provide(UndiciHttpClient.layerWithoutDispatcher.pipe(
          Layer.provide(Layer.succeed(UndiciHttpClient.Dispatcher, agent))
        ))
      )
      const response = yield* client.get(`${server.url}/json`)
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(counts, { request: 1, dispatch: 1 })

      const direct = directOf(client)!
      const status = yield* Effect.promise(() =>
        new Promise<number>((resolve, reject) => {
          direct(
            {
              method: "GET",
              origin: server.url,
              path: "/json",
              headers: {},
              body: undefined,
              timeoutMillis: 2_000
            },
            { onResponse: resolve, onFailure: reject, onTimeout: reject },
            undefined
          )
        })
      )
      assert.strictEqual(status, 200)
      assert.deepStrictEqual(counts, { request: 1, dispatch: 2 })
    }))

  it.effect("the dispatcher is the platform's service: its layers provide it", () =>
    Effect.gen(function*() {
      const server = yield* routedServer
      const response = yield* HttpClient.get(`${server.url}/json`).pipe(
        Effect.provide(UndiciHttpClient.layerWithoutDispatcher.pipe(Layer.provide(NodeHttpClient.layerDispatcher)))
      )
      assert.strictEqual(response.status, 200)
    }))

  it.effect("layerAgent's agent takes its options and is closed with the layer", () =>
    Effect.gen(function*() {
      const server = yield* routedServer
      yield* HttpClient.get(`${server.url}/json`).pipe(
        Effect.flatMap((response) => response.text),
        Effect.provide(UndiciHttpClient.layerAgent({ connections: 1 }))
      )
      // the pool's one connection, kept alive for the layer's life, is closed with it
      yield* Effect.promise(() => eventually(() => server.closedSockets() === 1))
    }))
})
