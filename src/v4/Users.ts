/**
 * The Users API: each endpoint is an Effect program that needs an `HttpClient` and an `ApiKey`, and fails
 * with the typed errors of `RocksetError`. The `Users` service bundles them for code that wants one
 * injectable dependency (and for tests, which replace it).
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { HttpClient } from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import { type OperationName, operationNames } from "../core/operations.js"
import type { ApiKey } from "./ApiKey.js"
import { execute } from "./internal/call.js"
import { implementWith } from "./internal/operation.js"
import type { OperationFunction, Operations } from "./internal/signatures.js"
import type * as RocksetError from "./RocksetError.js"
import type * as UsersSchema from "./UsersSchema.js"

/**
 * What every operation needs from its context: `HttpClient | ApiKey`, as each operation's type spells it out.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const program: Effect.Effect<unknown, unknown, Users.Requirements> = Users.list()
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export type Requirements = HttpClient | ApiKey

/** What a recovery needs of the call it recovers: its checked `{user}` and its checked body. */
// Over HTTP: the call loop, under the policy in force.
const implement = implementWith(execute)

/**
 * Creates a user: `POST /v1/orgs/self/users`. Needs a plausible email and at least one role; the API
 * stores the email lower-cased. Returns the created user (the response's `data`).
 *
 * `create` is not idempotent. The default policy repeats it when nothing reached the server or the
 * server said it did nothing (429, 503); after an ambiguous failure (a reset or timeout after sending,
 * 500, 502) it repeats it too, and a repeat that meets 409 fetches the user (retried like any read) and
 * returns it as created when its roles match what was asked: no duplicate user, no lost create.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const program = Effect.gen(function*() {
 *   const user = yield* Users.create({ email: "ada@example.com", roles: ["member"] })
 *   return user.state // "NEW" until the invite is accepted
 * })
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const create: (
  input: typeof UsersSchema.CreateUserRequest.Encoded
) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, HttpClient | ApiKey> = implement("create")

/**
 * Deletes a user: `DELETE /v1/orgs/self/users/{user}`. Returns the deleted user, whose fields are all
 * `null` except `email`.
 *
 * Deleting is idempotent, so the default policy repeats it after transient failures. When an attempt
 * failed ambiguously (the delete may have been applied) and a repeat meets 404, the call succeeds with the
 * same shape the API returns for a delete: the user is gone, which is what was asked.
 *
 * @example
 * ```ts
 * import { Users } from "effect-rockset/v4"
 *
 * const program = Users.deleteUser("ada@example.com")
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const deleteUser: (
  user: string
) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, HttpClient | ApiKey> = implement("deleteUser")

/**
 * Gets a user by email: `GET /v1/orgs/self/users/{user}`. The email is sent as one percent-encoded path
 * segment; `""`, `"."`, `".."`, `"self"` and strings that are not well-formed Unicode are refused before
 * any I/O.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const roles = Users.get("ada@example.com").pipe(Effect.map((user) => user.roles ?? []))
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const get: (user: string) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, HttpClient | ApiKey> =
  implement("get")

/**
 * Gets the user the API key belongs to: `GET /v1/orgs/self/users/self`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const whoami = Users.getCurrentUser().pipe(Effect.map((user) => user.email))
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const getCurrentUser: () => Effect.Effect<UsersSchema.User, RocksetError.CallError, HttpClient | ApiKey> =
  implement("getCurrentUser")

/**
 * Lists every user of the organisation: `GET /v1/orgs/self/users`. The API does not paginate.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const emails = Users.list().pipe(Effect.map((users) => users.map((user) => user.email)))
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const list: () => Effect.Effect<ReadonlyArray<UsersSchema.User>, RocksetError.CallError, HttpClient | ApiKey> =
  implement("list")

/**
 * Lists the notifications the current user unsubscribed from: `GET /v1/orgs/self/users/self/preferences`.
 *
 * @example
 * ```ts
 * import { Users } from "effect-rockset/v4"
 *
 * const preferences = Users.listUnsubscribePreferences()
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const listUnsubscribePreferences: () => Effect.Effect<
  ReadonlyArray<UsersSchema.UnsubscribePreference>,
  RocksetError.CallError,
  HttpClient | ApiKey
> = implement("listUnsubscribePreferences")

/**
 * Replaces the current user's unsubscribe preferences: `POST /v1/orgs/self/users/self/preferences`.
 * Returns the preferences now in force. A full replacement, so it is safe to repeat.
 *
 * @example
 * ```ts
 * import { Users } from "effect-rockset/v4"
 *
 * const program = Users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const updateUnsubscribePreferences: (
  input: typeof UsersSchema.UpdateUnsubscribePreferencesRequest.Encoded
) => Effect.Effect<ReadonlyArray<UsersSchema.UnsubscribePreference>, RocksetError.RocksetError, HttpClient | ApiKey> =
  implement("updateUnsubscribePreferences")

/**
 * Updates a user's names or roles: `POST /v1/orgs/self/users/{user}` (in the current spec, beyond the
 * seven original endpoints). Names stay `null` in responses until the user accepts the invite.
 *
 * @example
 * ```ts
 * import { Users } from "effect-rockset/v4"
 *
 * const promote = Users.update("ada@example.com", { roles: ["admin"] })
 * ```
 *
 * @since 0.2.0
 * @category Operations
 */
