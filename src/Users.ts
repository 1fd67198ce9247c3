/**
 * The Users API: each endpoint is an Effect program that needs an `HttpClient` and an `ApiKey`, and fails
 * with the typed errors of `RocksetError`. The `Users` service bundles them for code that wants one
 * injectable dependency (and for tests, which replace it).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Schema from "effect/Schema"
import type { ApiKey } from "./ApiKey.js"
import {
  type OperationName,
  operationNames,
  type OperationOf,
  operations,
  pathOf,
  type Recovery,
  type RequestBody
} from "./core/operations.js"
import { statuses } from "./core/statuses.js"
import { encodeUser, userProblem } from "./core/userPath.js"
import { deletedUser, sameRoles } from "./core/wire.js"
import { execute, type RequestSpec } from "./internal/call.js"
import { decoders, type Result, type Schemas, schemas } from "./internal/decoders.js"
import { checkInput, checkUser } from "./internal/input.js"
import type * as RocksetError from "./RocksetError.js"
import type * as UsersSchema from "./UsersSchema.js"

/**
 * What every operation needs from its context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program: Effect.Effect<unknown, unknown, Users.Requirements> = Users.list()
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export type Requirements = HttpClient.HttpClient | ApiKey

type UserArgument<Name extends OperationName> = OperationOf<Name>["user"] extends true ? [user: string] : []

type InputArgument<Name extends OperationName> = OperationOf<Name>["body"] extends RequestBody
  ? [input: Schema.Schema.Encoded<Schemas[OperationOf<Name>["body"]]>]
  : []

/** The arguments of an operation: its `{user}`, then its request body, as the table says it has them. */
type Arguments<Name extends OperationName> = [...UserArgument<Name>, ...InputArgument<Name>]

/** An operation with arguments may refuse them before any I/O. */
type ErrorOf<Name extends OperationName> = Arguments<Name> extends [] ? RocksetError.CallError
  : RocksetError.RocksetError

/** The function of an operation, needing `R`. */
type OperationFunction<Name extends OperationName, R> = (
  ...args: Arguments<Name>
) => Effect.Effect<Result<Name>, ErrorOf<Name>, R>

/** What a recovery needs of the call it recovers: its checked `{user}` and its checked body. */
interface Checked {
  readonly user: string | undefined
  readonly body: unknown
}

const isCreateBody = (body: unknown): body is UsersSchema.CreateUserRequest =>
  typeof body === "object" && body !== null && "email" in body && "roles" in body

/** The recoveries of the table, each turning a failure met on a repeat into the outcome the caller wanted. */
const recoveries: {
  readonly [Then in Recovery["then"]]: (checked: Checked) => RequestSpec<unknown>["recover"]
} = {
  // a repeated create meeting 409 fetches the user (retried like any read) and returns it when it is what was asked
  lookupCreated: ({ body }) => (error, send) => {
    if (!isCreateBody(body) || userProblem(body.email) !== undefined) return undefined
    return Effect.flatMap(
      Effect.mapError(send(specOf("get", { user: body.email, body: undefined })), () => error),
      (user) =>
        user.email.toLowerCase() === body.email.toLowerCase() && sameRoles(user.roles, body.roles)
          ? Effect.succeed(user)
          : Effect.fail(error)
    )
  },
  // a repeated delete meeting 404: the user is gone, as asked; the API's shape of a deleted user
  alreadyDeleted: ({ user }) => () => user === undefined ? undefined : Effect.succeed(deletedUser(user.toLowerCase()))
}

/** The request of a call whose arguments were checked. */
const specOf = <Name extends OperationName>(name: Name, checked: Checked): RequestSpec<Result<Name>> => {
  const operation = operations[name]
  const recovery: Recovery | undefined = operation.recovery
  const recover = recovery === undefined ? undefined : recoveries[recovery.then](checked)
  return {
    operation: name,
    kind: operation.kind,
    method: operation.method,
    route: operation.route,
    path: pathOf(operation, checked.user === undefined ? undefined : encodeUser(checked.user)),
    body: checked.body === undefined ? undefined : JSON.stringify(checked.body),
    decode: decoders[name],
    ...(recover === undefined ? {} : {
      recover: (error, send) => {
        const tag: string = statuses[recovery!.status].tag
        // the recovery's result is the operation's (a created or deleted user)
        return error._tag === tag
          ? recover(error, send) as Effect.Effect<Result<Name>, RocksetError.CallError> | undefined
          : undefined
      }
    })
  }
}

/** An operation's function from its table entry: checks its arguments before any I/O, then calls. */
const implement = <Name extends OperationName>(name: Name): OperationFunction<Name, Requirements> => {
  const operation = operations[name]
  const bodySchema: Schema.Schema.AnyNoContext | undefined = operation.body === undefined
    ? undefined
    : schemas[operation.body]
  const call = (
    ...args: ReadonlyArray<unknown>
  ): Effect.Effect<Result<Name>, RocksetError.RocksetError, Requirements> => {
    let user: string | undefined
    if (operation.user) {
      const checked = checkUser(name, args[0])
      if (Either.isLeft(checked)) return Effect.fail(checked.left)
      user = checked.right
    }
    let body: unknown
    if (bodySchema !== undefined) {
      const checked = checkInput(name, bodySchema, args[operation.user ? 1 : 0])
      if (Either.isLeft(checked)) return Effect.fail(checked.left)
      body = checked.right
    }
    return execute(specOf(name, { user, body }))
  }
  // the arguments are those the table declares (checked at run time, as input from JavaScript may be
  // anything), and an operation without any fails with CallErrors only
  return call as unknown as OperationFunction<Name, Requirements>
}

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
 * import { Users } from "effect-rockset"
 *
 * const program = Effect.gen(function*() {
 *   const user = yield* Users.create({ email: "ada@example.com", roles: ["member"] })
 *   return user.state // "NEW" until the invite is accepted
 * })
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const create: (
  input: typeof UsersSchema.CreateUserRequest.Encoded
) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, Requirements> = implement("create")

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
 * import { Users } from "effect-rockset"
 *
 * const program = Users.deleteUser("ada@example.com")
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteUser: (
  user: string
) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, Requirements> = implement("deleteUser")

