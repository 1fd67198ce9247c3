/**
 * The Users API's wire shapes as Effect 4 Schemas: the same shapes as the Effect 3 edition's `UsersSchema`,
 * written with Schema 4 (`StructWithRest` keeps the keys the spec does not declare reachable).
 *
 * @since 0.2.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as Wire from "../core/wire.js"

const nullable = <S extends Schema.Top>(schema: S) => Schema.optional(Schema.NullOr(schema))

const undeclaredKeys = [Schema.Record(Schema.String, Schema.Unknown)] as const

/**
 * A role name: the documented ones, or a custom role's name.
 *
 * @example
 * ```ts
 * import type { UsersSchema } from "effect-rockset/v4"
 *
 * const role: UsersSchema.Role = "read-only"
 * ```
 *
 * @since 0.2.0
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
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const user = Schema.decodeUnknownSync(UsersSchema.User)({ email: "ada@example.com", first_name: null, country: "UK" })
 * console.log(user.email, user.first_name, user["country"])
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const User = Schema.StructWithRest(
  Schema.Struct({
    email: Schema.String,
    created_at: nullable(Schema.String),
    first_name: nullable(Schema.String),
    last_name: nullable(Schema.String),
    roles: nullable(Schema.Array(Schema.String)),
    state: nullable(Schema.String),
    invite_state: nullable(Schema.String),
    org: nullable(Schema.String)
  }),
  undeclaredKeys
).annotate({ identifier: "User" })

/**
 * @since 0.2.0
 * @category Models
 */
export interface User extends Schema.Schema.Type<typeof User> {}

// The schema declares exactly the fields of the core's wire type: a field dropped or retyped on either side
// fails to compile.
Wire.agree<Schema.Schema.Type<typeof User>, Wire.User>(true)

/**
 * The body of `create` and `deleteUser` responses: `{ data: User }`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const { data } = Schema.decodeUnknownSync(UsersSchema.UserEnvelope)({ data: { email: "ada@example.com" } })
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const UserEnvelope = Schema.Struct({ data: User }).annotate({ identifier: "UserEnvelope" })

/**
 * The body of `list`: every user, unpaginated.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const { data } = Schema.decodeUnknownSync(UsersSchema.ListUsersResponse)({ data: [] })
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const ListUsersResponse = Schema.Struct({ data: Schema.Array(User) }).annotate({
  identifier: "ListUsersResponse"
})

const problemFilter = (problem: (value: string) => string | undefined) =>
  Schema.makeFilter<string>((value) => problem(value) ?? true)

/**
 * An email address as the API accepts it in `create`: one `@`, a dot in the domain, no white space,
 * at most 254 characters. The value never appears in the error message.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * console.log(Schema.is(UsersSchema.Email)("ada@example.com")) // true
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const Email = Schema.String.check(problemFilter(Wire.emailProblem)).annotate({ identifier: "Email" })

/**
 * A role name in a request: a non-empty string.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * console.log(Schema.is(UsersSchema.RoleName)("read-only")) // true
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const RoleName = Schema.String.check(problemFilter(Wire.roleProblem)).annotate({ identifier: "RoleName" })

const nonEmptyRoles = (message: string) =>
  Schema.Array(RoleName).check(Schema.makeFilter((roles) => roles.length > 0 || message))

/**
 * The body of `create`. `roles` must name at least one role (the live API answered 500 to an empty
 * list, so the client refuses it before sending).
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const request: typeof UsersSchema.CreateUserRequest.Encoded = { email: "ada@example.com", roles: ["member"] }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const CreateUserRequest = Schema.Struct({
  email: Email,
  roles: nonEmptyRoles("must name at least one role (for example \"member\")"),
  first_name: Schema.optional(Schema.String),
  last_name: Schema.optional(Schema.String)
}).annotate({ identifier: "CreateUserRequest" })

/**
 * @since 0.2.0
 * @category Models
 */
export interface CreateUserRequest extends Schema.Schema.Type<typeof CreateUserRequest> {}

/**
 * The body of `update`: the fields to change. `roles`, when given, must name at least one role.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const request: typeof UsersSchema.UpdateUserRequest.Encoded = { roles: ["read-only"] }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const UpdateUserRequest = Schema.Struct({
  first_name: Schema.optional(Schema.String),
  last_name: Schema.optional(Schema.String),
  roles: Schema.optional(nonEmptyRoles("when given, must name at least one role"))
}).annotate({ identifier: "UpdateUserRequest" })

/**
 * @since 0.2.0
 * @category Models
 */
export interface UpdateUserRequest extends Schema.Schema.Type<typeof UpdateUserRequest> {}

