/**
 * The operation scenarios of test/scenarios/operations.ts, run by the Effect 4 edition: the runs of
 * test/shared/operationRuns.ts (every operation on the wire and the decoding cases) against a scripted
 * `HttpClient` (the default API server, the `HttpClient` interface alone) and, through every runtime, against a
 * loopback server answering the same replies; and what the operation table derives.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Http from "node:http"
import { operationNames } from "../../src/core/operations.js"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as ApiServer from "../../src/v4/ApiServer.js"
import * as Policy from "../../src/v4/Policy.js"
import * as Users from "../../src/v4/Users.js"
import { startLoopbackServer } from "../scenarios/loopbackServer.js"
import { base, type Reply } from "../scenarios/operations.js"
import { canaryKey } from "../scenarios/secrets.js"
import { operationRuns, operationTypes, type Run, type Seen } from "../shared/operationRuns.js"
import { runtimes } from "./helpers.js"

/** Where the calls of a case go: a client answering `reply`, and what it received. */
interface Wire {
  readonly name: string
  /** The origin the requests are seen at. */
  readonly origin: string
  readonly run: Run
}

const textOf = (reply: Reply) => "json" in reply ? JSON.stringify(reply.json) : reply.text
const contentTypeOf = (reply: Reply) => "json" in reply ? "application/json" : "text/plain"

const inContext = <A, E>(effect: Effect.Effect<A, E, Users.Requirements>) =>
  effect.pipe(Policy.withPolicy(Policy.noRetry), Effect.provideService(ApiKey, Redacted.make(canaryKey)), Effect.exit)

/** A scripted `HttpClient`: the platform's interface alone, answering `reply` to every request. */
const scripted: Wire = {
  name: "a scripted HttpClient",
  origin: base,
  run: (effect, reply) =>
    Effect.gen(function*() {
      const requests: Array<Seen> = []
      const client = HttpClient.make((request) =>
        Effect.sync(() => {
          const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : undefined
          requests.push({
            method: request.method,
            url: request.url,
            headers: {
              ...request.headers,
              ...(request.body._tag === "Empty" ? {} : { "content-type": request.body.contentType })
            },
            body
          })
          return HttpClientResponse.fromWeb(
            request,
            new Response(textOf(reply), { status: reply.status, headers: { "content-type": contentTypeOf(reply) } })
          )
        })
      )
      const exit = yield* inContext(effect).pipe(Effect.provideService(HttpClient.HttpClient, client))
      return { exit, requests }
    })
}

/** A loopback server answering `reply`, reached through a runtime. */
const overSockets = (runtime: (typeof runtimes)[number]): Wire => ({
  name: runtime.name,
  origin: "loopback",
  run: (effect, reply) =>
    Effect.gen(function*() {
      const requests: Array<Seen> = []
      const server = yield* Effect.acquireRelease(
        Effect.promise(() =>
          startLoopbackServer((request: Http.IncomingMessage, response: Http.ServerResponse) => {
            let body = ""
            request.setEncoding("utf8")
            request.on("data", (chunk: string) => body += chunk)
            request.on("end", () => {
              requests.push({
                method: request.method ?? "",
                url: request.url ?? "",
                headers: request.headers as Record<string, string | undefined>,
                body: body === "" ? undefined : body
              })
              response.writeHead(reply.status, { "content-type": contentTypeOf(reply) })
              response.end(textOf(reply))
            })
          })
        ),
        (server) => Effect.promise(() => server.close())
      )
      const apiServer = yield* Effect.orDie(Effect.fromResult(ApiServer.make(server.url)))
      const exit = yield* inContext(effect).pipe(
        Effect.provideService(ApiServer.ApiServer, apiServer),
        Effect.provide(runtime.layer)
      )
      return { exit, requests: requests.map((seen) => ({ ...seen, url: `${base}${seen.url}` })) }
    }).pipe(Effect.scoped)
})

const wires: ReadonlyArray<Wire> = [scripted, ...runtimes.map(overSockets)]

describe("operations on the wire (Effect 4)", () => {
  for (const wire of wires) {
    describe(`through ${wire.name}`, () => {
      operationRuns(wire.run)
    })
  }
})

describe("types (Effect 4)", () => {
  operationTypes()
})

describe("derived from the operation table (Effect 4)", () => {
  it.effect("the service and the free functions have exactly the table's operations", () =>
    Effect.gen(function*() {
      const service = yield* Users.make.pipe(
        Effect.provide(Layer.succeed(HttpClient.HttpClient, HttpClient.make(() => Effect.never))),
        Effect.provideService(ApiKey, Redacted.make(canaryKey))
      )
      assert.deepStrictEqual(Object.keys(service).sort(), [...operationNames].sort())
      for (const name of operationNames) {
        assert.strictEqual(typeof service[name], "function", name)
        assert.strictEqual(typeof Users[name], "function", name)
      }
    }))
})
