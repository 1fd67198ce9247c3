/**
 * The shapes of the wire as plain TypeScript types, for the core (the emulator's engine, error bodies,
 * recovery). The editions' schemas describe the same shapes for decoding, and each edition checks at compile
 * time that its schemas' types declare exactly these fields ({@link Agree}).
 *
 * @internal
 */

/**
 * A user as the API answers it: `email` always, every other field possibly absent or `null`, and keys the
 * spec does not declare.
 *
 * @internal
 */
export interface User {
  readonly email: string
  readonly created_at?: string | null | undefined
  readonly first_name?: string | null | undefined
  readonly last_name?: string | null | undefined
  readonly roles?: ReadonlyArray<string> | null | undefined
  /** `"NEW"` or `"ACTIVE"` as documented, a plain string in the spec; live, a user stays `NEW` after accepting. */
  readonly state?: string | null | undefined
  /** Undeclared by the current spec, always sent live: `"PENDING"`, `"ACCEPTED"`, ... */
  readonly invite_state?: string | null | undefined
  /** Undeclared by the current spec, always sent live: the organisation's id. */
  readonly org?: string | null | undefined
  readonly [key: string]: unknown
}

/**
 * An unsubscribe preference: camelCase on the wire, unlike everything else.
 *
 * @internal
 */
export interface UnsubscribePreference {
  readonly notificationType: string
  readonly [key: string]: unknown
}

/**
 * The error `type`s of the spec's `ErrorModel`, in its order (Rockset's OpenAPI definition,
 * rockset-go-client `openapi/api/openapi.yaml` at d394580, 2024-04). Both editions' known set derives from
 * this list; a `type` outside it still decodes, as a plain string.
 *
 * @internal
 */
export const knownErrorTypes = [
  "AUTHEXCEPTION",
  "VERSIONEXCEPTION",
  "INTERNALERROR",
  "INVALIDINPUT",
  "NOTIMPLEMENTEDYET",
  "RESOURCEEXCEEDED",
  "ALREADYEXISTS",
  "METHODNOTALLOWED",
  "NOTACCEPTABLE",
  "UNSUPPORTEDMEDIATYPE",
  "NOTFOUND",
  "DEPENDENTRESOURCES",
  "QUERY_ERROR",
  "NOT_READY",
  "FORBIDDEN",
  "QUERY_TIMEOUT",
  "CONNECTION_ERROR",
  "CONTENTTOOLARGE",
  "CREATING",
  "BADREQUEST",
  "SERVICEUNAVAILABLE",
  "CONFLICT",
  "RATELIMITEXCEEDED",
  "QUERY_CANCELLED",
  "CLIENT_CONNECTION_ERROR"
] as const

/**
 * An error `type` of the spec.
 *
 * @internal
 */
export type KnownErrorType = (typeof knownErrorTypes)[number]

const knownErrorTypeSet: ReadonlySet<string> = new Set(knownErrorTypes)

/**
 * Whether an error `type` is one of the spec's.
 *
 * @internal
 */
export const isKnownErrorType = (type: unknown): type is KnownErrorType =>
  typeof type === "string" && knownErrorTypeSet.has(type)

/**
 * The error body of every non-2xx answer: the spec's `ErrorModel` (`message`, `type`, `line`, `column`,
 * `trace_id`, `error_id`, `query_id`, `virtual_instance_rrn`) and the two keys the live API sends beyond it
 * (`message_key`, `internal_errors`). Each field may be absent or `null`, and undeclared keys are kept.
 *
 * @internal
 */
export interface ErrorBody {
  readonly message?: string | null | undefined
  readonly message_key?: string | null | undefined
  readonly type?: string | null | undefined
  readonly line?: number | null | undefined
  readonly column?: number | null | undefined
  readonly trace_id?: string | null | undefined
  readonly error_id?: string | null | undefined
  readonly query_id?: string | null | undefined
  readonly internal_errors?: unknown
  readonly virtual_instance_rrn?: string | null | undefined
  readonly [key: string]: unknown
}

/**
 * `true` when `A` and `B` are the same type, modifiers included; `false` otherwise.
 *
 * @internal
 */
export type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false

/**
 * The declared fields of an object type: its index signature (the undeclared keys) left out.
 *
 * @internal
 */
export type Declared<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] }

/**
 * `true` only when a schema's type declares exactly the fields of a wire type, each with the same type and
 * the same optionality: an edition writes `agree<Schema.Type<typeof User>, Wire.User>(true)`,
 * so a field dropped, added or retyped on either side is a compile error.
 *
 * @internal
 */
export type Agree<SchemaType, WireType> = Exact<Declared<SchemaType>, Declared<WireType>>

/**
 * A compile-time check with no effect at run time: `agree<SchemaType, WireType>(true)` compiles only when
 * {@link Agree} holds.
 *
 * @internal
 */
export const agree = <SchemaType, WireType>(_holds: Agree<SchemaType, WireType>): void => {}

/**
 * The user of a delete response as the live API answers it: every field `null` except `email`. The
 * emulator answers with it, and the client returns it when a repeated delete finds the user already gone.
 *
 * @internal
 */
export const deletedUser = (email: string) => ({
  created_at: null,
  email,
  first_name: null,
  last_name: null,
  phone_number: null,
  roles: null,
  state: null,
  org: null,
  invite_state: null,
  orgs: null,
  org_memberships: null,
  country: null,
  accepted_marketing_content: null
})

/**
 * Whether two role lists name the same roles: compared as sets, case-insensitively. `null` or absent
 * roles match nothing.
 *
 * @internal
 */
export const sameRoles = (a: ReadonlyArray<string> | null | undefined, b: ReadonlyArray<string>): boolean => {
  if (a === null || a === undefined) return false
  const left = new Set(a.map((role) => role.toLowerCase()))
  const right = new Set(b.map((role) => role.toLowerCase()))
  return left.size === right.size && [...left].every((role) => right.has(role))
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * Why an email cannot be the email of a new user, or `undefined` when it can: one `@`, a dot in the domain,
 * no white space, at most 254 characters. The value never appears in the reason.
 *
 * @internal
 */
export const emailProblem = (email: string): string | undefined =>
  email.length <= 254 && emailPattern.test(email)
    ? undefined
    : "must be a plausible email address: a name, \"@\" and a domain with a dot, no spaces, at most 254 characters"

/**
 * Why a role name cannot be sent, or `undefined` when it can.
 *
 * @internal
 */
export const roleProblem = (role: string): string | undefined =>
  role.trim().length > 0 ? undefined : "must not be empty"