/**
 * Gets a user by email: `GET /v1/orgs/self/users/{user}`. The email is sent as one percent-encoded path
 * segment; `""`, `"."`, `".."`, `"self"` and strings that are not well-formed Unicode are refused before
 * any I/O.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const roles = Users.get("ada@example.com").pipe(Effect.map((user) => user.roles ?? []))
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const get: (user: string) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, Requirements> =
  implement("get")

/**
 * Gets the user the API key belongs to: `GET /v1/orgs/self/users/self`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const whoami = Users.getCurrentUser().pipe(Effect.map((user) => user.email))
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const getCurrentUser: () => Effect.Effect<UsersSchema.User, RocksetError.CallError, Requirements> = implement(
  "getCurrentUser"
)

/**
 * Lists every user of the organisation: `GET /v1/orgs/self/users`. The API does not paginate.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const emails = Users.list().pipe(Effect.map((users) => users.map((user) => user.email)))
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const list: () => Effect.Effect<ReadonlyArray<UsersSchema.User>, RocksetError.CallError, Requirements> =
  implement("list")

/**
 * Lists the notifications the current user unsubscribed from: `GET /v1/orgs/self/users/self/preferences`.
 *
 * @example
 * ```ts
 * import { Users } from "effect-rockset"
 *
 * const preferences = Users.listUnsubscribePreferences()
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const listUnsubscribePreferences: () => Effect.Effect<
  ReadonlyArray<UsersSchema.UnsubscribePreference>,
  RocksetError.CallError,
  Requirements
> = implement("listUnsubscribePreferences")

/**
 * Replaces the current user's unsubscribe preferences: `POST /v1/orgs/self/users/self/preferences`.
 * Returns the preferences now in force. A full replacement, so it is safe to repeat.
 *
 * @example
 * ```ts
 * import { Users } from "effect-rockset"
 *
 * const program = Users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateUnsubscribePreferences: (
  input: typeof UsersSchema.UpdateUnsubscribePreferencesRequest.Encoded
) => Effect.Effect<ReadonlyArray<UsersSchema.UnsubscribePreference>, RocksetError.RocksetError, Requirements> =
  implement("updateUnsubscribePreferences")

/**
 * Updates a user's names or roles: `POST /v1/orgs/self/users/{user}` (in the current spec, beyond the
 * seven original endpoints). Names stay `null` in responses until the user accepts the invite.
 *
 * @example
 * ```ts
 * import { Users } from "effect-rockset"
 *
 * const promote = Users.update("ada@example.com", { roles: ["admin"] })
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const update: (
  user: string,
  input: typeof UsersSchema.UpdateUserRequest.Encoded
) => Effect.Effect<UsersSchema.User, RocksetError.RocksetError, Requirements> = implement("update")

/** The free functions by name: a table entry without its function is a compile error. */
const functions: Operations<Requirements> = {
  create,
  deleteUser,
  get,
  getCurrentUser,
  list,
  listUnsubscribePreferences,
  updateUnsubscribePreferences,
  update
}

/**
 * The operations as a service, with their requirements already provided.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Effect.flatMap(Users.Users, (users) => users.list())
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends Operations<never> {}

/**
 * Every operation's function, needing `R`: one per entry of the operation table.
 *
 * @since 0.1.0
 * @category Models
 */
export type Operations<R> = { readonly [Name in OperationName]: OperationFunction<Name, R> }

/**
 * The `Users` service tag.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* Users.Users
 *   return yield* users.get("ada@example.com")
 * })
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class Users extends Context.Tag("effect-rockset/Users")<Users, Service>() {}

/**
 * Builds the service from the operations, capturing the `HttpClient` and `ApiKey` in scope. Values
 * provided at the call site (a per-call policy, user agent or API server) win over the captured ones.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Effect.flatMap(Users.make, (users) => users.list())
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: Effect.Effect<Service, never, Requirements> = Effect.map(
  Effect.context<Requirements>(),
  (captured) => {
    const provide = <A, E>(self: Effect.Effect<A, E, Requirements>): Effect.Effect<A, E> =>
      Effect.mapInputContext(self, (callSite: Context.Context<never>) => Context.merge(captured, callSite))
    const provided = <Name extends OperationName>(name: Name): OperationFunction<Name, never> => (...args) =>
      provide(functions[name](...args))
    // one entry per operation name, each the provided function of that name: a `Service`
    return Users.of(Object.fromEntries(operationNames.map((name) => [name, provided(name)])) as unknown as Service)
  }
)

/**
 * The `Users` service, built from the operations; needs an `HttpClient` and an `ApiKey`.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer, Redacted } from "effect"
 * import { ApiKey, Users } from "effect-rockset"
 *
 * const UsersLive = Users.layer.pipe(
 *   Layer.provide(ApiKey.layer(Redacted.make("my-key"))),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<Users, never, Requirements> = Layer.effect(Users, make)
