/**
 * A lean `HttpClient` over `fetch`, for browsers, Deno, Bun and Node. It is the platform's
 * `FetchHttpClient` (every request an application sends through it goes there, with the same `Fetch` and
 * `RequestInit` settings), plus a direct way that effect-rockset's operations take: one `fetch`, its body
 * read and its attempt timer in one callback, without the platform's request and response objects or the
 * fibers around them. The direct way is only taken where it is the same as the platform's client: on
 * {@link layer}'s client, never on one with middleware.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type Direct, withDirect } from "../core/exchange/direct.js"
import { fetchExchange } from "../core/exchange/fetch.js"

/**
 * The direct way, with the settings the platform's `FetchHttpClient` reads: `Fetch` and `RequestInit` from
 * the call's context, else from the layer's. Redirects are never followed (`redirect: "manual"`), as on the
 * `HttpClient` way of effect-rockset's operations.
 */
const directFetch =
  (layerContext: Context.Context<never>): Direct<Context.Context<never>> => (request, handler, context) => {
    const fetch = Context.getOption(context, FetchHttpClient.Fetch).pipe(
      (own) =>
        own._tag === "Some" ? own.value : Context.getOrElse(layerContext, FetchHttpClient.Fetch, () => globalThis.fetch)
    )
    const init: RequestInit = Context.getOption(context, FetchHttpClient.RequestInit).pipe(
      (own) =>
        own._tag === "Some" ? own.value : Context.getOrElse(layerContext, FetchHttpClient.RequestInit, () => ({}))
    )
    return fetchExchange(fetch, init, request, handler)
  }

const identity = <A>(a: A): A => a

/** The clients `FetchHttpClient.layer` made for {@link layer}: the platform's fetch client, no middleware. */
const platformClients = new WeakSet<HttpClient.HttpClient>()

/**
 * The `HttpClient`: the platform's fetch client (for any request), able to take the direct way when it is
 * the platform's own, as {@link layer} provides it. Any other client (one with middleware of its own:
 * `HttpClient.mapRequest`, `tapRequest`, `retry`, ...) is delegated to as it is, middleware included: the
 * direct way would skip it.
 *
 * @example
 * ```ts
 * import { FetchHttpClient, HttpClient } from "@effect/platform"
 * import { Effect } from "effect"
 * import { FetchClient } from "effect-rockset/fetch"
 *
 * // a client with middleware keeps it: every call goes through it
 * const client = Effect.map(HttpClient.HttpClient, (platform) =>
 *   FetchClient.make(HttpClient.mapRequest(platform, (request) => request))
 * ).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  platform: HttpClient.HttpClient,
  layerContext: Context.Context<never> = Context.empty()
): HttpClient.HttpClient => {
  // a client of its own (the platform's is shared), delegating to the platform's
  const client = HttpClient.transformResponse(platform, identity)
  return platformClients.has(platform) ? withDirect(client, directFetch(layerContext)) : client
}

/**
 * The default runtime of this entry point: the platform's `FetchHttpClient.layer`, plus the direct way.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { ApiKey, Users } from "effect-rockset"
 * import { FetchClient } from "effect-rockset/fetch"
 *
 * const program = Users.list().pipe(
 *   Effect.provide(ApiKey.layer(Redacted.make("my-key"))),
 *   Effect.provide(FetchClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.zipWith(HttpClient.HttpClient, Effect.context<never>(), (platform, context) => {
    platformClients.add(platform)
    return make(platform, context)
  })
).pipe(Layer.provide(FetchHttpClient.layer))
