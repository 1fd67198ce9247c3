/**
 * Wire models of the Rockset Users API, as the public spec declares them and as the live API answered.
 *
 * Every optional field of a response may be absent or JSON `null`; undeclared keys (`phone_number`,
 * `org_memberships`, ...) are accepted and kept, reachable through the index signature.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Wire from "../core/wire.js"

const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

const undeclaredKeys = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A role name. Rockset ships `admin`, `member` and `read-only`; organisations may define their own, so
 * the set is open.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset"
 *
 * const roles: ReadonlyArray<UsersSchema.Role> = ["admin", "my-custom-role"]
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export type Role = "admin" | "member" | "read-only" | (string & {})

/**
 * A user of the organisation. `email` is always present; every other field may be absent or `null`
 * (names stay `null` until an invite is accepted, and a deleted user has every field `null` but `email`).
 * Keys the spec does not declare are kept and typed `unknown`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * const user = Schema.decodeUnknownSync(UsersSchema.User)({ email: "ada@example.com", first_name: null, country: "UK" })
 * console.log(user.email, user.first_name, user["country"])
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const User = Schema.Struct(
  {
    email: Schema.String,
    created_at: nullable(Schema.String),
    first_name: nullable(Schema.String),
    last_name: nullable(Schema.String),
    roles: nullable(Schema.Array(Schema.String)),
    state: nullable(Schema.String),
    invite_state: nullable(Schema.String),
    org: nullable(Schema.String)
  },
  undeclaredKeys
).annotations({ identifier: "User" })

/**
 * @since 0.1.0
 * @category Models
 */
export interface User extends Schema.Schema.Type<typeof User> {}

// The schema declares exactly the fields of the core's wire type: a field dropped or retyped on either side
// fails to compile.
Wire.agree<Schema.Schema.Type<typeof User>, Wire.User>(true)

/**
 * `{ data: User }`: the body of a `create` or `deleteUser` response.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * const body = Schema.decodeUnknownSync(UsersSchema.UserEnvelope)({ data: { email: "ada@example.com" } })
 * console.log(body.data.email)
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const UserEnvelope = Schema.Struct({ data: User }).annotations({ identifier: "UserEnvelope" })

/**
 * `{ data: User[] }`: the body of a `list` response. The API does not paginate.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * const body = Schema.decodeUnknownSync(UsersSchema.ListUsersResponse)({ data: [{ email: "ada@example.com" }] })
 * console.log(body.data.length)
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const ListUsersResponse = Schema.Struct({ data: Schema.Array(User) }).annotations({
  identifier: "ListUsersResponse"
})

/**
 * An email address as the API accepts it in `create`: one `@`, a dot in the domain, no white space,
 * at most 254 characters. The value never appears in the error message.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * console.log(Schema.is(UsersSchema.Email)("ada@example.com")) // true
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const Email = Schema.String.pipe(
  Schema.filter((email) => Wire.emailProblem(email) ?? true)
).annotations({ identifier: "Email" })

/**
 * A role name in a request: a non-empty string.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * console.log(Schema.is(UsersSchema.RoleName)("read-only")) // true
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const RoleName = Schema.String.pipe(
  Schema.filter((role) => Wire.roleProblem(role) ?? true)
).annotations({ identifier: "RoleName" })

const nonEmptyRoles = (message: string) =>
  Schema.Array(RoleName).pipe(
    Schema.filter((roles): roles is readonly [string, ...Array<string>] => roles.length > 0, { message: () => message })
  )

/**
 * The body of `create`. `roles` must name at least one role (the live API answered 500 to an empty
 * list, so the client refuses it before sending).
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset"
 *
 * const request: typeof UsersSchema.CreateUserRequest.Encoded = { email: "ada@example.com", roles: ["member"] }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const CreateUserRequest = Schema.Struct({
  email: Email,
  roles: nonEmptyRoles("must name at least one role (for example \"member\")"),
  first_name: Schema.optional(Schema.String),
  last_name: Schema.optional(Schema.String)
}).annotations({ identifier: "CreateUserRequest" })

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateUserRequest extends Schema.Schema.Type<typeof CreateUserRequest> {}

/**
 * The body of `update`: the fields to change. `roles`, when given, must name at least one role.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset"
 *
 * const request: typeof UsersSchema.UpdateUserRequest.Encoded = { roles: ["read-only"] }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const UpdateUserRequest = Schema.Struct({
  first_name: Schema.optional(Schema.String),
  last_name: Schema.optional(Schema.String),
  roles: Schema.optional(nonEmptyRoles("when given, must name at least one role"))
}).annotations({ identifier: "UpdateUserRequest" })

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateUserRequest extends Schema.Schema.Type<typeof UpdateUserRequest> {}

/**
 * A notification the user unsubscribed from. On the wire the key is camelCase `notificationType`, unlike
 * every other key of the API. The only documented value is `"create_apikey"`; the set is open.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset"
 *
 * const preference: UsersSchema.UnsubscribePreference = { notificationType: "create_apikey" }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const UnsubscribePreference = Schema.Struct(
  { notificationType: Schema.String },
  undeclaredKeys
).annotations({ identifier: "UnsubscribePreference" })

/**
 * @since 0.1.0
 * @category Models
 */
