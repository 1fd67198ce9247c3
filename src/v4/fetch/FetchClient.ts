/**
 * An `HttpClient` over `fetch`, for browsers, Deno, Bun and Node, in Effect 4. It is the platform's
 * `FetchHttpClient` (every request an application sends through it goes there, with the same `Fetch` and
 * `RequestInit` settings), plus a direct way that effect-rockset's operations take: one `fetch`, its body
 * read and its attempt timer in one callback, without the platform's request and response objects or the
 * fibers around them. The direct way is only taken where it is the same as the platform's client: on
 * {@link layer}'s client, never on one with middleware.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import { type Direct, withDirect } from "../../core/exchange/direct.js"
import { fetchExchange } from "../../core/exchange/fetch.js"

/**
 * The direct way, with the settings the platform's `FetchHttpClient` reads: `Fetch` and `RequestInit` from
 * the call's context, else from the layer's (as `FetchHttpClient.layer` merges them). Redirects are never
 * followed (`redirect: "manual"`), as on the `HttpClient` way of effect-rockset's operations.
 */
const directFetch =
  (layerContext: Context.Context<never>): Direct<Context.Context<never>> => (request, handler, context) =>
    fetchExchange(
      Context.getOrUndefined(context, FetchHttpClient.Fetch) ?? Context.get(layerContext, FetchHttpClient.Fetch),
      Context.getOrUndefined(context, FetchHttpClient.RequestInit) ??
        Context.getOrUndefined(layerContext, FetchHttpClient.RequestInit) ?? {},
      request,
      handler
    )

/**
 * The `HttpClient`: the client it is handed, as it is, middleware included, and with no direct way (which
 * would skip the middleware: `HttpClient.mapRequest`, `tapRequest`, `retry`, ...). Only {@link layer}'s
 * client, the platform's own, takes the direct way.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as HttpClient from "effect/http/HttpClient"
 * import { FetchClient } from "effect-rockset/v4/fetch"
 *
 * // a client with middleware keeps it: every call goes through it
 * const client = Effect.map(Effect.service(HttpClient.HttpClient), (platform) =>
 *   FetchClient.make(HttpClient.mapRequest(platform, (request) => request))
 * ).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (platform: HttpClient.HttpClient): HttpClient.HttpClient =>
  // a client of its own, delegating to the one it is handed
  HttpClient.transformResponse(platform, identity)

/**
 * The default runtime of this entry point: the platform's `FetchHttpClient.layer`, plus the direct way.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as HttpClient from "effect/http/HttpClient"
 * import { FetchClient } from "effect-rockset/v4/fetch"
 *
 * const program = HttpClient.get("https://api.usw2a1.rockset.com/v1/orgs/self/users").pipe(
 *   Effect.provide(FetchClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.zipWith(
    Effect.service(HttpClient.HttpClient),
    Effect.context<never>(),
    (platform, context) => withDirect(make(platform), directFetch(context))
  )
).pipe(Layer.provide(FetchHttpClient.layer))
