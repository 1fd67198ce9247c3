/**
 * The Promise client: every operation returns a Promise, rejections are
 * the same tagged error instances as in the Effect API (`instanceof` and `_tag` both work), each call takes
 * an `AbortSignal`, and `dispose()` releases the connections.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as ApiKey from "../ApiKey.js"
import * as ApiServer from "../ApiServer.js"
import { FetchClient } from "../fetch/index.js"
import * as Policy from "../Policy.js"
import type * as Regions from "../Regions.js"
import type * as RocksetError from "../RocksetError.js"
import * as UserAgent from "../UserAgent.js"
import * as Users from "../Users.js"
import type * as UsersSchema from "../UsersSchema.js"

/**
 * How to build a client.
 *
 * @example
 * ```ts
 * import type { RocksetClient } from "effect-rockset/promise"
 *
 * const options: RocksetClient.ClientOptions = { apiKey: "my-key", apiServer: "use1a1" }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface ClientOptions {
  /** The API key; a plain string is wrapped in `Redacted` at once. */
  readonly apiKey: string | Redacted.Redacted<string>
  /** A region, an `https://` URL, or a loopback `http://` URL. Defaults to `usw2a1`. */
  readonly apiServer?: Regions.Region | (string & {}) | undefined
  /**
   * The HTTP runtime. Defaults to `FetchClient.layer` (`effect-rockset/fetch`: the platform's fetch client
   * with this library's direct way in), which works in browsers, Deno, Bun and Node.
   */
  readonly httpClient?: Layer.Layer<HttpClient.HttpClient> | undefined
  /** The retry and timeout policy of every call. Defaults to `Policy.defaultPolicy`. */
  readonly policy?: Policy.Policy | undefined
  /** A product token (`name/version`) put in front of the `User-Agent`. */
  readonly userAgent?: string | undefined
}

/**
 * Options of one call.
 *
 * @example
 * ```ts
 * import type { RocksetClient } from "effect-rockset/promise"
 *
 * const options: RocksetClient.CallOptions = { signal: AbortSignal.timeout(5_000) }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions {
  /** Aborting it interrupts the call and closes its request; the Promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined
  /** A policy for this call only. */
  readonly policy?: Policy.Policy | undefined
}

/**
 * The client. A call rejects with a `RocksetError` (or, when the client was misconfigured, a `ConfigError`).
 *
 * @example
 * ```ts
 * import { RocksetClient } from "effect-rockset/promise"
 *
 * const client: RocksetClient.RocksetClient = RocksetClient.make({ apiKey: "my-key" })
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface RocksetClient extends AsyncDisposable {
  readonly create: (
    input: typeof UsersSchema.CreateUserRequest.Encoded,
    options?: CallOptions
  ) => Promise<UsersSchema.User>
  readonly deleteUser: (user: string, options?: CallOptions) => Promise<UsersSchema.User>
  readonly get: (user: string, options?: CallOptions) => Promise<UsersSchema.User>
  readonly getCurrentUser: (options?: CallOptions) => Promise<UsersSchema.User>
  readonly list: (options?: CallOptions) => Promise<ReadonlyArray<UsersSchema.User>>
  readonly listUnsubscribePreferences: (
    options?: CallOptions
  ) => Promise<ReadonlyArray<UsersSchema.UnsubscribePreference>>
  readonly updateUnsubscribePreferences: (
    input: typeof UsersSchema.UpdateUnsubscribePreferencesRequest.Encoded,
    options?: CallOptions
  ) => Promise<ReadonlyArray<UsersSchema.UnsubscribePreference>>
  readonly update: (
    user: string,
    input: typeof UsersSchema.UpdateUserRequest.Encoded,
    options?: CallOptions
  ) => Promise<UsersSchema.User>
  /** Releases the connections. Calls made after it reject. */
  readonly dispose: () => Promise<void>
}

