/**
 * The planner of organisation sync: from the organisation as `list` shows it, the caller, and a desired
 * document, the changes that make the one the other. Pure: no I/O, no clock.
 *
 * - Emails are compared case-folded (Rockset stores them lower-cased), roles as sets.
 * - A user whose invite is pending has no names yet (the API shows `null` until the invite is accepted and
 *   cannot have them pushed): a name change for them is skipped, with that reason.
 * - `additive` (the default) never deletes; `exact` deletes the users the document does not list.
 * - The guards are checked on the whole plan, before anything changes; each breach is its own reason.
 *
 * @internal
 */
import { sameRoles } from "../wire.js"
import type { DesiredUser, Document } from "./document.js"

/**
 * A user as `list` shows them: what the planner reads of one.
 *
 * @internal
 */
export interface User {
  readonly email: string
  readonly roles?: ReadonlyArray<string> | null | undefined
  readonly first_name?: string | null | undefined
  readonly last_name?: string | null | undefined
  readonly state?: string | null | undefined
  readonly [key: string]: unknown
}

/** @internal */
export type Mode = "additive" | "exact"

/**
 * How to plan: the mode and the guards' settings.
 *
 * @internal
 */
export interface Options {
  /** `additive` (the default) never deletes; `exact` deletes the users the document does not list. */
  readonly mode?: Mode | undefined
  /** The largest share of the organisation's users one plan may delete, in `[0, 1]`; 0.25 by default. */
  readonly maxDeleteShare?: number | undefined
  /** The fewest admins (with an accepted invite) the organisation may be left with; 1 by default. */
  readonly minAdmins?: number | undefined
  /** Users no plan may create, change or delete, compared case-insensitively. */
  readonly protectedEmails?: ReadonlyArray<string> | undefined
}

/** @internal */
export const defaults = { mode: "additive", maxDeleteShare: 0.25, minAdmins: 1 } as const

/** @internal */
export const adminRole = "admin"

/** @internal */
export interface Names {
  readonly first_name?: string | undefined
  readonly last_name?: string | undefined
}

/**
 * One change: a request to make.
 *
 * @internal
 */
export type Change =
  | {
    readonly kind: "create"
    readonly email: string
    readonly roles: ReadonlyArray<string>
    readonly first_name?: string | undefined
    readonly last_name?: string | undefined
  }
  | {
    readonly kind: "update"
    readonly email: string
    /** The roles now and after, when they change. */
    readonly roles?: { readonly from: ReadonlyArray<string>; readonly to: ReadonlyArray<string> } | undefined
    /** The names now and after, when they change; only the changing ones are sent. */
    readonly names?: { readonly from: Names; readonly to: Names } | undefined
  }
  | { readonly kind: "delete"; readonly email: string; readonly roles: ReadonlyArray<string> }

/**
 * A change the plan does not make, and why.
 *
 * @internal
 */
export interface Skipped {
  readonly email: string
  readonly field: "names"
  readonly reason: "invite-pending"
}

/**
 * A plan: the changes, in the order they are best applied (creates, then updates that grant admin, other
 * updates, deletes last, so a run cut short never leaves fewer admins than at its start), and what it leaves.
 *
 * @internal
 */
export interface Plan {
  readonly mode: Mode
  /** The caller's email, lower-cased. */
  readonly caller: string
  readonly changes: ReadonlyArray<Change>
  /** Listed users already as the document wants them (not those with a skipped change). */
  readonly unchanged: ReadonlyArray<string>
  /** Users of the organisation the document does not list, left alone in additive mode. */
  readonly unlisted: ReadonlyArray<string>
  readonly skipped: ReadonlyArray<Skipped>
}

/**
 * A guard the plan would breach. Emails are kept for the caller to show; they never go into a message.
 *
 * @internal
 */
export type Violation =
  | { readonly guard: "protected"; readonly emails: ReadonlyArray<string> }
  | { readonly guard: "caller"; readonly email: string; readonly change: "delete" | "demote" }
  | { readonly guard: "minAdmins"; readonly admins: number; readonly minAdmins: number }
  | {
    readonly guard: "deleteShare"
    readonly deletes: number
    readonly users: number
    readonly maxDeleteShare: number
  }

/** @internal */
export type Planned = { readonly ok: true; readonly plan: Plan } | {
  readonly ok: false
  readonly violations: ReadonlyArray<Violation>
  readonly plan: Plan
}

