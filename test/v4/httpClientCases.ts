/**
 * The cases every Effect 4 `HttpClient` runtime of this library passes, the `HttpClient` way and the direct
 * way, against the routed loopback server of test/scenarios. Each runtime's test file runs them on its layer.
 */
import { assert, describe, it } from "@effect/vitest"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import { directOf, type DirectRequest } from "../../src/core/exchange/direct.js"
import { closedPort, eventually, type RoutedServer, startRoutedServer } from "../scenarios/loopbackServer.js"

/** A routed loopback server for the life of the test's scope. */
export const routedServer = Effect.acquireRelease(
  Effect.promise(startRoutedServer),
  (server) => Effect.promise(() => server.close())
)

/** Waits (up to 2 s) until the server has seen `count` requests. */
export const requestsSeen = (server: RoutedServer, count = 1) =>
  Effect.promise(() => eventually(() => server.received.length >= count))

/** Waits (up to 2 s) until a connection to the server has closed on the server's side. */
export const socketClosed = (server: RoutedServer) => Effect.promise(() => eventually(() => server.closedSockets() > 0))

const reasonOf = (error: HttpClientError.HttpClientError) => error.reason._tag

/** The outcome of one direct exchange, as its handler heard it. */
type Heard =
  | { readonly _tag: "Response"; readonly status: number; readonly header: string | undefined; readonly text: string }
  | { readonly _tag: "Failure"; readonly phase: string }
  | { readonly _tag: "Timeout" }

const directRequest = (origin: string, path: string, timeoutMillis = 2_000): DirectRequest => ({
  method: "GET",
  origin,
  path,
  headers: { accept: "application/json" },
  body: undefined,
  timeoutMillis
})

/**
 * Runs one exchange of the direct way of `client` in the call's context: the outcome, once, and a `cancel`.
 */
const exchange = (client: HttpClient.HttpClient, request: DirectRequest) =>
  Effect.gen(function*() {
    const direct = directOf<Context.Context<never>>(client)
    assert.isDefined(direct, "the layer's client carries the direct way")
    const context = yield* Effect.context<never>()
    const heard: Array<Heard> = []
    let resolve: (heard: Heard) => void = () => {}
    const outcome = new Promise<Heard>((done) => {
      resolve = done
    })
    const tell = (one: Heard) => {
      heard.push(one)
      resolve(one)
    }
    const running = direct!(request, {
      onResponse: (status, headers, text) =>
        tell({ _tag: "Response", status, header: headers.header("content-type"), text }),
      onFailure: (phase) => tell({ _tag: "Failure", phase }),
      onTimeout: () => tell({ _tag: "Timeout" })
    }, context)
    return { heard, outcome: Effect.promise(() => outcome), cancel: () => running.cancel() }
  })