/**
 * What a call's Promise rejects with.
 *
 * @example
 * ```ts
 * import type { RocksetClient } from "effect-rockset/promise"
 *
 * const describe = (error: RocksetClient.ClientError) => error._tag
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export type ClientError = RocksetError.RocksetError | ConfigError.ConfigError

const fromLayer = (
  config: Layer.Layer<ApiKey.ApiKey, ConfigError.ConfigError>,
  httpClient: Layer.Layer<HttpClient.HttpClient> | undefined
): RocksetClient => {
  const runtime = ManagedRuntime.make(Layer.merge(config, httpClient ?? FetchClient.layer))
  const run = <A>(
    effect: Effect.Effect<A, RocksetError.RocksetError, Users.Requirements>,
    options: CallOptions | undefined
  ): Promise<A> =>
    runtime.runPromiseExit(
      options?.policy === undefined ? effect : Policy.withPolicy(options.policy)(effect),
      options?.signal === undefined ? undefined : { signal: options.signal }
    ).then((exit) => {
      if (Exit.isSuccess(exit)) return exit.value
      const failure = Cause.failureOption(exit.cause)
      if (Option.isSome(failure)) throw failure.value
      if (Cause.isInterruptedOnly(exit.cause) && options?.signal?.aborted) throw options.signal.reason
      throw Cause.squash(exit.cause)
    })
  const client: RocksetClient = {
    create: (input, options) => run(Users.create(input), options),
    deleteUser: (user, options) => run(Users.deleteUser(user), options),
    get: (user, options) => run(Users.get(user), options),
    getCurrentUser: (options) => run(Users.getCurrentUser(), options),
    list: (options) => run(Users.list(), options),
    listUnsubscribePreferences: (options) => run(Users.listUnsubscribePreferences(), options),
    updateUnsubscribePreferences: (input, options) => run(Users.updateUnsubscribePreferences(input), options),
    update: (user, input, options) => run(Users.update(user, input), options),
    dispose: () => runtime.dispose(),
    [Symbol.asyncDispose]: () => runtime.dispose()
  }
  return client
}

/**
 * Builds a client from an API key and, optionally, a server, runtime, policy and user agent. A key or
 * server that is not allowed makes every call reject with a `ConfigError`; nothing is sent.
 *
 * @example
 * ```ts
 * import { RocksetClient } from "effect-rockset/promise"
 *
 * const client = RocksetClient.make({ apiKey: process.env.ROCKSET_APIKEY ?? "", apiServer: "usw2a1" })
 * const users = await client.list()
 * await client.dispose()
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: ClientOptions): RocksetClient => {
  const apiKey = typeof options.apiKey === "string" ? Redacted.make(options.apiKey) : options.apiKey
  return fromLayer(
    Layer.mergeAll(
      ApiKey.layer(apiKey),
      options.apiServer === undefined ? Layer.empty : ApiServer.layer(options.apiServer),
      options.policy === undefined ? Layer.empty : Policy.layer(options.policy),
      options.userAgent === undefined ? Layer.empty : UserAgent.layer(options.userAgent)
    ),
    options.httpClient
  )
}

/**
 * Builds a client from the environment: `ROCKSET_APIKEY` and `ROCKSET_APISERVER`.
 *
 * @example
 * ```ts
 * import { RocksetClient } from "effect-rockset/promise"
 *
 * const client = RocksetClient.fromEnv()
 * const me = await client.getCurrentUser()
 * await client.dispose()
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromEnv = (options?: Omit<ClientOptions, "apiKey" | "apiServer">): RocksetClient =>
  fromLayer(
    Layer.mergeAll(
      ApiKey.layerConfig({ apiKey: Config.redacted("ROCKSET_APIKEY") }),
      options?.policy === undefined ? Layer.empty : Policy.layer(options.policy),
      options?.userAgent === undefined ? Layer.empty : UserAgent.layer(options.userAgent)
    ),
    options?.httpClient
  )