/**
 * Why options cannot be used, or `undefined` when they can; checked before any request.
 *
 * @internal
 */
export const optionsProblem = (options: Options): string | undefined => {
  const { maxDeleteShare, minAdmins, mode } = options
  if (mode !== undefined && mode !== "additive" && mode !== "exact") return "mode must be \"additive\" or \"exact\""
  if (maxDeleteShare !== undefined && !(maxDeleteShare >= 0 && maxDeleteShare <= 1)) {
    return "maxDeleteShare must be a share between 0 and 1"
  }
  if (minAdmins !== undefined && !(Number.isInteger(minAdmins) && minAdmins >= 0)) {
    return "minAdmins must be a whole number, 0 or more"
  }
  return undefined
}

const fold = (email: string) => email.toLowerCase()

const distinctRoles = (roles: ReadonlyArray<string>): ReadonlyArray<string> => {
  const seen = new Set<string>()
  return roles.filter((role) => {
    const key = role.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const isAdmin = (roles: ReadonlyArray<string> | null | undefined) =>
  (roles ?? []).some((role) => role.toLowerCase() === adminRole)

/**
 * Whether a user has not accepted their invite yet: an invite still `PENDING`, or, when the answer has no
 * invite state, a user still `NEW`. The invite state decides when there is one: live, a user stays `NEW`
 * after accepting.
 */
export const isPending = (user: User): boolean =>
  user.invite_state === undefined || user.invite_state === null
    ? user.state === "NEW"
    : user.invite_state === "PENDING"

const nameChange = (current: User, desired: DesiredUser): { from: Names; to: Names } | undefined => {
  const from: { first_name?: string; last_name?: string } = {}
  const to: { first_name?: string; last_name?: string } = {}
  for (const key of ["first_name", "last_name"] as const) {
    const wanted = desired[key]
    const now = current[key]
    if (wanted !== undefined && wanted !== now) {
      to[key] = wanted
      if (typeof now === "string") from[key] = now
    }
  }
  return Object.keys(to).length === 0 ? undefined : { from, to }
}

const rank = (change: Change): number =>
  change.kind === "create"
    ? 0
    : change.kind === "update"
    ? change.roles !== undefined && isAdmin(change.roles.to) && !isAdmin(change.roles.from) ? 1 : 2
    : 3

/**
 * Plans the changes from the organisation `current` (as `list` returns it) to `desired`, acting as
 * `caller`, and checks the guards on the result.
 *
 * @internal
 */
export const plan = (
  current: ReadonlyArray<User>,
  caller: string,
  desired: Document,
  options: Options = {}
): Planned => {
  const mode = options.mode ?? defaults.mode
  const byEmail = new Map(current.map((user) => [fold(user.email), user]))
  const listed = new Set<string>()
  const changes: Array<Change> = []
  const unchanged: Array<string> = []
  const skipped: Array<Skipped> = []
  for (const wanted of desired.users) {
    const email = fold(wanted.email)
    if (listed.has(email)) continue
    listed.add(email)
    const roles = distinctRoles(wanted.roles)
    const existing = byEmail.get(email)
    if (existing === undefined) {
      changes.push({
        kind: "create",
        email,
        roles,
        ...(wanted.first_name === undefined ? {} : { first_name: wanted.first_name }),
        ...(wanted.last_name === undefined ? {} : { last_name: wanted.last_name })
      })
      continue
    }
    const rolesChange = sameRoles(existing.roles, roles) ? undefined : { from: existing.roles ?? [], to: roles }
    let names = nameChange(existing, wanted)
    const namesSkipped = names !== undefined && isPending(existing)
    if (namesSkipped) {
      skipped.push({ email, field: "names", reason: "invite-pending" })
      names = undefined
    }
    // a user whose names wait on their invite is not as the document wants: counted as skipped, not unchanged too
    if (rolesChange !== undefined || names !== undefined) {
      changes.push({ kind: "update", email, ...(rolesChange && { roles: rolesChange }), ...(names && { names }) })
    } else if (!namesSkipped) unchanged.push(email)
  }
  const unlisted: Array<string> = []
  for (const user of current) {
    const email = fold(user.email)
    if (listed.has(email)) continue
    if (mode === "exact") changes.push({ kind: "delete", email, roles: user.roles ?? [] })
    else unlisted.push(email)
  }
  // a stable sort: within a rank, the document's order (then the organisation's, for deletes)
  const ordered = changes.map((change, index) => ({ change, index }))
    .sort((a, b) => rank(a.change) - rank(b.change) || a.index - b.index)
    .map(({ change }) => change)
  const result: Plan = { mode, caller: fold(caller), changes: ordered, unchanged, unlisted, skipped }
  const violations = check(current, result, options)
  return violations.length === 0 ? { ok: true, plan: result } : { ok: false, violations, plan: result }
}

/**
 * The guards a plan breaches over the organisation it was planned from, in a fixed order.
 *
 * @internal
 */
export const check = (current: ReadonlyArray<User>, plan: Plan, options: Options = {}): ReadonlyArray<Violation> => {
  const violations: Array<Violation> = []
  const guarded = new Set((options.protectedEmails ?? []).map(fold))
  const touched = plan.changes.filter((change) => guarded.has(change.email)).map((change) => change.email)
  if (touched.length > 0) violations.push({ guard: "protected", emails: touched })

  const callerChange = plan.changes.find((change) => change.email === plan.caller)
  if (callerChange?.kind === "delete") violations.push({ guard: "caller", email: plan.caller, change: "delete" })
  else if (
    callerChange?.kind === "update" && callerChange.roles !== undefined && isAdmin(callerChange.roles.from) &&
    !isAdmin(callerChange.roles.to)
  ) violations.push({ guard: "caller", email: plan.caller, change: "demote" })

  const minAdmins = options.minAdmins ?? defaults.minAdmins
  const admins = adminsAfter(current, plan)
  if (admins < minAdmins) violations.push({ guard: "minAdmins", admins, minAdmins })

  const maxDeleteShare = options.maxDeleteShare ?? defaults.maxDeleteShare
  const deletes = plan.changes.filter((change) => change.kind === "delete").length
  if (deletes > 0 && deletes > maxDeleteShare * current.length) {
    violations.push({ guard: "deleteShare", deletes, users: current.length, maxDeleteShare })
  }
  return violations
}

/**
 * How many admins who have accepted their invite the organisation has once `plan` is applied (a new user's
 * invite is pending, so a create adds none).
 *
 * @internal
 */
export const adminsAfter = (current: ReadonlyArray<User>, plan: Plan): number => {
  const changes = new Map(plan.changes.map((change) => [change.email, change]))
  let admins = 0
  for (const user of current) {
    const change = changes.get(fold(user.email))
    if (change?.kind === "delete" || isPending(user)) continue
    const roles = change?.kind === "update" && change.roles !== undefined ? change.roles.to : user.roles
    if (isAdmin(roles)) admins++
  }
  return admins
}

/**
 * Whether a plan has nothing to do (it may still list skipped changes).
 *
 * @internal
 */
export const isEmpty = (plan: Plan): boolean => plan.changes.length === 0

/**
 * The organisation as a document: every user with their roles, and the names they have.
 *
 * @internal
 */
export const toDocument = (current: ReadonlyArray<User>): Document => ({
  users: current.map((user) => ({
    email: fold(user.email),
    roles: [...(user.roles ?? [])],
    ...(typeof user.first_name === "string" && user.first_name !== "" ? { first_name: user.first_name } : {}),
    ...(typeof user.last_name === "string" && user.last_name !== "" ? { last_name: user.last_name } : {})
  }))
})

/**
 * Counts by kind, for a summary line.
 *
 * @internal
 */
export interface Summary {
  readonly creates: number
  readonly roleChanges: number
  readonly nameChanges: number
  readonly deletes: number
  readonly unchanged: number
  readonly unlisted: number
  readonly skipped: number
}

/** @internal */
export const summary = (plan: Plan): Summary => ({
  creates: plan.changes.filter((change) => change.kind === "create").length,
  roleChanges: plan.changes.filter((change) => change.kind === "update" && change.roles !== undefined).length,
  nameChanges: plan.changes.filter((change) => change.kind === "update" && change.names !== undefined).length,
  deletes: plan.changes.filter((change) => change.kind === "delete").length,
  unchanged: plan.unchanged.length,
  unlisted: plan.unlisted.length,
  skipped: plan.skipped.length
})
