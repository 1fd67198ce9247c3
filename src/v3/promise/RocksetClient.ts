/**
 * The Promise client: every operation returns a Promise, rejections are
 * the same tagged error instances as in the Effect API (`instanceof` and `_tag` both work), each call takes
 * an `AbortSignal`, and `dispose()` releases the connections. A client that cannot be configured rejects with
 * `InvalidConfig`, and one that was disposed with `ClientClosed`: every rejection is an `Error` with a `_tag`
 * of {@link ClientError}.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { OperationName } from "../../core/operations.js"
import * as Core from "../../core/promiseClient.js"
import * as ApiKey from "../ApiKey.js"
import * as ApiServer from "../ApiServer.js"
import { execute } from "../internal/call.js"
import { serviceWith } from "../internal/operation.js"
import * as Policy from "../Policy.js"
import type * as Regions from "../Regions.js"
import type * as RocksetError from "../RocksetError.js"
import * as UserAgent from "../UserAgent.js"
import type * as Users from "../Users.js"

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
   * The `HttpClient` every call goes through, middleware included: on Node, the platform's
   * `NodeHttpClient.layerUndici` (`@effect/platform-node`), whose connections `dispose()` closes. Defaults to
   * the platform's `FetchHttpClient.layer`, which works in browsers, Deno, Bun and Node (where its
   * connections belong to the process-wide dispatcher).
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
  /** Aborting it interrupts the call and closes its request; the Promise rejects with `Aborted`. */
  readonly signal?: AbortSignal | undefined
  /** A policy for this call only. */
  readonly policy?: Policy.Policy | undefined
}

// Each operation of the table as a Promise: the arguments of its function in `Users` (`user`, `input`), then the
// call's options; it resolves with what that function succeeds with, by the name `Users` gives it (`User`,
// `ReadonlyArray<User>`), which an editor shows.
type PromiseOperations = {
  readonly [Name in OperationName]: (
    ...args: [...Parameters<(typeof Users)[Name]>, options?: CallOptions]
  ) => Promise<Effect.Effect.Success<ReturnType<(typeof Users)[Name]>>>
}

/**
 * The client: each operation of `Users` returns a Promise, with the call's options last. A call rejects
 * with a {@link ClientError}. Where the program's types know `Symbol.asyncDispose`
 * (Node's, or lib `esnext.disposable`), it is `AsyncDisposable`: `await using client = RocksetClient.make(...)`.
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
export interface RocksetClient extends Core.AsyncDisposableWhereTyped, PromiseOperations {
  /** Releases the connections. Calls made after it reject with `ClientClosed`. */
  readonly dispose: () => Promise<void>
}

/**
 * The client could not be configured: an API key or server that is not allowed, or a key missing from the
 * environment. Nothing was sent. `detail` says what to fix, never with the key in it.
 *
 * @example
 * ```ts
 * import { RocksetClient } from "effect-rockset/promise"
 *
 * const client = RocksetClient.make({ apiKey: "my-key", apiServer: "usw2a9" })
 * await client.list().catch((error: RocksetClient.ClientError) => {
 *   if (error._tag === "InvalidConfig") console.log(error.detail) // "usw2a9": no region is called that; ...
 * })
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidConfig extends Schema.TaggedError<InvalidConfig>("effect-rockset/InvalidConfig")(
  "InvalidConfig",
  {
    operation: Schema.String,
    /** What is wrong with the configuration. */
    detail: Schema.String
  }
) {
  override get message(): string {
    return Core.messages.invalidConfig(this.operation, this.detail)
  }
}

/**
 * The call was made after `dispose()` (nothing was sent), or was cut short by it.
 *
 * @example
 * ```ts
 * import { RocksetClient } from "effect-rockset/promise"
 *
 * const client = RocksetClient.make({ apiKey: "my-key" })
 * await client.dispose()
 * await client.list().catch((error: RocksetClient.ClientError) => console.log(error._tag)) // "ClientClosed"
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class ClientClosed extends Schema.TaggedError<ClientClosed>("effect-rockset/ClientClosed")("ClientClosed", {
  operation: Schema.String
}) {
  override get message(): string {
    return Core.messages.clientClosed(this.operation)
  }
}

/**
 * The call was aborted through its `signal`: interrupted, its request closed. Its `name` is `"AbortError"`,
 * as `fetch` names an aborted call, and `reason` is the signal's reason.
 *
 * @example
 * ```ts
 * import { RocksetClient } from "effect-rockset/promise"
 *
 * const client = RocksetClient.make({ apiKey: "my-key" })
 * await client.list({ signal: AbortSignal.timeout(1_000) }).catch((error: RocksetClient.ClientError) => {
 *   if (error._tag === "Aborted") console.log(error.name) // "AbortError"
 * })
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class Aborted extends Schema.TaggedError<Aborted>("effect-rockset/Aborted")("Aborted", {
  operation: Schema.String,
  /** The signal's reason. */
  reason: Schema.Unknown
}) {
  override get name(): string {
    return Core.abortErrorName
  }
  override get message(): string {
    return Core.messages.aborted(this.operation)
  }
}

