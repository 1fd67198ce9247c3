/**
 * A scripted `HttpClient` for unit tests: it answers each request with the next scripted reply and
 * records what was sent, so a test can assert the exact method, path, headers and body, and exercise
 * every status, transport failure and stall without a network.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Scripted from "../../core/scripted.js"

/**
 * One scripted answer.
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const replies: ReadonlyArray<ScriptedHttp.Reply> = [
 *   ScriptedHttp.json(503, { message: "not ready", type: "NOT_READY" }, { "retry-after": "1" }),
 *   ScriptedHttp.json(200, { email: "ada@example.com" })
 * ]
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export type Reply = Scripted.Reply

/**
 * A JSON response.
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const notFound = ScriptedHttp.json(404, { message: "User not found", type: "NOTFOUND" })
 * ```
 *
 * @since 0.1.0
 * @category Replies
 */
export const json: typeof Scripted.json = Scripted.json

/**
 * A response with a raw text body (an HTML proxy page, malformed JSON, an empty body).
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const proxyPage = ScriptedHttp.text(502, "<html><body>Bad Gateway</body></html>", { "content-type": "text/html" })
 * ```
 *
 * @since 0.1.0
 * @category Replies
 */
export const text: typeof Scripted.text = Scripted.text

/**
 * Headers and the start of a body, then nothing more: the body never ends.
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const stalled = ScriptedHttp.stallBody(200, "{\"email\":")
 * ```
 *
 * @since 0.1.0
 * @category Replies
 */
export const stallBody: typeof Scripted.stallBody = Scripted.stallBody

/**
 * A transport failure with a system error code: `ECONNREFUSED` (nothing was sent), `ECONNRESET`, ...
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const refused = ScriptedHttp.transportFailure("ECONNREFUSED")
 * ```
 *
 * @since 0.1.0
 * @category Replies
 */
export const transportFailure: typeof Scripted.transportFailure = Scripted.transportFailure

/**
 * No answer at all: the request hangs until it is interrupted.
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const hang = ScriptedHttp.never
 * ```
 *
 * @since 0.1.0
 * @category Replies
 */
export const never: Reply = Scripted.never

/**
 * A request as the client sent it.
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const describe = (request: ScriptedHttp.Recorded) => `${request.method} ${request.path}`
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Recorded extends Scripted.Recorded {}

/**
 * The scripted client with what it recorded.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const count = Effect.gen(function*() {
 *   const scripted = yield* ScriptedHttp.ScriptedHttp
 *   return scripted.requests().length
 * })
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly client: HttpClient.HttpClient
  /** The requests sent so far, in order. */
  readonly requests: () => ReadonlyArray<Recorded>
  /** Requests currently waiting for an answer that never comes (`never`), not yet interrupted. */
  readonly inFlight: () => number
}

/**
 * The service of the scripted client, to read its recorded requests in a test.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const requests = Effect.gen(function*() {
 *   const scripted = yield* ScriptedHttp.ScriptedHttp
 *   return scripted.requests()
 * })
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class ScriptedHttp extends Context.Tag("effect-rockset/testing/ScriptedHttp")<ScriptedHttp, Service>() {}

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Uint8Array":
      return new TextDecoder().decode(body.body)
    case "Empty":
      return undefined
    default:
      return `<${body._tag} body>`
  }
}

/**
 * Builds a scripted client. `replies` is either a list, answered in order (the last one repeats when the
 * list runs out), or a function of the request and its index.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const program = Effect.map(
 *   ScriptedHttp.make([ScriptedHttp.json(200, { data: [] })]),
 *   (scripted) => scripted.client
 * )
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  replies:
    | ReadonlyArray<Reply>
    | ((request: Recorded, index: number) => Reply)
): Effect.Effect<Service> =>
  Effect.sync(() => {
    const recorded: Array<Recorded> = []
    let inFlight = 0
    const pending = <A>(effect: Effect.Effect<A, HttpClientError.HttpClientError>) =>
      Effect.acquireUseRelease(
        Effect.sync(() => inFlight++),
        () => effect,
        () => Effect.sync(() => inFlight--)
      )
    const client = HttpClient.make((request, url) => {
      const entry: Recorded = {
        method: request.method,
        url: url.toString(),
        path: url.pathname + url.search,
        headers: { ...request.headers },
        body: bodyText(request)
      }
      const index = recorded.length
      recorded.push(entry)
      const reply = Scripted.replyAt(replies, entry, index)
      switch (reply._tag) {
        case "Respond":
        case "StallBody":
          return Effect.succeed(HttpClientResponse.fromWeb(request, Scripted.responseOf(reply)))
        case "Fail":
          return Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: Scripted.failureCause(reply)
            })
          )
        case "Never":
          return pending(Effect.never)
      }
    })
    return { client, requests: () => [...recorded], inFlight: () => inFlight }
  })

/**
 * A layer providing both the scripted `HttpClient` and the {@link ScriptedHttp} service to inspect it.
 *
 * @example
 * ```ts
 * import { ScriptedHttp } from "effect-rockset/testing"
 *
 * const HttpTest = ScriptedHttp.layer([ScriptedHttp.json(200, { email: "ada@example.com" })])
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  replies: ReadonlyArray<Reply> | ((request: Recorded, index: number) => Reply)
): Layer.Layer<HttpClient.HttpClient | ScriptedHttp> =>
  Layer.effectContext(
    Effect.map(make(replies), (service) =>
      Context.make(ScriptedHttp, service).pipe(Context.add(HttpClient.HttpClient, service.client)))
  )
