/**
 * An in-memory `Users` service for unit tests: no server, no sockets, no `HttpClient`. It keeps an
 * organisation in memory and answers every operation with the rules of the emulator, because it runs the
 * same domain code and the same encoding of each answer; the client's own input checks run before, and the
 * client's own decoders after, so a result or an error is exactly what the real client would give for the
 * same call against the emulator.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Domain from "../../core/emulator/domain.js"
import * as InMemory from "../../core/emulator/inMemory.js"
import { serviceWith } from "../internal/operation.js"
import type { Decoder } from "../internal/request.js"
import { decodeBody, errorFromBody } from "../internal/response.js"
import type * as RocksetError from "../RocksetError.js"
import * as Users from "../Users.js"
import type * as UsersSchema from "../UsersSchema.js"

/**
 * A user to add directly: active, invite accepted (as the emulator's `addUser` does).
 *
 * @example
 * ```ts
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const reader: InMemoryUsers.NewUser = { email: "reader@example.com", roles: ["read-only"] }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface NewUser extends Domain.NewUser {}

/**
 * How to start: the user every call acts as (an admin, `admin@example.com`, by default) and the other
 * users of the organisation.
 *
 * @example
 * ```ts
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const options: InMemoryUsers.Options = {
 *   caller: { email: "member@example.com", roles: ["member"] },
 *   seedUsers: [{ email: "ada@example.com", roles: ["admin"] }]
 * }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The user the calls act as, added first; `{ email: "admin@example.com", roles: ["admin"] }` by default. */
  readonly caller?: NewUser | undefined
  /** Users added after the caller, in order. */
  readonly seedUsers?: ReadonlyArray<NewUser> | undefined
}

/**
 * Why a user could not be added or changed directly: its email or roles are not valid, the email is taken,
 * or no user has it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const program = Effect.gen(function*() {
 *   const memory = yield* InMemoryUsers.InMemoryUsers
 *   return yield* memory.acceptInvite("ghost@example.com")
 * }).pipe(Effect.catchTag("InMemoryUsersError", (error) => Effect.succeed(error.reason)))
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class InMemoryUsersError extends Schema.TaggedError<InMemoryUsersError>(
  "effect-rockset/testing/InMemoryUsersError"
)("InMemoryUsersError", {
  reason: Schema.Literal("InvalidUser", "UserExists", "UserNotFound"),
  detail: Schema.String
}) {
  override get message(): string {
    return `InMemoryUsers: ${this.detail}`
  }
}

/**
 * The organisation behind the in-memory `Users` service, for a test to read and change.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const emails = Effect.gen(function*() {
 *   const memory = yield* InMemoryUsers.InMemoryUsers
 *   const users = yield* memory.users
 *   return users.map((user) => user.email)
 * })
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** The `Users` service over this organisation (what {@link layer} provides as `Users.Users`). */
  readonly client: Users.Service
  /** The email of the user calls act as, unless {@link Service.withCaller} says otherwise. */
  readonly caller: string
  /** Every user, as `list` shows them. */
  readonly users: Effect.Effect<ReadonlyArray<UsersSchema.User>>
  /** Adds a user whose invite is accepted, without any role check; returns them as `get` would. */
  readonly addUser: (user: NewUser) => Effect.Effect<UsersSchema.User, InMemoryUsersError>
  /** Accepts a user's pending invite: their names show; as live, their `state` stays `NEW`. */
  readonly acceptInvite: (email: string) => Effect.Effect<UsersSchema.User, InMemoryUsersError>
  /**
   * Runs `self` with every call of this service acting as another user, as if with that user's API key: a
   * member gets `Forbidden` for writes, and an email no user has gets `Unauthorized`.
   */
  readonly withCaller: (email: string) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Back to the starting organisation: the caller and the seed users, nothing else. */
  readonly reset: Effect.Effect<void>
}

