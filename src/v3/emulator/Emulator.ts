/**
 * The Rockset Users API emulator: a real HTTP server of the Users API on loopback, on `node:http`, that
 * answers the seven Users operations and `update` the way the live API did, and can be told to misbehave
 * (see {@link Fault}). This module is the Effect face of the engine in the core, which the
 * `rockset-emulator` command runs without Effect.
 *
 * The organisation lives in memory, or in a data file saved before every acknowledged change. A start gives
 * you a URL and an admin API key; {@link layerClient} points the client at them.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as Domain from "../../core/emulator/domain.js"
import * as RateLimiter from "../../core/emulator/rateLimiter.js"
import * as Engine from "../../core/emulator/server.js"
import { ApiKey } from "../ApiKey.js"
import * as ApiServer from "../ApiServer.js"
import type * as UsersSchema from "../UsersSchema.js"
import type * as Fault from "./Fault.js"

/**
 * Requests per API key allowed in each window, by kind of operation: `create` (create user), `update`
 * (update, delete, preferences) and `read` (everything else).
 *
 * @example
 * ```ts
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const tight: Emulator.RateLimits = { create: 2, update: 5, read: 20, windowMillis: 1_000 }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface RateLimits extends RateLimiter.Limits {}

/**
 * Rockset's documented limits: create user 10 per minute, metadata updates 50, metadata reads 500.
 *
 * @example
 * ```ts
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const limits = { ...Emulator.documentedRateLimits, create: 100 }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const documentedRateLimits: RateLimits = RateLimiter.documentedLimits

/**
 * A user added directly, with an API key of their own: active, invite accepted.
 *
 * @example
 * ```ts
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const reader: Emulator.NewUser = { email: "reader@example.com", roles: ["read-only"] }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface NewUser extends Domain.NewUser {}

/**
 * How to start the emulator. Everything is optional: by default it listens on `127.0.0.1` on a free port,
 * keeps its state in memory, enforces the documented rate limits and makes up an admin key.
 *
 * @example
 * ```ts
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const options: Emulator.Options = { rateLimits: false, seedUsers: [{ email: "ada@example.com", roles: ["member"] }] }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends Omit<Engine.Options, "adminKey"> {
  /** A fixed admin API key, so scripts can know it in advance; random otherwise. */
  readonly adminKey?: Redacted.Redacted<string> | string | undefined
}

