/**
 * A lean `HttpClient` over `undici`'s `Dispatcher.request`, for Node. It is the same `HttpClient` service
 * that `@effect/platform` defines, so every operation of effect-rockset (and any other code written against
 * `HttpClient`) runs on it unchanged; it only does less work per request than `NodeHttpClient.layerUndici`.
 *
 * Interrupting a call aborts the request, or destroys the body being read; transport failures are
 * `HttpClientError.RequestError`s and body failures `HttpClientError.ResponseError`s, as with the platform's
 * clients. Spans and trace propagation follow the platform's `HttpClient` settings.
 *
 * @since 0.1.0
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { EventEmitter } from "node:events"
import { Readable } from "node:stream"
import * as Undici from "undici"
import { withDirect } from "../core/exchange/direct.js"
import { undiciDirect, undiciTimeouts } from "../core/exchange/undici.js"

/**
 * The undici `Dispatcher` requests go through (an `Agent`, a `Pool`, a `MockAgent`, ...).
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Agent } from "undici"
 * import { UndiciHttpClient } from "effect-rockset/undici"
 *
 * const OwnAgent = Layer.succeed(UndiciHttpClient.Dispatcher, new Agent({ connections: 16 }))
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class Dispatcher extends Context.Tag("effect-rockset/undici/Dispatcher")<Dispatcher, Undici.Dispatcher>() {}

type UndiciBody = Exclude<Undici.Dispatcher.DispatchOptions["body"], undefined>

/** Bodies nobody read are destroyed when their response is collected, so their connection is released. */
const unreadBodies = new FinalizationRegistry<Undici.Dispatcher.ResponseData["body"]>((body) => {
  body.destroy()
})

const decodeError = (response: UndiciResponse, cause: unknown) =>
  new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })

class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly status: number
  private readonly body: Undici.Dispatcher.ResponseData["body"]
  private readonly rawHeaders: Undici.Dispatcher.ResponseData["headers"]
  private cachedHeaders: Headers.Headers | undefined
  private cachedCookies: Cookies.Cookies | undefined
  private textPromise: Promise<string> | undefined
  private textValue: string | undefined

  constructor(readonly request: HttpClientRequest.HttpClientRequest, source: Undici.Dispatcher.ResponseData) {
    super()
    this.status = source.statusCode
    this.body = source.body
    this.rawHeaders = source.headers
    source.body.on("error", ignore)
    unreadBodies.register(this, source.body, this)
  }

  get headers(): Headers.Headers {
    return this.cachedHeaders ??= Headers.fromInput(this.rawHeaders)
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies !== undefined) return this.cachedCookies
    const header = this.rawHeaders["set-cookie"]
    return this.cachedCookies = header === undefined
      ? Cookies.empty
      : Cookies.fromSetCookie(Array.isArray(header) ? header : [header])
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  /** Reads the body once, destroying it when the reading fiber is interrupted. */
  private read<A>(consume: () => Promise<A>): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.async<A, HttpClientError.ResponseError>((resume) => {
      unreadBodies.unregister(this)
      consume().then(
        (value) => resume(Effect.succeed(value)),
        (cause) => resume(Effect.fail(decodeError(this, cause)))
      )
      return Effect.sync(() => {
        this.body.destroy()
      })
    })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    if (this.textValue !== undefined) return Effect.succeed(this.textValue)
    return this.read(() =>
      this.textPromise ??= this.body.text().then((text) => {
        this.textValue = text
        return text
      })
    )
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) => {
      try {
        return Effect.succeed(text === "" ? null : JSON.parse(text) as unknown)
      } catch (cause) {
        return Effect.fail(decodeError(this, cause))
      }
    })
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) => {
      try {
        return Effect.succeed(UrlParams.fromInput(new URLSearchParams(text)))
      } catch (cause) {
        return Effect.fail(decodeError(this, cause))
      }
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    if (this.textPromise !== undefined) {
      return Effect.map(this.text, (text) => {
        const bytes = new TextEncoder().encode(text)
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
      })
    }
    return this.read(() => this.body.arrayBuffer())
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.flatMap(
      this.arrayBuffer,
      (buffer) =>
        Effect.tryPromise({
          try: () =>
            new Response(buffer, { headers: { "content-type": this.headers["content-type"] ?? "" } }).formData(),
          catch: (cause) => decodeError(this, cause)
        })
    )
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.suspend(() => {
      unreadBodies.unregister(this)
      return Stream.ensuring(
        Stream.fromAsyncIterable(this.body, (cause) => decodeError(this, cause)),
        Effect.sync(() => {
          this.body.destroy()
        })
      )
    })
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

const ignore = () => {}

const encodeError = (request: HttpClientRequest.HttpClientRequest, description: string) =>
  new HttpClientError.RequestError({ request, reason: "Encode", description })

interface Encoded {
  readonly body: UndiciBody
  /** Set when the encoding decides it, as multipart does with its boundary. */
  readonly contentType?: string | undefined
}

/** The body as undici takes it, or an effect that encodes it first. */
const requestBody = (
  request: HttpClientRequest.HttpClientRequest
): UndiciBody | Effect.Effect<Encoded, HttpClientError.RequestError> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return null
    case "Uint8Array":
      return body.body
    case "Raw": {
      const raw = body.body
      return typeof raw === "string" || raw instanceof Uint8Array || raw instanceof Readable
        ? raw
        : Effect.fail(encodeError(request, "a raw body must be a string, a Uint8Array or a Readable"))
    }
    case "FormData": {
      const encoded = new Response(body.formData)
      const contentType = encoded.headers.get("content-type") ?? undefined
      return Effect.promise(() =>
        encoded.arrayBuffer().then((buffer): Encoded => ({ body: new Uint8Array(buffer), contentType }))
      )
    }
    case "Stream":
      return Effect.map(
        Stream.toAsyncIterableEffect(body.stream),
        (iterable): Encoded => ({ body: Readable.from(iterable) })
      )
  }
}

