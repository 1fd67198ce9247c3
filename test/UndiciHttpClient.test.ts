import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Undici from "undici"
import * as ApiKey from "../src/ApiKey.js"
import * as ApiServer from "../src/ApiServer.js"
import { UndiciHttpClient } from "../src/undici/index.js"
import * as Users from "../src/Users.js"
import { countCalls } from "./scenarios/countCalls.js"
import { closedPort, eventually, type RoutedServer, startRoutedServer } from "./scenarios/loopbackServer.js"
import { recordingTracer } from "./support/recordingTracer.js"

/** The routed loopback server of test/scenarios for the life of the test's scope. */
const makeServer = Effect.acquireRelease(
  Effect.promise(startRoutedServer),
  (server) => Effect.promise(() => server.close())
)

/** Waits (up to 2 s) until the server has seen a request. */
const requestSeen = (server: RoutedServer) => Effect.promise(() => eventually(() => server.received.length > 0))

/** Waits (up to 2 s) until a connection to the server has closed on the server's side. */
const socketClosed = (server: RoutedServer) => Effect.promise(() => eventually(() => server.closedSockets() > 0))

const provideClient = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.provide(self, UndiciHttpClient.layer)

describe("UndiciHttpClient", () => {
  it.scopedLive("sends a GET and reads status, headers and a JSON body", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const response = yield* provideClient(HttpClient.get(`${server.url}/json`))
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers["x-answer"], "42")
      assert.deepStrictEqual(yield* response.json, { ok: true })
      assert.strictEqual(yield* response.text, "{\"ok\":true}")
    }))

  it.scopedLive("sends a JSON body with its content type", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const body = yield* provideClient(
        HttpClientRequest.post(`${server.url}/echo`).pipe(
          HttpClientRequest.bodyUnsafeJson({ email: "ada@example.com" }),
          HttpClient.execute,
          Effect.flatMap((response) => response.json)
        )
      )
      assert.deepInclude(body, { body: "{\"email\":\"ada@example.com\"}" })
      assert.strictEqual(server.received[0]?.headers["content-type"], "application/json")
    }))

  it.scopedLive("sends a form as multipart with its boundary", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const form = new FormData()
      form.append("name", "ada")
      yield* provideClient(
        HttpClientRequest.post(`${server.url}/echo`).pipe(HttpClientRequest.bodyFormData(form), HttpClient.execute)
      )
      const received = server.received[0]!
      const boundary = /boundary=(.+)$/.exec(received.headers["content-type"] ?? "")?.[1]
      assert.isDefined(boundary)
      assert.include(received.body, `--${boundary}`)
      assert.include(received.body, "ada")
    }))

  it.scopedLive("sends a streamed body", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const encoder = new TextEncoder()
      yield* provideClient(
        HttpClientRequest.post(`${server.url}/echo`).pipe(
          HttpClientRequest.bodyStream(Stream.make(encoder.encode("hello "), encoder.encode("world"))),
          HttpClient.execute
        )
      )
      assert.strictEqual(server.received[0]?.body, "hello world")
    }))

  it.scopedLive("streams a response body", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const chunks = yield* provideClient(
        HttpClient.get(`${server.url}/chunks`).pipe(
          Effect.flatMap((response) => Stream.runCollect(Stream.decodeText(response.stream)))
        )
      )
      assert.strictEqual(Chunk.join(chunks, ""), "ab")
    }))

  it.scopedLive("closes the socket when the caller is interrupted while waiting for the response", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const fiber = yield* Effect.fork(HttpClient.get(`${server.url}/hang`))
      yield* requestSeen(server)
      yield* Fiber.interrupt(fiber)
      yield* socketClosed(server)
    }).pipe(provideClient))

  it.scopedLive("closes the socket when the caller is interrupted while reading the body", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const fiber = yield* Effect.fork(
        HttpClient.get(`${server.url}/partial`).pipe(Effect.flatMap((response) => response.text))
      )
      yield* requestSeen(server)
      yield* Effect.sleep("20 millis")
      yield* Fiber.interrupt(fiber)
      yield* socketClosed(server)
    }).pipe(provideClient))

  it.scopedLive("a timeout around the call interrupts the request", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const result = yield* HttpClient.get(`${server.url}/hang`).pipe(Effect.timeout("50 millis"), Effect.flip)
      assert.strictEqual(result._tag, "TimeoutException")
      yield* socketClosed(server)
    }).pipe(provideClient))

  it.scopedLive("maps a refused connection to RequestError Transport", () =>
    Effect.gen(function*() {
      const port = yield* Effect.promise(closedPort)
      const error = yield* provideClient(HttpClient.get(`http://127.0.0.1:${port}/json`)).pipe(Effect.flip)
      assert.strictEqual(error._tag, "RequestError")
      assert.strictEqual(error.reason, "Transport")
    }))

  it.scopedLive("maps an invalid URL to RequestError InvalidUrl", () =>
    Effect.gen(function*() {
      const error = yield* provideClient(HttpClient.get("not a url")).pipe(Effect.flip)
      assert.strictEqual(error._tag, "RequestError")
      assert.strictEqual(error.reason, "InvalidUrl")
    }))

  it.scopedLive("maps a body cut short to ResponseError Decode", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const error = yield* provideClient(
        HttpClient.get(`${server.url}/reset`).pipe(Effect.flatMap((response) => response.text))
      ).pipe(Effect.flip)
      assert.strictEqual(error._tag, "ResponseError")
      assert.strictEqual(error.reason, "Decode")
    }))

  it.scopedLive("maps a body that is not JSON to ResponseError Decode", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const error = yield* provideClient(
        HttpClient.get(`${server.url}/not-json`).pipe(Effect.flatMap((response) => response.json))
      ).pipe(Effect.flip)
      assert.strictEqual(error._tag, "ResponseError")
      assert.strictEqual(error.reason, "Decode")
    }))

  it.scopedLive("records an http.client span and propagates the trace when tracing is on", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const { spans, tracer } = recordingTracer()
      yield* provideClient(HttpClient.get(`${server.url}/json`)).pipe(Effect.withTracer(tracer))
      const span = spans.find((s) => s.name === "http.client GET")
      assert.isDefined(span)
      assert.strictEqual(span!.attributes.get("http.response.status_code"), 200)
      assert.strictEqual(span!.attributes.get("http.request.method"), "GET")
      assert.strictEqual(span!.kind, "client")
      assert.strictEqual(
        server.received[0]?.headers["traceparent"],
        `00-${span!.traceId}-${span!.spanId}-01`
      )
    }))

  it.scopedLive("runs effect-rockset operations", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      const error = yield* Users.get("ada@example.com").pipe(
        Effect.provide(Layer.mergeAll(ApiKey.layer(Redacted.make("test-key")), ApiServer.layer(server.url))),
        provideClient,
        Effect.flip
      )
      assert.strictEqual(error._tag, "NotFound")
      assert.strictEqual(server.received[0]?.url, "/v1/orgs/self/users/ada%40example.com")
      assert.strictEqual(server.received[0]?.headers["authorization"], "ApiKey test-key")
    }))

  it.scopedLive("operations take the direct way on the client it makes, and HttpClient.execute on a derived one", () =>
    Effect.gen(function*() {
      const server = yield* makeServer
      // the HttpClient way goes through `Dispatcher.request`; the direct way only through `dispatch`
      const agent = new Undici.Agent()
      yield* Effect.addFinalizer(() => Effect.promise(() => agent.destroy()))
      const counts = countCalls(agent, ["request", "dispatch"])
      const own = UndiciHttpClient.make(agent)
      const call = (client: HttpClient.HttpClient) =>
        Users.get("ada@example.com").pipe(
          Effect.provide(Layer.mergeAll(ApiKey.layer(Redacted.make("test-key")), ApiServer.layer(server.url))),
          Effect.provideService(HttpClient.HttpClient, client),
          Effect.flip
        )
      assert.strictEqual((yield* call(own))._tag, "NotFound")
      assert.deepStrictEqual(counts, { request: 0, dispatch: 1 })
      assert.strictEqual((yield* call(HttpClient.mapRequest(own, (request) => request)))._tag, "NotFound")
      assert.deepStrictEqual(counts, { request: 1, dispatch: 2 })
      assert.strictEqual(server.received[0]?.url, server.received[1]?.url)
      assert.deepStrictEqual(server.received[0]?.headers, server.received[1]?.headers)
    }))
})
