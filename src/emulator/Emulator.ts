/**
 * The Rockset Users API emulator: a real HTTP server on loopback, built on the Effect platform's Node HTTP
 * server, that answers the seven Users operations and `update` the way the live API did, and can be told to
 * misbehave (see {@link Fault}).
 *
 * The organisation lives in memory, or in a data file saved before every acknowledged change. A start gives
 * you a URL and an admin API key; {@link layerClient} points the client at them.
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { randomBytes } from "node:crypto"
import * as Http from "node:http"
import type * as Net from "node:net"
import { ApiKey } from "../ApiKey.js"
import * as ApiServer from "../ApiServer.js"
import * as Domain from "../internal/domain.js"
import type * as UsersSchema from "../UsersSchema.js"
import * as Fault from "./Fault.js"
import * as App from "./internal/app.js"
import * as DataFile from "./internal/dataFile.js"
import * as RateLimiter from "./internal/rateLimiter.js"

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
export interface RateLimits {
  readonly create: number
  readonly update: number
  readonly read: number
  readonly windowMillis: number
}

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
export const documentedRateLimits: RateLimits = { create: 10, update: 50, read: 500, windowMillis: 60_000 }

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
export interface Options {
  /** The interface to listen on; `127.0.0.1` by default. */
  readonly host?: string | undefined
  /** The port; `0` (the default) picks a free one. */
  readonly port?: number | undefined
  /** A JSON file to keep the state in: loaded on start, saved before every change is acknowledged. */
  readonly dataFile?: string | undefined
  /** Limits to enforce (omitted ones keep the documented value), or `false` for none. */
  readonly rateLimits?: Partial<RateLimits> | false | undefined
  /** A fixed admin API key, so scripts can know it in advance; random otherwise. */
  readonly adminKey?: Redacted.Redacted<string> | string | undefined
  /** The admin user's email; `admin@example.com` by default. */
  readonly adminEmail?: string | undefined
  /** Users to add to a new organisation (not to one loaded from a data file). */
  readonly seedUsers?: ReadonlyArray<NewUser> | undefined
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
export interface RequestRecord {
  readonly seq: number
  /** When it arrived, ISO-8601. */
  readonly time: string
  readonly method: string
  readonly target: string
  /** The route template it matched, or `null`. */
  readonly route: string | null
  readonly operation: Fault.Operation | null
  readonly headers: Readonly<Record<string, string>>
  /** The status sent, or `null` when none was (a reset or a stall). */
  readonly status: number | null
  /** The kind of fault that was applied, if one was. */
  readonly fault: Fault.Action["kind"] | null
}

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
  /** Adds an active user and returns a new API key of theirs. */
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
  /** Back to the state it started with; also clears faults, the request log and rate-limit windows. */
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

const maxLogSize = 10_000

const newApiKey = (): string => randomBytes(32).toString("hex")

const fromDomain = (failure: Domain.DomainError) =>
  new EmulatorError({ reason: "InvalidUser", detail: failure.message, status: failure.status })

const applyOutcome = <A>(outcome: Domain.Outcome<A>): Effect.Effect<Domain.Transition<A>, EmulatorError> =>
  Either.match(outcome, { onLeft: (failure) => Effect.fail(fromDomain(failure)), onRight: Effect.succeed })

const urlOf = (address: Net.AddressInfo): string => {
  const host = address.address === "0.0.0.0"
    ? "127.0.0.1"
    : address.address === "::"
    ? "[::1]"
    : address.family === "IPv6"
    ? `[${address.address}]`
    : address.address
  return `http://${host}:${address.port}`
}

const resolveRateLimits = (option: Options["rateLimits"]): RateLimits | undefined =>
  option === false ? undefined : { ...documentedRateLimits, ...option }

