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
): Either.Either<Redacted.Redacted<string>, ConfigError.ConfigError> =>
  /^[\x21-\x7e]+$/.test(Redacted.value(key))
    ? Either.right(key)
    : Either.left(
      ConfigError.InvalidData(
        [],
        "Invalid Rockset API key: it must be non-empty printable ASCII without spaces or line breaks"
      )
    )

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
 * Reads the key, and the API server, from configuration: by default the environment variables
 * `ROCKSET_APIKEY` (required) and `ROCKSET_APISERVER` (a region, bare host or URL; the default region when
 * unset), as Rockset's official Go client does. A missing key is a `ConfigError` that says what to set.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { ApiKey } from "effect-rockset"
 *
 * const FromEnv = ApiKey.layerConfig()
 * const FromVault = ApiKey.layerConfig({ apiKey: Config.redacted("VAULT_ROCKSET_KEY") })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (options?: {
  readonly apiKey?: Config.Config<Redacted.Redacted<string>>
  readonly apiServer?: Config.Config<string>
}): Layer.Layer<ApiKey, ConfigError.ConfigError> =>
  Layer.merge(
    Layer.effect(
      ApiKey,
      (options?.apiKey ?? Config.redacted("ROCKSET_APIKEY")).pipe(
        Effect.mapError((error) =>
          ConfigError.isMissingDataOnly(error)
            ? ConfigError.MissingData(
              [],
              "No Rockset API key: set ROCKSET_APIKEY (for a local emulator, `npx rockset-emulator` prints one)"
            )
            : error
        ),
        Effect.flatMap(make)
      )
    ),
    ApiServer.layerConfig(options?.apiServer)
  )
