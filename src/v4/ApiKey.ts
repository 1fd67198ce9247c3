/**
 * The Rockset API key, held as `Redacted` from configuration to the `Authorization` header.
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as CoreConfig from "../core/config.js"
import * as ApiServer from "./ApiServer.js"
import { invalidConfig } from "./internal/config.js"

/**
 * The API key service. Every operation requires it; its value is a `Redacted<string>`, so it prints as
 * `<redacted>` wherever it ends up.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { ApiKey } from "effect-rockset/v4"
 *
 * const program = Effect.provideService(Effect.void, ApiKey.ApiKey, Redacted.make("my-key"))
 * ```
 *
 * @since 0.2.0
 * @category Context
 */
export class ApiKey extends Context.Service<ApiKey, Redacted.Redacted<string>>()("effect-rockset/ApiKey") {}

/**
 * Checks a key: non-empty printable ASCII without spaces or line breaks (what an HTTP header can carry).
 * The error never contains the key.
 *
 * @example
 * ```ts
 * import { Redacted, Result } from "effect"
 * import { ApiKey } from "effect-rockset/v4"
 *
 * console.log(Result.isFailure(ApiKey.make(Redacted.make("two words")))) // true
 * ```
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (key: Redacted.Redacted<string>): Result.Result<Redacted.Redacted<string>, Config.ConfigError> => {
  const problem = CoreConfig.apiKeyProblem(Redacted.value(key))
  return problem === undefined ? Result.succeed(key) : Result.fail(invalidConfig(problem))
}

/**
 * Provides a key you already hold; fails with a `ConfigError` when it cannot be sent.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { ApiKey } from "effect-rockset/v4"
 *
 * const Key = ApiKey.layer(Redacted.make("my-key"))
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer = (key: Redacted.Redacted<string>): Layer.Layer<ApiKey, Config.ConfigError> =>
  Layer.effect(ApiKey, Effect.fromResult(make(key)))

/**
 * Where {@link layerConfigWithServer} reads the key and the server.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import type { ApiKey } from "effect-rockset/v4"
 *
 * const options: ApiKey.ConfigOptions = { apiKey: Config.Redacted("VAULT_ROCKSET_KEY"), apiServer: undefined }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface ConfigOptions {
  /** The key. Defaults to `Config.Redacted("ROCKSET_APIKEY")`. */
  readonly apiKey?: Config.Config<Redacted.Redacted<string>> | undefined
  /** The API server (a region, bare host or URL). Defaults to `Config.String("ROCKSET_APISERVER")`. */
  readonly apiServer?: Config.Config<string> | undefined
}

/**
 * Reads the API key **and the API server** from configuration, as Rockset's official Go client does: by
 * default the environment variables `ROCKSET_APIKEY` (required) and `ROCKSET_APISERVER` (a region, bare
 * host or URL, as {@link ApiServer.layerConfig} reads it; when unset, the server in force stays). A missing
 * key is a `ConfigError` that says what to set; so is a server that is not allowed.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { ApiKey } from "effect-rockset/v4"
 *
 * const FromEnv = ApiKey.layerConfigWithServer()
 * const FromVault = ApiKey.layerConfigWithServer({ apiKey: Config.Redacted("VAULT_ROCKSET_KEY") })
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerConfigWithServer = (options?: ConfigOptions): Layer.Layer<ApiKey, Config.ConfigError> =>
  Layer.merge(
    Layer.effect(
      ApiKey,
      Effect.gen(function*() {
        const key = yield* Config.option(options?.apiKey ?? Config.Redacted(CoreConfig.environment.apiKey))
        if (Option.isNone(key)) return yield* Effect.fail(invalidConfig(CoreConfig.missingApiKey))
        return yield* Effect.fromResult(make(key.value))
      })
    ),
    ApiServer.layerConfig(options?.apiServer)
  )