/**
 * The service of the in-memory organisation, provided by {@link layer} next to `Users.Users`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const program = Effect.gen(function*() {
 *   const memory = yield* InMemoryUsers.InMemoryUsers
 *   yield* memory.addUser({ email: "ada@example.com", roles: ["member"] })
 * })
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class InMemoryUsers extends Context.Tag("effect-rockset/testing/InMemoryUsers")<InMemoryUsers, Service>() {}

const toError = (failure: Domain.DomainError) =>
  new InMemoryUsersError({ reason: InMemory.refusalReason(failure), detail: failure.message })

/**
 * Builds the in-memory organisation and its `Users` service. Timestamps come from the `Clock`, so under
 * `TestClock` they are fixed.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const program = Effect.gen(function*() {
 *   const memory = yield* InMemoryUsers.make({ seedUsers: [{ email: "ada@example.com", roles: ["member"] }] })
 *   return yield* memory.client.list()
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, InMemoryUsersError> =>
  Effect.gen(function*() {
    const caller = options.caller ?? InMemory.defaultCaller
    const start = yield* Clock.currentTimeMillis
    const started = InMemory.initialState(caller, options.seedUsers ?? [], start)
    if (!started.ok) return yield* Effect.fail(toError(started.error))
    const initial = started.value
    const stateRef = yield* Ref.make(initial)
    const callerEmail = caller.email.toLowerCase()
    // Not scoped: the reference lives as long as the service that holds it.
    const callerRef = yield* Effect.sync(() => FiberRef.unsafeMake(callerEmail))
    const perform = InMemory.caller()

    // Applies a step atomically: the new state on success, the old one on a refusal.
    const transact = <A>(f: (state: Domain.State) => Domain.Outcome<A>) =>
      Ref.modify(stateRef, (state) => InMemory.apply(state, f))

    const run = <A>(
      operation: RocksetError.OperationName,
      user: string,
      body: unknown,
      decode: Decoder<A>
    ): Effect.Effect<A, RocksetError.CallError> =>
      Effect.gen(function*() {
        const email = yield* FiberRef.get(callerRef)
        const now = yield* Clock.currentTimeMillis
        const outcome = yield* transact(perform(operation, email, user, body, now))
        if (!outcome.ok) {
          const failure = outcome.error
          return yield* Effect.fail(
            errorFromBody(operation, failure.status, InMemory.refusalJson(failure), "", undefined)
          )
        }
        return yield* decodeBody(operation, 200, outcome.value, decode, "")
      }).pipe(Effect.withSpan(`Users.${operation}`, { attributes: { "rockset.operation": operation } }))

    // Every operation of the table, its input checked as the client checks it, then run in memory.
    const client = Users.Users.of(
      serviceWith((spec, checked) => run(spec.operation, checked.user ?? "", checked.body, spec.decode))
    )

    const change = <A>(
      f: (state: Domain.State, now: number) => Domain.Outcome<A>
    ): Effect.Effect<A, InMemoryUsersError> =>
      Effect.flatMap(
        Clock.currentTimeMillis,
        (now) =>
          Effect.flatMap(
            transact((state) => f(state, now)),
            (result) => result.ok ? Effect.succeed(result.value) : Effect.fail(toError(result.error))
          )
      )

    return InMemoryUsers.of({
      client,
      caller: callerEmail,
      users: Effect.map(Ref.get(stateRef), InMemory.usersOf),
      addUser: (user) => change((state, now) => Domain.addUser(state, user, now)),
      acceptInvite: (email) => change((state) => Domain.acceptInvite(state, email)),
      withCaller: (email) => (self) => Effect.locally(self, callerRef, email.toLowerCase()),
      reset: Ref.set(stateRef, initial)
    })
  })

/**
 * Runs `self` with the in-memory `Users` service acting as another user of the organisation.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const forbidden = Effect.gen(function*() {
 *   const users = yield* Users.Users
 *   return yield* users.deleteUser("ada@example.com")
 * }).pipe(
 *   InMemoryUsers.withCaller("member@example.com"),
 *   Effect.flip
 * )
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withCaller =
  (email: string) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | InMemoryUsers> =>
    Effect.gen(function*() {
      const memory = yield* InMemoryUsers
      return yield* memory.withCaller(email)(self)
    })

/**
 * Provides `Users.Users` from an in-memory organisation, and the {@link InMemoryUsers} tag to read and
 * change it. Each build of the layer starts a fresh organisation.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 * import { InMemoryUsers } from "effect-rockset/testing"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* Users.Users
 *   return yield* users.list()
 * }).pipe(
 *   Effect.provide(InMemoryUsers.layer({ seedUsers: [{ email: "ada@example.com", roles: ["member"] }] }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<Users.Users | InMemoryUsers, InMemoryUsersError> =>
  Layer.effectContext(
    Effect.map(
      make(options),
      (memory) => Context.make(InMemoryUsers, memory).pipe(Context.add(Users.Users, memory.client))
    )
  )
