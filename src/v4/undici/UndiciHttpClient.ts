/**
 * An `HttpClient` over an `undici` `Dispatcher`, for Node, in Effect 4. For the `HttpClient` interface it
 * is `@effect/platform-node`'s own undici client (`NodeHttpClient.makeUndici`), so every operation of
 * effect-rockset, and any other code written against `HttpClient`, runs on it unchanged, with the platform's
 * errors (`HttpClientError` with a `TransportError` or `DecodeError` reason), its aborting of the request
 * when the caller is interrupted (also while the body is read), and its spans and trace propagation. What
 * it adds is the direct way effect-rockset's operations take on the client a layer of this module made: one
 * `Dispatcher.dispatch`, the whole body and the attempt timer in one callback, without the platform's
 * request and response objects or the fibers around them.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as Undici from "@effect/platform-node/Undici"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import { withDirect } from "../../core/exchange/direct.js"
import { undiciDirect } from "../../core/exchange/undici.js"

/**
 * The undici `Dispatcher` requests go through (an `Agent`, a `Pool`, a `MockAgent`, ...). It is the
 * platform's own service, so `NodeHttpClient.layerDispatcher`, `dispatcherLayerGlobal` and
 * `layerDispatcherOptions` provide it too.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Agent } from "@effect/platform-node/Undici"
 * import { UndiciHttpClient } from "effect-rockset/v4/undici"
 *
 * const OwnAgent = Layer.succeed(UndiciHttpClient.Dispatcher, new Agent({ connections: 16 }))
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export const Dispatcher: typeof NodeHttpClient.Dispatcher = NodeHttpClient.Dispatcher

/**
 * The service of {@link Dispatcher}.
 *
 * @since 0.1.0
 * @category Context
 */
export type Dispatcher = NodeHttpClient.Dispatcher

/**
 * An `HttpClient` that sends every request through the given dispatcher. The caller owns the dispatcher.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import * as HttpClient from "effect/http/HttpClient"
 * import { getGlobalDispatcher } from "@effect/platform-node/Undici"
 * import { UndiciHttpClient } from "effect-rockset/v4/undici"
 *
 * const OnGlobalDispatcher = Layer.succeed(HttpClient.HttpClient, UndiciHttpClient.make(getGlobalDispatcher()))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient =>
  withDirect(
    // `makeUndici` only reads the dispatcher from its context: running it is building a value
    Effect.runSync(Effect.provideService(NodeHttpClient.makeUndici, NodeHttpClient.Dispatcher, dispatcher)),
    undiciDirect(dispatcher)
  )

/**
 * The `HttpClient` on the `Dispatcher` in context.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Agent } from "@effect/platform-node/Undici"
 * import { UndiciHttpClient } from "effect-rockset/v4/undici"
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
  Effect.map(Effect.service(Dispatcher), make)
)

/**
 * A fresh `undici.Agent` for the life of the layer: its connections are closed when the layer's scope ends.
 *
 * @example
 * ```ts
 * import { UndiciHttpClient } from "effect-rockset/v4/undici"
 *
 * const Pool16 = UndiciHttpClient.layerAgent({ connections: 16 })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerAgent = (options?: Undici.Agent.Options): Layer.Layer<HttpClient.HttpClient> =>
  Layer.provide(layerWithoutDispatcher, NodeHttpClient.layerDispatcherOptions(options))

/**
 * The default runtime of this entry point: an `HttpClient` on a fresh `undici.Agent`, closed with the layer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as HttpClient from "effect/http/HttpClient"
 * import { UndiciHttpClient } from "effect-rockset/v4/undici"
 *
 * const program = HttpClient.get("https://api.usw2a1.rockset.com/v1/orgs/self/users").pipe(
 *   Effect.provide(UndiciHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = layerAgent()