export interface UnsubscribePreference extends Schema.Schema.Type<typeof UnsubscribePreference> {}

Wire.agree<Schema.Schema.Type<typeof UnsubscribePreference>, Wire.UnsubscribePreference>(true)

/**
 * `{ data: UnsubscribePreference[] }`: the body of both preference responses. A missing or `null` `data`
 * decodes as an empty list.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * const body = Schema.decodeUnknownSync(UsersSchema.UnsubscribePreferencesResponse)({ data: null })
 * console.log(body.data) // []
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const UnsubscribePreferencesResponse = Schema.Struct({
  data: Schema.optionalWith(Schema.Array(UnsubscribePreference), { nullable: true, default: () => [] })
}).annotations({ identifier: "UnsubscribePreferencesResponse" })

/**
 * The body of `updateUnsubscribePreferences`: the full list of notifications to stay unsubscribed from.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset"
 *
 * const request: typeof UsersSchema.UpdateUnsubscribePreferencesRequest.Encoded = {
 *   data: [{ notificationType: "create_apikey" }]
 * }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const UpdateUnsubscribePreferencesRequest = Schema.Struct({
  data: Schema.optional(Schema.Array(Schema.Struct({
    notificationType: Schema.String.pipe(
      Schema.filter((type) => type.length > 0, { message: () => "notificationType must not be empty" })
    )
  })))
}).annotations({ identifier: "UpdateUnsubscribePreferencesRequest" })

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateUnsubscribePreferencesRequest
  extends Schema.Schema.Type<typeof UpdateUnsubscribePreferencesRequest>
{}

/**
 * Error `type` values of Rockset's spec: the 25 of its `ErrorModel`, in its order. Match on them, but expect
 * others: the set changed several times.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset"
 *
 * console.log(UsersSchema.knownErrorTypes.includes("QUERY_TIMEOUT")) // true
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const knownErrorTypes: ReadonlyArray<KnownErrorType> = Wire.knownErrorTypes

/**
 * The `type` of an error body: one of {@link knownErrorTypes}, or any other string (decoded as it is).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * console.log(Schema.decodeUnknownSync(UsersSchema.ErrorType)("SOMETHING_NEW")) // "SOMETHING_NEW"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const ErrorType = Schema.Union(Schema.Literal(...Wire.knownErrorTypes), Schema.String).annotations({
  identifier: "ErrorType"
})

/**
 * The error body every non-2xx Rockset response carries: the spec's `ErrorModel` (`virtual_instance_rrn`
 * included) and the two keys the live API sends beyond it (`message_key`, `internal_errors`), each `null`
 * when empty; `type` is an open set (see {@link KnownErrorType}).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset"
 *
 * const body = Schema.decodeUnknownSync(UsersSchema.ErrorBody)({ message: "User not found", type: "NOTFOUND" })
 * console.log(body.type)
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const ErrorBody = Schema.Struct(
  {
    message: nullable(Schema.String),
    message_key: nullable(Schema.String),
    type: nullable(ErrorType),
    line: nullable(Schema.Number),
    column: nullable(Schema.Number),
    trace_id: nullable(Schema.String),
    error_id: nullable(Schema.String),
    query_id: nullable(Schema.String),
    internal_errors: nullable(Schema.Unknown),
    virtual_instance_rrn: nullable(Schema.String)
  },
  undeclaredKeys
).annotations({ identifier: "ErrorBody" })

/**
 * @since 0.1.0
 * @category Models
 */
export interface ErrorBody extends Schema.Schema.Type<typeof ErrorBody> {}

Wire.agree<Schema.Schema.Type<typeof ErrorBody>, Wire.ErrorBody>(true)

/**
 * An error `type` of Rockset's spec (see {@link knownErrorTypes}). Match on them, but expect others.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset"
 *
 * const isNotFound = (type: string | null | undefined) => type === ("NOTFOUND" satisfies UsersSchema.KnownErrorType)
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export type KnownErrorType = Wire.KnownErrorType