export const update: (
  user: string,
  input: typeof UsersSchema.UpdateUserRequest.Encoded
) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, HttpClient | ApiKey> = implement("update")

/** The free functions by name: a table entry without its function is a compile error. */
const functions = {
  create,
  deleteUser,
  get,
  getCurrentUser,
  list,
  listUnsubscribePreferences,
  updateUnsubscribePreferences,
  update
} satisfies Operations<Requirements>

// The same, as the table's type, for a call by a name the compiler does not know.
const byName: Operations<Requirements> = functions

/** A free function with its requirements provided, in the types it declares (`User`, ...), which an editor shows. */
type Provided<F> = F extends (...args: infer Args) => Effect.Effect<infer A, infer E, infer _R>
  ? (...args: Args) => Effect.Effect<A, E>
  : never

/**
 * The operations as a service, with their requirements already provided.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* Users.Users
 *   return yield* users.list()
 * })
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface Service extends Readonly<{ [Name in OperationName]: Provided<(typeof functions)[Name]> }> {}

/**
 * The `Users` service.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* Users.Users
 *   return yield* users.get("ada@example.com")
 * })
 * ```
 *
 * @since 0.2.0
 * @category Context
 */
export class Users extends Context.Service<Users, Service>()("effect-rockset/Users") {}

/**
 * Builds the service from the operations, capturing the `HttpClient` and `ApiKey` in scope. Values
 * provided at the call site (a per-call policy, user agent or API server) win over the captured ones.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset/v4"
 *
 * const program = Effect.flatMap(Users.make, (users) => users.list())
 * ```
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make: Effect.Effect<Service, never, HttpClient | ApiKey> = Effect.map(
  Effect.context<Requirements>(),
  (captured) => {
    const provide = <A, E>(self: Effect.Effect<A, E, Requirements>): Effect.Effect<A, E> =>
      Effect.updateContext(self, (callSite: Context.Context<never>) => Context.merge(captured, callSite))
    const provided = <Name extends OperationName>(name: Name): OperationFunction<Name, never> => (...args) =>
      provide(byName[name](...args))
    // one entry per operation name, each the provided function of that name: a `Service`
    return Users.of(Object.fromEntries(operationNames.map((name) => [name, provided(name)])) as unknown as Service)
  }
)

/**
 * The `Users` service, built from the operations; needs an `HttpClient` and an `ApiKey`.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { ApiKey, Users } from "effect-rockset/v4"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 *
 * const UsersLive = Users.layer.pipe(
 *   Layer.provide(ApiKey.layer(Redacted.make("my-key"))),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer: Layer.Layer<Users, never, HttpClient | ApiKey> = Layer.effect(Users, make)
