/**
 * The Rockset API key, held as `Redacted` from configuration to the `Authorization` header.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as CoreConfig from "../core/config.js"
import * as ApiServer from "./ApiServer.js"

/**
 * The API key service. Every operation requires it; its value is a `Redacted<string>`, so it prints as
 * `<redacted>` wherever it ends up.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { ApiKey } from "effect-rockset"
 *
 * const program = Effect.provideService(Effect.void, ApiKey.ApiKey, Redacted.make("my-key"))
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class ApiKey extends Context.Tag("effect-rockset/ApiKey")<ApiKey, Redacted.Redacted<string>>() {}

/**
 * Checks a key before it is used: it must be non-empty printable ASCII without white space, so it cannot
 * break or inject into the header. The error never contains the key.
 *
 * @example
 * ```ts
 * import { Either, Redacted } from "effect"
 * import { ApiKey } from "effect-rockset"
 *
 * console.log(Either.isLeft(ApiKey.make(Redacted.make("bad key\r\nX: 1")))) // true
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  key: Redacted.Redacted<string>
): Either.Either<Redacted.Redacted<string>, ConfigError.ConfigError> => {
  const problem = CoreConfig.apiKeyProblem(Redacted.value(key))
  return problem === undefined ? Either.right(key) : Either.left(ConfigError.InvalidData([], problem))
}

/**
 * A layer holding the given key.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { ApiKey } from "effect-rockset"
 *
 * const ApiKeyLive = ApiKey.layer(Redacted.make("my-key"))
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (key: Redacted.Redacted<string>): Layer.Layer<ApiKey, ConfigError.ConfigError> =>
  Layer.effect(ApiKey, make(key))

/**
 * What {@link layerConfigWithServer} reads: each a `Config`, each with a default.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import type { ApiKey } from "effect-rockset"
 *
 * const options: ApiKey.ConfigOptions = { apiKey: Config.redacted("VAULT_ROCKSET_KEY"), apiServer: undefined }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface ConfigOptions {
  /** The key. Defaults to `Config.redacted("ROCKSET_APIKEY")`. */
  readonly apiKey?: Config.Config<Redacted.Redacted<string>> | undefined
  /** The API server (a region, bare host or URL). Defaults to `Config.string("ROCKSET_APISERVER")`. */
  readonly apiServer?: Config.Config<string> | undefined
}

/**
 * Reads the API key **and the API server** from configuration, as Rockset's official Go client does: by
 * default the environment variables `ROCKSET_APIKEY` (required) and `ROCKSET_APISERVER` (a region, bare
 * host or URL, as {@link ApiServer.layerConfig} reads it; when unset, the server in force stays). A missing
 * key is a `ConfigError` that says what to set; so is a server that is not allowed.
 *
 * The layer's type names only `ApiKey`: the server is a `Context.Reference`, which operations never list.
 * For the key alone, use {@link layer} with a key you read yourself.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { ApiKey } from "effect-rockset"
 *
 * const FromEnv = ApiKey.layerConfigWithServer()
 * const FromVault = ApiKey.layerConfigWithServer({ apiKey: Config.redacted("VAULT_ROCKSET_KEY") })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfigWithServer = (options?: ConfigOptions): Layer.Layer<ApiKey, ConfigError.ConfigError> =>
  Layer.merge(
    Layer.effect(
      ApiKey,
      (options?.apiKey ?? Config.redacted(CoreConfig.environment.apiKey)).pipe(
        Effect.mapError((error) =>
          ConfigError.isMissingDataOnly(error)
            ? ConfigError.MissingData([], CoreConfig.missingApiKey)
            : error
        ),
        Effect.flatMap(make)
      )
    ),
    ApiServer.layerConfig(options?.apiServer)
  )

/**
 * The same layer as {@link layerConfigWithServer}, under its first name: it reads `ROCKSET_APISERVER` as well
 * as `ROCKSET_APIKEY`. Kept so that existing code goes on working; new code reads better with
 * `layerConfigWithServer`.
 *
 * @example
 * ```ts
 * import { ApiKey } from "effect-rockset"
 *
 * const FromEnv = ApiKey.layerConfig() // key and server, like ApiKey.layerConfigWithServer()
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig: (options?: ConfigOptions) => Layer.Layer<ApiKey, ConfigError.ConfigError> =
  layerConfigWithServer