/** The state at start: loaded or new, with the admin user and key, and the seed users when new. */
const initialState = (options: Options, adminEmail: string, now: number) =>
  Effect.gen(function*() {
    const loaded = options.dataFile === undefined
      ? undefined
      : yield* Effect.mapError(
        DataFile.load(options.dataFile),
        (detail) => new EmulatorError({ reason: "DataFile", detail })
      )
    let state = loaded ?? Domain.empty({ ...Domain.defaultOrganization, now })
    if (Domain.findUser(state, adminEmail) === undefined) {
      state = (yield* applyOutcome(Domain.addUser(state, { email: adminEmail, roles: [Domain.adminRole] }, now))).state
    }
    const adminKey = options.adminKey === undefined
      ? Domain.keysOf(state, adminEmail)[0] ?? newApiKey()
      : Redacted.isRedacted(options.adminKey)
      ? Redacted.value(options.adminKey)
      : options.adminKey
    state = (yield* applyOutcome(Domain.addApiKey(state, adminEmail, adminKey, now))).state
    if (loaded === undefined) {
      for (const user of options.seedUsers ?? []) state = (yield* applyOutcome(Domain.addUser(state, user, now))).state
    }
    if (options.dataFile !== undefined && state !== loaded) {
      yield* Effect.mapError(
        DataFile.save(options.dataFile, state),
        (detail) => new EmulatorError({ reason: "DataFile", detail })
      )
    }
    return { state, adminKey }
  })

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
  Effect.gen(function*() {
    const adminEmail = (options.adminEmail ?? Domain.defaultAdminEmail).toLowerCase()
    const start = yield* initialState(options, adminEmail, yield* Clock.currentTimeMillis)
    const stateRef = yield* Ref.make(start.state)
    const faultsRef = yield* Ref.make<ReadonlyArray<Fault.Rule>>([])
    const lock = yield* Effect.makeSemaphore(1)
    const limits = resolveRateLimits(options.rateLimits)
    const limiter = limits === undefined ? undefined : RateLimiter.make(limits)
    const log: Array<RequestRecord & App.MutableRecord> = []
    let nextSeq = 1
    const sockets = new Set<Net.Socket>()

    const save = (state: Domain.State) =>
      options.dataFile === undefined
        ? Effect.void
        : Effect.mapError(
          DataFile.save(options.dataFile, state),
          (detail) => new EmulatorError({ reason: "DataFile", detail })
        )

    const commit = <A>(
      f: (state: Domain.State, now: number) => Domain.Outcome<A>
    ): Effect.Effect<Either.Either<A, Domain.DomainError>, EmulatorError> =>
      lock.withPermits(1)(Effect.gen(function*() {
        const state = yield* Ref.get(stateRef)
        const outcome = f(state, yield* Clock.currentTimeMillis)
        if (Either.isLeft(outcome)) return Either.left(outcome.left)
        if (outcome.right.state !== state) {
          yield* save(outcome.right.state)
          yield* Ref.set(stateRef, outcome.right.state)
        }
        return Either.right(outcome.right.value)
      })).pipe(Effect.uninterruptible)

    const engine: App.Engine = {
      state: Ref.get(stateRef),
      transact: (f) =>
        commit(f).pipe(
          Effect.catchAll(() =>
            Effect.succeed(Either.left(Domain.error(500, "INTERNALERROR", "The change could not be saved")))
          )
        ),
      takeFault: (target) => Ref.modify(faultsRef, (script) => Fault.take(script, target)),
      limiter,
      record: (entry) => {
        const record = { seq: nextSeq++, ...entry, status: null, fault: null }
        log.push(record)
        if (log.length > maxLogSize) log.splice(0, log.length - maxLogSize)
        return record
      }
    }

    const server = Http.createServer()
    server.on("connection", (socket) => {
      sockets.add(socket)
      socket.once("close", () => sockets.delete(socket))
    })
    const httpServer = yield* NodeHttpServer.make(() => server, {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0
    }).pipe(Effect.mapError((error) =>
      new EmulatorError({
        reason: "Listen",
        detail: `cannot listen on ${options.host ?? "127.0.0.1"}:${options.port ?? 0}: ${
          error.cause instanceof Error ? error.cause.message : String(error.cause)
        }`
      })
    ))
    // Runs before the server's own close, which would otherwise wait for stalled and kept-alive connections.
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const socket of sockets) socket.destroy()
      })
    )
    const address = server.address()
    const url = address === null || typeof address === "string" ? "http://127.0.0.1" : urlOf(address)

    const service: Service = {
      url,
      adminKey: Redacted.make(start.adminKey),
      addUser: (user) => {
        const apiKey = newApiKey()
        return Effect.flatMap(
          commit((state, now) =>
            Either.flatMap(
              Domain.addUser(state, user, now),
              (added) => Domain.addApiKey(added.state, user.email, apiKey, now)
            )
          ),
          Either.match({
            onLeft: (failure) => Effect.fail(fromDomain(failure)),
            onRight: () => Effect.succeed(Redacted.make(apiKey))
          })
        )
      },
      acceptInvite: (email) =>
        Effect.flatMap(
          commit((state) => Domain.acceptInvite(state, email)),
          Either.match({ onLeft: (failure) => Effect.fail(fromDomain(failure)), onRight: () => Effect.void })
        ),
      users: Effect.map(
        Ref.get(stateRef),
        (state) => state.users.map((user) => Domain.viewUser(state, user, "member"))
      ),
      faults: {
        add: (...rules) => Ref.update(faultsRef, (script) => [...script, ...rules]),
        pending: Ref.get(faultsRef),
        clear: Ref.set(faultsRef, [])
      },
      requests: Effect.sync(() => log.map((record) => ({ ...record }))),
      clearRequests: Effect.sync(() => {
        log.length = 0
      }),
      openConnections: Effect.sync(() => sockets.size),
      reset: lock.withPermits(1)(Effect.gen(function*() {
        yield* save(start.state)
        yield* Ref.set(stateRef, start.state)
        yield* Ref.set(faultsRef, [])
        log.length = 0
        limiter?.clear()
      }))
    }

    yield* httpServer.serve(App.make(engine, service))
    return service
  }).pipe(Effect.withClock(Clock.make()))

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