const send = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  body: UndiciBody,
  headers: Record<string, string>
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>((resume) => {
    // undici takes an EventEmitter as its abort signal: far cheaper per request than an AbortController
    const signal = new EventEmitter()
    dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method,
      headers,
      body,
      signal,
      // timeouts are the caller's business (Effect.timeout), as with the platform's clients
      ...undiciTimeouts
    }).then(
      (data) => resume(Effect.succeed(new UndiciResponse(request, data))),
      (cause) => resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
    )
    return Effect.sync(() => {
      signal.emit("abort")
    })
  })

const sendRequest = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  const body = requestBody(request)
  if (!Effect.isEffect(body)) return send(dispatcher, request, url, body, request.headers)
  return Effect.flatMap(body, (encoded) =>
    send(
      dispatcher,
      request,
      url,
      encoded.body,
      encoded.contentType === undefined ? request.headers : { ...request.headers, "content-type": encoded.contentType }
    ))
}

const traced = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  spanName: string,
  redactedNames: ReadonlyArray<string | RegExp>,
  propagate: boolean
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Effect.useSpan(spanName, { kind: "client", captureStackTrace: false }, (span) => {
    span.attribute("http.request.method", request.method)
    span.attribute("server.address", url.origin)
    if (url.port !== "") span.attribute("server.port", +url.port)
    span.attribute("url.full", url.toString())
    span.attribute("url.path", url.pathname)
    span.attribute("url.scheme", url.protocol.slice(0, -1))
    const query = url.search.slice(1)
    if (query !== "") span.attribute("url.query", query)
    const requestHeaders = Headers.redact(request.headers, redactedNames)
    for (const name in requestHeaders) {
      span.attribute(`http.request.header.${name}`, String(requestHeaders[name]))
    }
    const outgoing = propagate ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span)) : request
    return sendRequest(dispatcher, outgoing, url).pipe(
      Effect.withParentSpan(span),
      Effect.tap((response) => {
        span.attribute("http.response.status_code", response.status)
        const responseHeaders = Headers.redact(response.headers, redactedNames)
        for (const name in responseHeaders) {
          span.attribute(`http.response.header.${name}`, String(responseHeaders[name]))
        }
      })
    )
  })

/**
 * An `HttpClient` that sends every request through the given dispatcher. The caller owns the dispatcher.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { Layer } from "effect"
 * import { getGlobalDispatcher } from "undici"
 * import { UndiciHttpClient } from "effect-rockset/undici"
 *
 * const OnGlobalDispatcher = Layer.succeed(HttpClient.HttpClient, UndiciHttpClient.make(getGlobalDispatcher()))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient =>
  withDirect(makeClient(dispatcher), undiciDirect(dispatcher))

const makeClient = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient =>
  HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(effect, (request) =>
        Effect.withFiberRuntime((fiber) => {
          const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
          if (url._tag === "Left") {
            return Effect.fail(
              new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left })
            )
          }
          if (
            !fiber.getFiberRef(FiberRef.currentTracerEnabled) ||
            fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)(request)
          ) {
            return sendRequest(dispatcher, request, url.right)
          }
          return traced(
            dispatcher,
            request,
            url.right,
            Context.get(fiber.currentContext, HttpClient.SpanNameGenerator)(request),
            fiber.getFiberRef(Headers.currentRedactedNames),
            fiber.getFiberRef(HttpClient.currentTracerPropagation)
          )
        })),
    Effect.succeed
  )

/**
 * The `HttpClient` on the `Dispatcher` in context.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Agent } from "undici"
 * import { UndiciHttpClient } from "effect-rockset/undici"
 *
 * const HttpLive = UndiciHttpClient.layerWithoutDispatcher.pipe(
 *   Layer.provide(Layer.succeed(UndiciHttpClient.Dispatcher, new Agent({ connections: 16 })))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerWithoutDispatcher: Layer.Layer<HttpClient.HttpClient, never, Dispatcher> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(Dispatcher, make)
)

/**
 * A fresh `undici.Agent` for the life of the layer: its connections are closed when the layer's scope ends.
 *
 * @example
 * ```ts
 * import { UndiciHttpClient } from "effect-rockset/undici"
 *
 * const Pool16 = UndiciHttpClient.layerAgent({ connections: 16 })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerAgent = (options?: Undici.Agent.Options): Layer.Layer<HttpClient.HttpClient> =>
  Layer.provide(
    layerWithoutDispatcher,
    Layer.scoped(
      Dispatcher,
      Effect.acquireRelease(
        Effect.sync(() => new Undici.Agent(options)),
        (agent) => Effect.promise(() => agent.destroy())
      )
    )
  )

/**
 * The default runtime of this entry point: an `HttpClient` on a fresh `undici.Agent`, closed with the layer.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { ApiKey, Users } from "effect-rockset"
 * import { UndiciHttpClient } from "effect-rockset/undici"
 *
 * const program = Users.list().pipe(
 *   Effect.provide(ApiKey.layer(Redacted.make("my-key"))),
 *   Effect.provide(UndiciHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = layerAgent()
