/**
 * The operation scenarios of test/scenarios/operations.ts, run by the Effect 4 edition: every operation on the
 * wire and the decoding cases, against a scripted `HttpClient` (the default API server, the `HttpClient`
 * interface alone) and, through every runtime, against a loopback server answering the same replies.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Http from "node:http"
import { operationNames } from "../../src/core/operations.js"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as ApiServer from "../../src/v4/ApiServer.js"
import * as Policy from "../../src/v4/Policy.js"
import type * as RocksetError from "../../src/v4/RocksetError.js"
import * as Users from "../../src/v4/Users.js"
import type * as UsersSchema from "../../src/v4/UsersSchema.js"
import { startLoopbackServer } from "../scenarios/loopbackServer.js"
import { base, decodeCases, type Reply, requestHeaders, wireCases } from "../scenarios/operations.js"
import { canaryKey } from "../scenarios/secrets.js"
import { callOf, runtimes } from "./helpers.js"

/** A request as the far end saw it. */
interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string | undefined
}

/** Where the calls of a case go: a client answering `reply`, and what it received. */
interface Wire {
  readonly name: string
  /** The origin the requests are seen at. */
  readonly origin: string
  readonly run: <A, E>(
    effect: Effect.Effect<A, E, Users.Requirements>,
    reply: Reply
  ) => Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly requests: ReadonlyArray<Seen> }>
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
      for (const c of wireCases) {
        it.live(`${c.name}: sends ${c.method} ${c.path} and decodes the live-shaped body`, () =>
          Effect.gen(function*() {
            const { exit, requests } = yield* wire.run(callOf(c), { status: 200, json: c.response })
            assert.deepStrictEqual(exit, Exit.succeed(c.expected))
            assert.strictEqual(requests.length, 1)
            const [request] = requests
            assert.strictEqual(request?.method, c.method)
            assert.strictEqual(request?.url, `${base}${c.path}`)
            for (const [name, value] of Object.entries(requestHeaders)) {
              assert.strictEqual(request?.headers[name], value, name)
            }
            if (c.body === undefined) {
              assert.strictEqual(request?.body, undefined)
              assert.strictEqual(request?.headers["content-type"], undefined)
            } else {
              assert.deepStrictEqual(JSON.parse(request?.body ?? "null"), c.body)
              assert.strictEqual(request?.headers["content-type"], "application/json")
            }
          }))
      }

      for (const c of decodeCases) {
        it.live(c.name, () =>
          Effect.gen(function*() {
            const { exit } = yield* wire.run(callOf(c), c.reply)
            const expect = c.expect
            if ("value" in expect) return assert.deepStrictEqual(exit, Exit.succeed(expect.value))
            if ("fields" in expect) {
              assert.isTrue(Exit.isSuccess(exit))
              if (!Exit.isSuccess(exit)) return
              const value = exit.value as Readonly<Record<string, unknown>>
              for (const [field, expected] of Object.entries(expect.fields)) {
                assert.deepStrictEqual(value[field], expected, field)
              }
              return
            }
            assert.isTrue(Exit.isFailure(exit))
            const error = yield* Effect.flip(exit)
            assert.strictEqual(error._tag, "Decode")
            assert.strictEqual(error._tag === "Decode" && error.reason, expect.decode)
            if (expect.detailIncludes !== undefined) {
              assert.include(error._tag === "Decode" ? error.detail : "", expect.detailIncludes)
            }
          }))
      }
    })
  }
})

describe("types (Effect 4)", () => {
  it("each operation requires exactly HttpClient | ApiKey and lists its errors", () => {
    type R<T> = T extends Effect.Effect<infer _A, infer _E, infer R> ? R : never
    type E<T> = T extends Effect.Effect<infer _A, infer E, infer _R> ? E : never
    type A<T> = T extends Effect.Effect<infer A, infer _E, infer _R> ? A : never
    type Requirements = HttpClient.HttpClient | ApiKey

    expectTypeOf<R<ReturnType<typeof Users.create>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.deleteUser>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.get>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.getCurrentUser>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.list>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.updateUnsubscribePreferences>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.update>>>().toEqualTypeOf<Requirements>()

    // Operations with input can refuse it before I/O; those without cannot.
    expectTypeOf<E<ReturnType<typeof Users.create>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.deleteUser>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.get>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.update>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.updateUnsubscribePreferences>>>().toEqualTypeOf<
      RocksetError.RocksetError
    >()
    expectTypeOf<E<ReturnType<typeof Users.getCurrentUser>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<E<ReturnType<typeof Users.list>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<E<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<RocksetError.CallError>().not.toExtend<RocksetError.InvalidRequest>()

    expectTypeOf<A<ReturnType<typeof Users.create>>>().toEqualTypeOf<UsersSchema.User>()
    expectTypeOf<A<ReturnType<typeof Users.list>>>().toEqualTypeOf<ReadonlyArray<UsersSchema.User>>()
    expectTypeOf<A<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<
      ReadonlyArray<UsersSchema.UnsubscribePreference>
    >()
  })
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