/** The `HttpClient` way and the direct way of the client that `layer` provides. */
export const httpClientCases = (name: string, layer: Layer.Layer<HttpClient.HttpClient>) => {
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.provide(self, layer)

  describe(`${name}: the HttpClient way`, () => {
    it.effect("sends a GET and reads status, headers, cookies and a JSON body", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const response = yield* HttpClient.get(`${server.url}/json`)
        assert.strictEqual(response.status, 200)
        assert.strictEqual(response.headers["x-answer"], "42")
        assert.strictEqual(response.cookies.cookies["session"]?.value, "1")
        assert.deepStrictEqual(yield* response.json, { ok: true })
        assert.strictEqual(yield* response.text, "{\"ok\":true}")
        assert.strictEqual(server.received[0]?.method, "GET")
      }).pipe(provide))

    it.effect("sends a JSON body with its content type, and the request's headers", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const response = yield* HttpClientRequest.post(`${server.url}/echo`).pipe(
          HttpClientRequest.setHeader("x-custom", "yes"),
          HttpClientRequest.bodyJsonUnsafe({ email: "ada@example.com" }),
          HttpClient.execute
        )
        assert.deepInclude(yield* response.json, { body: "{\"email\":\"ada@example.com\"}" })
        assert.strictEqual(server.received[0]?.method, "POST")
        assert.strictEqual(server.received[0]?.headers["content-type"], "application/json")
        assert.strictEqual(server.received[0]?.headers["x-custom"], "yes")
      }).pipe(provide))

    it.effect("sends a form as multipart with its boundary", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const form = new FormData()
        form.append("name", "ada")
        yield* HttpClientRequest.post(`${server.url}/echo`).pipe(
          HttpClientRequest.bodyFormData(form),
          HttpClient.execute
        )
        const received = server.received[0]!
        const boundary = /boundary=(.+)$/.exec(received.headers["content-type"] ?? "")?.[1]
        assert.isDefined(boundary)
        assert.include(received.body, `--${boundary}`)
        assert.include(received.body, "ada")
      }).pipe(provide))

    it.effect("sends a streamed body", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const encoder = new TextEncoder()
        yield* HttpClientRequest.post(`${server.url}/echo`).pipe(
          HttpClientRequest.bodyStream(Stream.make(encoder.encode("hello "), encoder.encode("world"))),
          HttpClient.execute
        )
        assert.strictEqual(server.received[0]?.body, "hello world")
      }).pipe(provide))

    it.effect("streams a response body", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const response = yield* HttpClient.get(`${server.url}/chunks`)
        const text = yield* Stream.mkString(Stream.decodeText(response.stream))
        assert.strictEqual(text, "ab")
      }).pipe(provide))

    it.effect("closes the socket when the caller is interrupted while waiting for the response", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const fiber = yield* Effect.forkChild(HttpClient.get(`${server.url}/hang`))
        yield* requestsSeen(server)
        assert.strictEqual(server.closedSockets(), 0)
        yield* Fiber.interrupt(fiber)
        yield* socketClosed(server)
      }).pipe(provide))

    it.effect("closes the socket when the caller is interrupted while reading the body", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const response = yield* HttpClient.get(`${server.url}/partial`)
        assert.strictEqual(response.status, 200)
        const fiber = yield* Effect.forkChild(response.text)
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
        assert.strictEqual(server.closedSockets(), 0)
        yield* Fiber.interrupt(fiber)
        yield* socketClosed(server)
      }).pipe(provide))

    it.live("a timeout around the call interrupts the request", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const error = yield* HttpClient.get(`${server.url}/hang`).pipe(Effect.timeout("50 millis"), Effect.flip)
        assert.strictEqual(error._tag, "TimeoutError")
        yield* socketClosed(server)
      }).pipe(provide))

    it.effect("a refused connection is a TransportError", () =>
      Effect.gen(function*() {
        const port = yield* Effect.promise(closedPort)
        const error = yield* HttpClient.get(`http://127.0.0.1:${port}/json`).pipe(Effect.flip)
        assert.strictEqual(error._tag, "HttpClientError")
        assert.strictEqual(reasonOf(error), "TransportError")
      }).pipe(provide))

    it.effect("an invalid URL is an InvalidUrlError", () =>
      Effect.gen(function*() {
        const error = yield* HttpClient.get("not a url").pipe(Effect.flip)
        assert.strictEqual(reasonOf(error), "InvalidUrlError")
      }).pipe(provide))

    it.effect("a body cut short is a DecodeError with the response", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const error = yield* HttpClient.get(`${server.url}/reset`).pipe(
          Effect.flatMap((response) => response.text),
          Effect.flip
        )
        assert.strictEqual(reasonOf(error), "DecodeError")
        assert.strictEqual(error.response?.status, 200)
      }).pipe(provide))

    it.effect("a body that is not JSON is a DecodeError", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const error = yield* HttpClient.get(`${server.url}/not-json`).pipe(
          Effect.flatMap((response) => response.json),
          Effect.flip
        )
        assert.strictEqual(reasonOf(error), "DecodeError")
      }).pipe(provide))

    it.effect("propagates the trace of a client span, unless the platform's setting turns it off", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const parent = yield* HttpClient.get(`${server.url}/json`).pipe(
          Effect.andThen(Effect.currentSpan),
          Effect.withSpan("parent")
        )
        const traceparent = server.received[0]?.headers["traceparent"]
        assert.match(String(traceparent), new RegExp(`^00-${(parent as Tracer.Span).traceId}-[0-9a-f]{16}-01$`))
        // the request's span is the client's own, a child of the caller's
        assert.notInclude(String(traceparent), parent.spanId)

        yield* HttpClient.get(`${server.url}/json`).pipe(
          Effect.withSpan("parent"),
          Effect.provideService(HttpClient.TracerPropagationEnabled, false)
        )
        assert.isUndefined(server.received[1]?.headers["traceparent"])
      }).pipe(provide))
  })

  describe(`${name}: the direct way`, () => {
    it.effect("is on the layer's client, and on no client with middleware", () =>
      Effect.gen(function*() {
        const client = yield* Effect.service(HttpClient.HttpClient)
        assert.isDefined(directOf(client))
        assert.isUndefined(directOf(HttpClient.mapRequest(client, (request) => request)))
        assert.isUndefined(directOf(HttpClient.filterStatusOk(client)))
      }).pipe(provide))

    it.effect("answers with the status, the headers and the whole body", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const client = yield* Effect.service(HttpClient.HttpClient)
        const notFound = yield* exchange(client, directRequest(server.url, "/missing"))
        assert.deepStrictEqual(yield* notFound.outcome, {
          _tag: "Response",
          status: 404,
          header: "application/json",
          text: JSON.stringify({ message: "not found", type: "NOTFOUND" })
        })
        const chunks = yield* exchange(client, directRequest(server.url, "/chunks"))
        assert.deepInclude(yield* chunks.outcome, { _tag: "Response", status: 200, text: "ab" })
        assert.strictEqual(server.received[0]?.headers["accept"], "application/json")
        assert.strictEqual(notFound.heard.length + chunks.heard.length, 2)
      }).pipe(provide))

    it.effect("times out when the attempt's time is up, and closes the connection", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const client = yield* Effect.service(HttpClient.HttpClient)
        const hanging = yield* exchange(client, directRequest(server.url, "/hang", 50))
        assert.deepStrictEqual(yield* hanging.outcome, { _tag: "Timeout" })
        yield* socketClosed(server)
        assert.strictEqual(hanging.heard.length, 1)
      }).pipe(provide))

    it.effect("a body cut short is a failure after the response began", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const client = yield* Effect.service(HttpClient.HttpClient)
        const reset = yield* exchange(client, directRequest(server.url, "/reset"))
        assert.deepStrictEqual(yield* reset.outcome, { _tag: "Failure", phase: "body" })
        const port = yield* Effect.promise(closedPort)
        const refused = yield* exchange(client, directRequest(`http://127.0.0.1:${port}`, "/json"))
        assert.deepStrictEqual(yield* refused.outcome, { _tag: "Failure", phase: "request" })
      }).pipe(provide))

    it.effect("a cancelled exchange closes the connection and tells nothing", () =>
      Effect.gen(function*() {
        const server = yield* routedServer
        const client = yield* Effect.service(HttpClient.HttpClient)
        const hanging = yield* exchange(client, directRequest(server.url, "/hang", 100))
        yield* requestsSeen(server)
        hanging.cancel()
        yield* socketClosed(server)
        // past the attempt's time: the cancelled exchange's timer is gone too
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 150)))
        assert.deepStrictEqual(hanging.heard, [])
      }).pipe(provide))
  })
}