/**
 * A notification the current user unsubscribed from. `notificationType` is camelCase on the wire; the
 * only value ever documented is `"create_apikey"`, and the set is open.
 *
 * @example
 * ```ts
 * import type { UsersSchema } from "effect-rockset/v4"
 *
 * const preference: UsersSchema.UnsubscribePreference = { notificationType: "create_apikey" }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const UnsubscribePreference = Schema.StructWithRest(
  Schema.Struct({ notificationType: Schema.String }),
  undeclaredKeys
).annotate({ identifier: "UnsubscribePreference" })

/**
 * @since 0.2.0
 * @category Models
 */
export interface UnsubscribePreference extends Schema.Schema.Type<typeof UnsubscribePreference> {}

Wire.agree<Schema.Schema.Type<typeof UnsubscribePreference>, Wire.UnsubscribePreference>(true)

const Preferences = Schema.Array(UnsubscribePreference)

/**
 * The body of both preference operations: `{ data: UnsubscribePreference[] }`; an absent or `null` `data`
 * decodes as no preferences.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const { data } = Schema.decodeUnknownSync(UsersSchema.UnsubscribePreferencesResponse)({ data: null })
 * console.log(data.length) // 0
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const UnsubscribePreferencesResponse = Schema.Struct({
  data: Schema.optionalKey(Schema.NullOr(Preferences)).pipe(
    Schema.decodeTo(Preferences, {
      decode: SchemaGetter.transformOptional((data) => Option.some(Option.getOrNull(data) ?? [])),
      encode: SchemaGetter.passthrough()
    })
  )
}).annotate({ identifier: "UnsubscribePreferencesResponse" })

/**
 * The body of `updateUnsubscribePreferences`: the full list of preferences to keep (a replacement).
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const request: typeof UsersSchema.UpdateUnsubscribePreferencesRequest.Encoded = {
 *   data: [{ notificationType: "create_apikey" }]
 * }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const UpdateUnsubscribePreferencesRequest = Schema.Struct({
  data: Schema.optional(Schema.Array(Schema.Struct({
    notificationType: Schema.String.check(
      Schema.makeFilter((type) => type.length > 0 || "notificationType must not be empty")
    )
  })))
}).annotate({ identifier: "UpdateUnsubscribePreferencesRequest" })

/**
 * @since 0.2.0
 * @category Models
 */
export interface UpdateUnsubscribePreferencesRequest
  extends Schema.Schema.Type<typeof UpdateUnsubscribePreferencesRequest>
{}

/**
 * An error `type` of Rockset's spec (see {@link knownErrorTypes}). Match on them, but expect others.
 *
 * @example
 * ```ts
 * import type { UsersSchema } from "effect-rockset/v4"
 *
 * const isNotFound = (type: string | null | undefined) => type === ("NOTFOUND" satisfies UsersSchema.KnownErrorType)
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export type KnownErrorType = Wire.KnownErrorType

/**
 * The error `type`s of Rockset's spec: the 25 of its `ErrorModel`, in its order. The set changed several
 * times, so expect others.
 *
 * @example
 * ```ts
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * console.log(UsersSchema.knownErrorTypes.includes("QUERY_TIMEOUT")) // true
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const knownErrorTypes: ReadonlyArray<KnownErrorType> = Wire.knownErrorTypes

/**
 * The `type` of an error body: one of {@link knownErrorTypes}, or any other string (decoded as it is).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * console.log(Schema.decodeUnknownSync(UsersSchema.ErrorType)("SOMETHING_NEW")) // "SOMETHING_NEW"
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const ErrorType = Schema.Union([Schema.Literals(Wire.knownErrorTypes), Schema.String]).annotate({
  identifier: "ErrorType"
})

/**
 * The error body of every non-2xx answer: the spec's `ErrorModel` (`virtual_instance_rrn` included) and the
 * two keys the live API sends beyond it (`message_key`, `internal_errors`); each field may be absent or
 * `null`, and undeclared keys are kept.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { UsersSchema } from "effect-rockset/v4"
 *
 * const body = Schema.decodeUnknownSync(UsersSchema.ErrorBody)({ message: "no such user", type: "NOTFOUND" })
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const ErrorBody = Schema.StructWithRest(
  Schema.Struct({
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
  }),
  undeclaredKeys
).annotate({ identifier: "ErrorBody" })

/**
 * @since 0.2.0
 * @category Models
 */
export interface ErrorBody extends Schema.Schema.Type<typeof ErrorBody> {}

Wire.agree<Schema.Schema.Type<typeof ErrorBody>, Wire.ErrorBody>(true)