/**
 * What a call's Promise rejects with: the operation's `RocksetError`, `InvalidConfig`, `ClientClosed` or
 * `Aborted`. Each is an `Error` with a `_tag`.
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
export type ClientError = RocksetError.RocksetError | InvalidConfig | ClientClosed | Aborted

const describeConfigError = ConfigError.reduceWithContext<undefined, string>(undefined, {
  andCase: (_, left, right) => `${left}; ${right}`,
  orCase: (_, left, right) => `${left}, or ${right}`,
  invalidDataCase: (_, path, message) => withPath(path, message),
  missingDataCase: (_, path, message) => withPath(path, message),
  sourceUnavailableCase: (_, path, message) => withPath(path, message),
  unsupportedCase: (_, path, message) => withPath(path, message)
})

const withPath = (path: ReadonlyArray<string>, message: string): string =>
  path.length === 0 ? message : `${path.join(".")}: ${message}`

// Every operation of the table, through the call loop.
const functions = serviceWith(execute)

type AnyOperation = (
  ...args: ReadonlyArray<unknown>
) => Effect.Effect<unknown, RocksetError.RocksetError, Users.Requirements>

const fromLayer = (
  config: Layer.Layer<ApiKey.ApiKey, ConfigError.ConfigError>,
  httpClient: Layer.Layer<HttpClient.HttpClient> | undefined
): RocksetClient => {
  const runtime = ManagedRuntime.make(Layer.merge(config, httpClient ?? FetchHttpClient.layer))
  let closed = false
  const run = <A>(
    operation: RocksetError.OperationName,
    effect: Effect.Effect<A, RocksetError.RocksetError, Users.Requirements>,
    options: CallOptions | undefined
  ): Promise<A> => {
    if (closed) return Promise.reject(new ClientClosed({ operation }))
    return runtime.runPromiseExit(
      options?.policy === undefined ? effect : Policy.withPolicy(options.policy)(effect),
      options?.signal === undefined ? undefined : { signal: options.signal }
    ).then((exit) => {
      if (Exit.isSuccess(exit)) return exit.value
      const failure = Cause.failureOption(exit.cause)
      switch (
        Core.rejectionOf({
          failed: Option.isSome(failure),
          interruptedOnly: Cause.isInterruptedOnly(exit.cause),
          aborted: options?.signal?.aborted === true,
          closed
        })
      ) {
        case "failure": {
          const error = Option.getOrThrow(failure)
          throw ConfigError.isConfigError(error)
            ? new InvalidConfig({ operation, detail: describeConfigError(error) })
            : error
        }
        case "aborted":
          throw new Aborted({ operation, reason: options?.signal?.reason })
        case "closed":
          throw new ClientClosed({ operation })
        case "defect":
          throw Cause.squash(exit.cause)
      }
    })
  }
  const dispose = (): Promise<void> => {
    closed = true
    return runtime.dispose()
  }
  // the table's arguments, then the options: each function is the one its name promises
  const operations = Core.methodsOf((name, args, options: CallOptions | undefined) =>
    run(name, (functions[name] as AnyOperation)(...args), options)
  ) as unknown as PromiseOperations
  const client: RocksetClient = {
    ...operations,
    dispose,
    [Symbol.asyncDispose]: dispose
  }
  return client
}

/**
 * Builds a client from an API key and, optionally, a server, `HttpClient` layer, policy and user agent. A
 * key or server that is not allowed makes every call reject with `InvalidConfig`; nothing is sent.
 *
 * @example
 * ```ts
 * import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
 * import { RocksetClient } from "effect-rockset/promise"
 *
 * // on Node, the platform's undici client: its pooled connections close with dispose()
 * const client = RocksetClient.make({
 *   apiKey: process.env.ROCKSET_APIKEY ?? "",
 *   apiServer: "usw2a1",
 *   httpClient: NodeHttpClient.layerUndici
 * })
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
 * Builds a client from the environment: `ROCKSET_APIKEY` and `ROCKSET_APISERVER`, as
 * `ApiKey.layerConfigWithServer()` reads them. A missing key makes every call reject with `InvalidConfig`.
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
      ApiKey.layerConfigWithServer(),
      options?.policy === undefined ? Layer.empty : Policy.layer(options.policy),
      options?.userAgent === undefined ? Layer.empty : UserAgent.layer(options.userAgent)
    ),
    options?.httpClient
  )
