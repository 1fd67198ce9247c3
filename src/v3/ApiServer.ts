/**
 * Where requests go: a Rockset region, any `https://` URL, or a loopback `http://` URL (the emulator).
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as CoreConfig from "../core/config.js"
import * as Regions from "./Regions.js"

/**
 * A validated API server URL: an origin, optionally with a path prefix, never with credentials, query or
 * fragment, and never plain `http://` except on loopback. Only {@link make} builds one.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * const server = ApiServer.make("euc1a1")
 * if (Either.isRight(server)) console.log(server.right.url) // "https://api.euc1a1.rockset.com"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const ApiServerUrl: typeof CoreConfig.ApiServerUrl = CoreConfig.ApiServerUrl

/**
 * @since 0.1.0
 * @category Models
 */
export type ApiServerUrl = CoreConfig.ApiServerUrl

/**
 * The API server requests go to. A `Context.Reference`: it defaults to {@link Regions.defaultRegion}, so
 * operations do not list it in their requirements.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * const program = Effect.map(ApiServer.ApiServer, (server) => server.url)
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class ApiServer extends Context.Reference<ApiServer>()("effect-rockset/ApiServer", {
  defaultValue: () => ApiServerUrl.unsafeMake(Regions.Regions[Regions.defaultRegion])
}) {}

/**
 * Validates an API server: a region name (`"usw2a1"`, in any case), a bare host (`"api.usw2a1.rockset.com"`,
 * taken as `https://`), an `https://` URL, or an `http://` URL whose host is loopback (`localhost`,
 * `127.x.x.x`, `[::1]`). A value shaped like a region code that names no region (`"usw2a9"`) is refused with
 * the known regions listed, rather than taken for a host. Anything else is a `ConfigError`, before any
 * request is made.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * console.log(Either.isLeft(ApiServer.make("http://api.example.com"))) // true: plain http off loopback
 * console.log(Either.isLeft(ApiServer.make("usw2a9"))) // true: not a region (usw2a1, use1a1, euc1a1, rs2)
 * console.log(Either.isRight(ApiServer.make("http://127.0.0.1:3000"))) // true
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (input: Regions.Region | (string & {})): Either.Either<ApiServerUrl, ConfigError.ConfigError> => {
  const checked = CoreConfig.parseApiServer(input)
  return checked.ok
    ? Either.right(ApiServerUrl.unsafeMake(checked.value))
    : Either.left(ConfigError.InvalidData([], checked.message))
}

/**
 * A layer that sets the API server, failing with a `ConfigError` when it is not allowed.
 *
 * @example
 * ```ts
 * import { ApiServer } from "effect-rockset"
 *
 * const EuropeLive = ApiServer.layer("euc1a1")
 * const EmulatorLive = ApiServer.layer("http://127.0.0.1:4010")
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (input: Regions.Region | (string & {})): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.effectContext(Effect.map(make(input), (server) => Context.make(ApiServer, server)))

/**
 * Reads the API server from configuration, by default `ROCKSET_APISERVER` (a region, bare host or URL).
 * When it is not set, the layer sets nothing: the server in force stays (the default region, or one set
 * by a layer outside it).
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * const FromEnv = ApiServer.layerConfig()
 * const FromOtherName = ApiServer.layerConfig(Config.string("MY_ROCKSET_HOST"))
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  config: Config.Config<string> = Config.string(CoreConfig.environment.apiServer)
): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.effectContext(
    Effect.flatMap(Config.option(config), (value) =>
      value._tag === "Some"
        ? Effect.map(make(value.value), (server): Context.Context<never> => Context.make(ApiServer, server))
        : Effect.succeed(Context.empty()))
  )
