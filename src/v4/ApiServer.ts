/**
 * Where requests go: a region's API server, another host (a proxy, say) over `https://`, or a loopback
 * emulator over `http://`.
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as CoreConfig from "../core/config.js"
import { invalidConfig } from "./internal/config.js"

/**
 * A validated API server URL: an origin, optionally with a path prefix, never with credentials, query or
 * fragment, and never plain `http://` except on loopback. Only {@link make} builds one.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { ApiServer } from "effect-rockset/v4"
 *
 * const server = ApiServer.make("euc1a1")
 * if (Result.isSuccess(server)) console.log(server.success.url) // "https://api.euc1a1.rockset.com"
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const ApiServerUrl: typeof CoreConfig.ApiServerUrl = CoreConfig.ApiServerUrl

/**
 * @since 0.2.0
 * @category Models
 */
export type ApiServerUrl = CoreConfig.ApiServerUrl

/**
 * The API server requests go to. A `Context.Reference`: it defaults to the default region's server, so
 * operations do not list it in their requirements.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ApiServer } from "effect-rockset/v4"
 *
 * const url = Effect.map(Effect.service(ApiServer.ApiServer), (server) => server.url)
 * ```
 *
 * @since 0.2.0
 * @category Context
 */
export const ApiServer: Context.Reference<ApiServerUrl> = Context.Reference<ApiServerUrl>(
  "effect-rockset/ApiServer",
  { defaultValue: () => ApiServerUrl.unsafeMake(CoreConfig.regions[CoreConfig.defaultRegion]) }
)

/**
 * Reads an API server: a region (`usw2a1`, `use1a1`, `euc1a1`, `rs2`, in any case), a bare host (taken as
 * `https://`), an `https://` URL, or an `http://` URL on loopback. A region-shaped value that names no
 * region is refused with the regions listed.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { ApiServer } from "effect-rockset/v4"
 *
 * console.log(Result.isFailure(ApiServer.make("http://api.example.com"))) // true: plain http off loopback
 * ```
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (input: CoreConfig.Region | (string & {})): Result.Result<ApiServerUrl, Config.ConfigError> => {
  const checked = CoreConfig.parseApiServer(input)
  return checked.ok
    ? Result.succeed(ApiServerUrl.unsafeMake(checked.value))
    : Result.fail(invalidConfig(checked.message))
}

/**
 * Sets the API server for everything the layer is provided to; fails with a `ConfigError` when the value
 * is not allowed.
 *
 * @example
 * ```ts
 * import { ApiServer } from "effect-rockset/v4"
 *
 * const Frankfurt = ApiServer.layer("euc1a1")
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer = (input: CoreConfig.Region | (string & {})): Layer.Layer<never, Config.ConfigError> =>
  Layer.effect(ApiServer, Effect.fromResult(make(input)))

/**
 * Reads the API server from configuration, by default `ROCKSET_APISERVER` (a region, bare host or URL).
 * When it is not set, the layer sets nothing, and the server in force stays.
 *
 * @example
 * ```ts
 * import { ApiServer } from "effect-rockset/v4"
 *
 * const FromEnvironment = ApiServer.layerConfig()
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerConfig = (
  config: Config.Config<string> = Config.String(CoreConfig.environment.apiServer)
): Layer.Layer<never, Config.ConfigError> =>
  Layer.effectContext(Effect.gen(function*() {
    const value = yield* Config.option(config)
    if (Option.isNone(value)) return Context.empty()
    return Context.make(ApiServer, yield* Effect.fromResult(make(value.value)))
  }))
