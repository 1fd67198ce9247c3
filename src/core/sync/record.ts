/**
 * The record of an apply, and its inverse. A record holds each change of a saved plan with what became of
 * it, and the user before and after; reverting it plans, against the organisation as it now is, the changes
 * that put back what the apply changed: the users it created are deleted, the roles and names it changed are
 * restored, and the users it deleted are invited again with their roles and names (they come back as pending
 * invites: the API cannot restore an accepted one, and shows their names once they accept).
 *
 * Only what the apply changed is put back: a field it did not change is left as it now is, and a user it
 * changed who has been deleted since is skipped (`deleted-since`). A name it set where there was none is
 * cleared to the empty string: the API has no way to remove a name.
 *
 * @internal
 */
import { sameRoles } from "../wire.js"
import type { Change, Names, Plan, Skipped, User } from "./plan.js"
import { fold, isPending, order } from "./plan.js"
import type { Guards, SavedPlan, Snapshot } from "./saved.js"
import { recordFormat, withChecksum } from "./saved.js"

/**
 * One change of the apply: its kind and user, what became of it, and the user before and after (`null`:
 * absent). A failed change may or may not have been made; a revert puts back only the applied ones.
 *
 * @internal
 */
export interface Entry {
  readonly kind: Change["kind"]
  readonly email: string
  readonly outcome: "applied" | "failed" | "not-attempted" | "not-started"
  readonly before: Snapshot | null
  readonly after: Snapshot | null
}

/**
 * The record of an apply: the guards it ran under (a revert runs under them too), the caller, each change, and
 * a checksum of all of it (as a saved plan has).
 *
 * @internal
 */
export interface ChangeRecord {
  readonly format: typeof recordFormat
  readonly options: Guards
  readonly caller: string
  readonly changes: ReadonlyArray<Entry>
  /** `sha256:` and the hash of everything above, as a saved plan's checksum is made. */
  readonly checksum: string
}

/**
 * The user after a change was made, from the user before it: created users are pending invites (the API
 * shows their names once they accept), updated users have the roles and names sent, deleted users are absent.
 *
 * @internal
 */
export const afterOf = (before: Snapshot | null, change: Change): Snapshot | null => {
  switch (change.kind) {
    case "create":
      return {
        email: change.email,
        roles: [...change.roles],
        first_name: change.first_name ?? null,
        last_name: change.last_name ?? null,
        state: "NEW",
        invite_state: "PENDING"
      }
    case "update": {
      const base: Snapshot = before ??
        { email: change.email, roles: null, first_name: null, last_name: null, state: null, invite_state: null }
      return {
        ...base,
        ...(change.roles === undefined ? {} : { roles: [...change.roles.to] }),
        ...(change.names?.to.first_name === undefined ? {} : { first_name: change.names.to.first_name }),
        ...(change.names?.to.last_name === undefined ? {} : { last_name: change.names.to.last_name })
      }
    }
    case "delete":
      return null
  }
}

/**
 * The record of a run of `saved`: each change with what became of it, from the run's results (by the change's
 * index in the plan); a change without a result is `not-started`, as when a run is interrupted.
 *
 * @internal
 */
export const recordOf = (
  saved: SavedPlan,
  results: ReadonlyArray<{ readonly index: number; readonly outcome: Entry["outcome"] }>
): Promise<ChangeRecord> => {
  const before = new Map(saved.before.map((user) => [user.email, user]))
  const outcomes = new Map(results.map((result) => [result.index, result.outcome]))
  return withChecksum({
    format: recordFormat,
    options: saved.options,
    caller: saved.plan.caller,
    changes: saved.plan.changes.map((change, index) => {
      const was = before.get(change.email) ?? null
      const outcome = outcomes.get(index) ?? "not-started"
      return {
        kind: change.kind,
        email: change.email,
        outcome,
        before: was,
        after: outcome === "applied" ? afterOf(was, change) : was
      }
    })
  })
}

const named = (value: string | null): value is string => value !== null && value !== ""

/**
 * The inverse of a record: the plan that puts back what its applied changes changed, against the organisation
 * `current` as now listed, acting as `caller`. Its guards are checked by the caller of this function.
 *
 * @internal
 */
export const inverse = (record: ChangeRecord, current: ReadonlyArray<User>, caller: string): Plan => {
  const now = new Map(current.map((user) => [fold(user.email), user]))
  const changes: Array<Change> = []
  const unchanged: Array<string> = []
  const skipped: Array<Skipped> = []
  for (const entry of record.changes) {
    if (entry.outcome !== "applied") continue
    const email = fold(entry.email)
    const user = now.get(email)
    const { after, before } = entry
    if (before === null) {
      // the apply created them: delete them, unless they are gone already
      if (user !== undefined) changes.push({ kind: "delete", email, roles: user.roles ?? [] })
      continue
    }
    if (user === undefined) {
      if (after !== null) skipped.push({ email, field: "user", reason: "deleted-since" })
      else if (before.roles === null || before.roles.length === 0) {
        skipped.push({ email, field: "user", reason: "no-roles" })
      } else {
        changes.push({
          kind: "create",
          email,
          roles: [...before.roles],
          ...(named(before.first_name) ? { first_name: before.first_name } : {}),
          ...(named(before.last_name) ? { last_name: before.last_name } : {}),
          reinvite: true
        })
      }
      continue
    }
    // a user the apply updated (or deleted, and who is back since): put back what it changed
    const changed = (key: "roles" | "first_name" | "last_name") =>
      after === null ||
      (key === "roles"
        ? !(before.roles === null ? after.roles === null : sameRoles(after.roles, before.roles))
        : before[key] !== after[key])
    const roles = changed("roles") && before.roles !== null && before.roles.length > 0 &&
        !sameRoles(user.roles, before.roles)
      ? { from: user.roles ?? [], to: [...before.roles] }
      : undefined
    const from: { first_name?: string; last_name?: string } = {}
    const to: { first_name?: string; last_name?: string } = {}
    // the names of a user who was pending are not known (the API shows none until the invite is accepted)
    if (!isPending(before)) {
      for (const key of ["first_name", "last_name"] as const) {
        const wanted = before[key] ?? ""
        const have = typeof user[key] === "string" ? user[key] : ""
        if (changed(key) && wanted !== have) {
          to[key] = wanted
          if (typeof user[key] === "string") from[key] = user[key]
        }
      }
    }
    let names: { from: Names; to: Names } | undefined = Object.keys(to).length === 0 ? undefined : { from, to }
    if (names !== undefined && isPending(user)) {
      skipped.push({ email, field: "names", reason: "invite-pending" })
      names = undefined
    }
    if (roles !== undefined || names !== undefined) {
      changes.push({ kind: "update", email, ...(roles && { roles }), ...(names && { names }) })
    } else if (skipped.at(-1)?.email !== email) unchanged.push(email)
  }
  return { mode: record.options.mode, caller: fold(caller), changes: order(changes), unchanged, unlisted: [], skipped }
}
