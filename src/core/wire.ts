/**
 * The shapes of the wire as plain TypeScript types, for the core (the emulator's engine, error bodies,
 * recovery). The editions' schemas describe the same shapes for decoding; their types are assignable to
 * these.
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
  readonly state?: "NEW" | "ACTIVE" | null | undefined
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
 * The error body of every non-2xx answer; each field may be `null`, and undeclared keys are kept.
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