/**
 * One request the emulator received on the API (control requests are not logged). The `Authorization`
 * value is replaced by its scheme and `<redacted>`; `target` is the raw request-target, exactly as sent.
 *
 * @example
 * ```ts
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const attempts = (log: ReadonlyArray<Emulator.RequestRecord>) => log.filter((r) => r.operation === "create").length
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface RequestRecord extends Engine.RequestRecord {}

/**
 * The fault script (see {@link Fault}).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator, Fault } from "effect-rockset/emulator"
 *
 * const program = Effect.gen(function*() {
 *   const emulator = yield* Emulator.Emulator
 *   yield* emulator.faults.add({ operation: "list", times: 2, action: Fault.status(503) })
 * })
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Faults {
  /** Appends rules; they are consumed in the order added. */
  readonly add: (...rules: ReadonlyArray<Fault.Rule>) => Effect.Effect<void>
  /** The rules not yet used up, with what is left of their `times`. */
  readonly pending: Effect.Effect<ReadonlyArray<Fault.Rule>>
  readonly clear: Effect.Effect<void>
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const program = Effect.gen(function*() {
 *   const emulator = yield* Emulator.Emulator
 *   const key = yield* emulator.addUser({ email: "reader@example.com", roles: ["read-only"] })
 *   return { url: emulator.url, key }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** The base URL, e.g. `http://127.0.0.1:41234`, to use as `ROCKSET_APISERVER`. */
  readonly url: string
  /** The admin user's API key. */
  readonly adminKey: Redacted.Redacted<string>
  /** Adds a user whose invite is accepted and returns a new API key of theirs. */
  readonly addUser: (user: NewUser) => Effect.Effect<Redacted.Redacted<string>, EmulatorError>
  /** Accepts a user's pending invite, which makes their names visible. */
  readonly acceptInvite: (email: string) => Effect.Effect<void, EmulatorError>
  /** Every user, as `list` shows them. */
  readonly users: Effect.Effect<ReadonlyArray<UsersSchema.User>>
  readonly faults: Faults
  /** The request log, oldest first (the last 10,000 requests). */
  readonly requests: Effect.Effect<ReadonlyArray<RequestRecord>>
  readonly clearRequests: Effect.Effect<void>
  /** Connections open right now. */
  readonly openConnections: Effect.Effect<number>
  /**
   * Back to the state it started with: its users, and the fault rules it started with (`faults` in its options);
   * clears the faults added since, the request log and rate-limit windows.
   */
  readonly reset: Effect.Effect<void, EmulatorError>
}

/**
 * The emulator service tag.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const url = Effect.map(Emulator.Emulator, (emulator) => emulator.url)
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class Emulator extends Context.Tag("effect-rockset/emulator/Emulator")<Emulator, Service>() {}

/**
 * Why the emulator could not start or do what it was asked: it could not listen, its data file is unreadable
 * or cannot be saved, or a user to add is invalid (`status` 400) or exists (409).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const program = Effect.flatMap(Emulator.Emulator, (emulator) =>
 *   emulator.addUser({ email: "not-an-email", roles: ["member"] })
 * ).pipe(Effect.catchTag("EmulatorError", (error) => Effect.succeed(error.reason)))
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class EmulatorError extends Schema.TaggedError<EmulatorError>("effect-rockset/emulator/EmulatorError")(
  "EmulatorError",
  {
    reason: Schema.Literal("Listen", "DataFile", "InvalidUser"),
    detail: Schema.String,
    status: Schema.optional(Schema.Number)
  }
) {
  override get message(): string {
    return `Emulator: ${this.detail}`
  }
}

const done = <A>(result: Engine.Done<A>): Effect.Effect<A, EmulatorError> =>
  result.ok ? Effect.succeed(result.value) : Effect.fail(new EmulatorError(result.failure))

const engineOptions = (options: Options): Engine.Options => {
  const { adminKey, ...rest } = options
  return adminKey === undefined
    ? rest
    : { ...rest, adminKey: Redacted.isRedacted(adminKey) ? Redacted.value(adminKey) : adminKey }
}

/**
 * Starts an emulator for the life of the scope. Closing the scope closes every connection (stalled ones
 * included) and the server.
 *
 * The emulator always runs on the live clock, even inside `it.effect`, since real sockets wait in real time.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const emulator = yield* Emulator.make({ rateLimits: false })
 *   return emulator.url
 * }))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, EmulatorError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.flatMap(Effect.promise(() => Engine.start(engineOptions(options))), done),
      (running) => Effect.promise(() => running.close())
    ),
    (running): Service => ({
      url: running.url,
      adminKey: Redacted.make(running.adminKey),
      addUser: (user) =>
        Effect.flatMap(Effect.promise(() => running.addUser(user)), done).pipe(Effect.map(Redacted.make)),
      acceptInvite: (email) => Effect.flatMap(Effect.promise(() => running.acceptInvite(email)), done),
      users: Effect.sync(running.users),
      faults: {
        add: (...rules) => Effect.sync(() => running.faults.add(rules)),
        pending: Effect.sync(running.faults.pending),
        clear: Effect.sync(running.faults.clear)
      },
      requests: Effect.sync(running.requests),
      clearRequests: Effect.sync(running.clearRequests),
      openConnections: Effect.sync(running.openConnections),
      reset: Effect.flatMap(Effect.promise(running.reset), done)
    })
  )

/**
 * The emulator as a layer: started when the layer is built, stopped when its scope closes.
 *
 * @example
 * ```ts
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const EmulatorLive = Emulator.layer({ rateLimits: false })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<Emulator, EmulatorError> => Layer.scoped(Emulator, make(options))

/**
 * The emulator, plus the client pointed at it: `ApiKey` holds the admin key and the `ApiServer` reference is
 * the emulator's URL. Add an `HttpClient` layer and every `Users` operation talks to the emulator.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 * import { Emulator } from "effect-rockset/emulator"
 *
 * const program = Users.list().pipe(
 *   Effect.provide(Emulator.layerClient({ rateLimits: false })),
 *   Effect.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerClient = (
  options?: Options
): Layer.Layer<Emulator | ApiKey | ApiServer.ApiServer, EmulatorError> =>
  Layer.effectContext(Effect.gen(function*() {
    const emulator = yield* Emulator
    const server = yield* Effect.mapError(
      ApiServer.make(emulator.url),
      (error) => new EmulatorError({ reason: "Listen", detail: `the client cannot use ${emulator.url}: ${error}` })
    )
    return Context.make(ApiKey, emulator.adminKey).pipe(Context.add(ApiServer.ApiServer, server))
  })).pipe(Layer.provideMerge(layer(options)))
