import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Http from "node:http"

// What the Effect 3 edition's emulator tests share, as test/v4/helpers.ts has it for the Effect 4 edition's;
// test/support/edition.ts hands the runtimes to the runners both editions share (test/shared).
export { eventually, rawGet } from "../shared/sockets.js"

/** The Node runtimes every integration test runs through: the platform's fetch and undici clients. */
export const runtimes: ReadonlyArray<{
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
}> = [
  { name: "FetchHttpClient.layer", layer: FetchHttpClient.layer },
  { name: "NodeHttpClient.layerUndici", layer: NodeHttpClient.layerUndici }
]

/** `runtimes`, by the name some tests know it by. */
export const clients = runtimes

/** Rewrites every request the client sends, to reach statuses a well-behaved client never provokes. */
export const tamper =
  (f: (request: HttpClientRequest.HttpClientRequest) => HttpClientRequest.HttpClientRequest) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | HttpClient.HttpClient> =>
    Effect.updateService(self, HttpClient.HttpClient, (client) => HttpClient.mapRequest(client, f))

/** What a raw `node:http` request saw, at the socket level. */
export type RawResult =
  | {
    readonly outcome: "response"
    readonly status: number
    readonly headers: Http.IncomingHttpHeaders
    readonly body: string
    readonly chunks: number
    readonly millis: number
  }
  | {
    readonly outcome: "error"
    readonly code: string | undefined
    readonly status: number | undefined
    readonly headers: Http.IncomingHttpHeaders | undefined
    readonly received: string
  }
  | {
    readonly outcome: "timeout"
    readonly status: number | undefined
    readonly headers: Http.IncomingHttpHeaders | undefined
    readonly received: string
  }

/**
 * Sends one request on a fresh connection (no agent, so nothing is pooled) and reports what happened:
 * a complete response, an error (with its code, and what had arrived before it), or nothing more after
 * `timeoutMillis`, in which case the connection is destroyed.
 */
export const rawRequest = (
  base: string,
  options: {
    readonly path: string
    readonly method?: string
    readonly headers?: Readonly<Record<string, string>>
    readonly body?: string
    readonly timeoutMillis?: number
  }
): Effect.Effect<RawResult> =>
  Effect.async<RawResult>((resume) => {
    const url = new URL(base)
    const started = Date.now()
    let status: number | undefined
    let headers: Http.IncomingHttpHeaders | undefined
    let received = ""
    let chunks = 0
    let done = false
    const finish = (result: RawResult) => {
      if (done) return
      done = true
      clearTimeout(timer)
      request.destroy()
      resume(Effect.succeed(result))
    }
    const request = Http.request({
      host: url.hostname,
      port: url.port,
      method: options.method ?? "GET",
      path: options.path,
      headers: options.headers,
      agent: false
    })
    const timer = setTimeout(
      () => finish({ outcome: "timeout", status, headers, received }),
      options.timeoutMillis ?? 2_000
    )
    const onError = (error: NodeJS.ErrnoException) =>
      finish({ outcome: "error", code: error.code, status, headers, received })
    request.on("error", onError)
    request.on("response", (response) => {
      status = response.statusCode
      headers = response.headers
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => {
        received += chunk
        chunks++
      })
      response.on("error", onError)
      response.on("end", () =>
        finish({
          outcome: "response",
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: received,
          chunks,
          millis: Date.now() - started
        }))
    })
    if (options.body !== undefined) request.write(options.body)
    request.end()
    return Effect.sync(() => {
      done = true
      clearTimeout(timer)
      request.destroy()
    })
  })
