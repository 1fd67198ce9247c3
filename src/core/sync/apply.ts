/**
 * Applying a plan, the parts that need no Effect: the options and their check, the lanes and their sliding
 * windows, the request each change makes, the tally of results into progress events, the document an
 * export writes, and the messages of sync's errors. Each edition runs the requests and the clock itself.
 *
 * @internal
 */
import { documentedRateLimits } from "../policy.js"
import * as RateWindow from "../rateWindow.js"
import type { Document, Problem } from "./document.js"
import { formatProblem } from "./document.js"
import type { Change, Plan, User, Violation } from "./plan.js"
import { toDocument } from "./plan.js"
import type { Drift } from "./saved.js"
import { driftCounts } from "./saved.js"

/**
 * How to apply a plan (see each edition's `OrgSync.ApplyOptions`).
 *
 * @internal
 */
export interface Options {
  readonly rateLimits?:
    | {
      readonly create: number
      readonly update: number
      readonly windowMillis?: number | undefined
      readonly marginMillis?: number | undefined
    }
    | false
    | undefined
  readonly concurrency?: number | undefined
  readonly maxFailures?: number | undefined
}

/**
 * What became of one change; `E` is the edition's error.
 *
 * @internal
 */
export type ChangeResult<E> =
  | { readonly index: number; readonly change: Change; readonly outcome: "applied" | "not-attempted" }
  | { readonly index: number; readonly change: Change; readonly outcome: "failed"; readonly error: E }

/** @internal */
export interface ApplyResult<E> {
  readonly results: ReadonlyArray<ChangeResult<E>>
  readonly applied: number
  readonly failed: number
  readonly notAttempted: number
}

/** @internal */
export type Event<E> =
  | { readonly _tag: "Started"; readonly total: number; readonly estimatedMillis: number }
  | {
    readonly _tag: "Result"
    readonly result: ChangeResult<E>
    readonly done: number
    readonly failed: number
    readonly total: number
    readonly remainingMillis: number
  }
  | { readonly _tag: "Stopped"; readonly failed: number; readonly notAttempted: number }
  | { readonly _tag: "Finished"; readonly result: ApplyResult<E> }

/** @internal */
export const nothingApplied: ApplyResult<never> = { results: [], applied: 0, failed: 0, notAttempted: 0 }

/** The result of a run, kept by its last `Finished` event. @internal */
export const finalResult = <E>(result: ApplyResult<E>, event: Event<E>): ApplyResult<E> =>
  event._tag === "Finished" ? event.result : result

/** @internal */
export type Lane = "create" | "update"

/** @internal */
export const lanes: ReadonlyArray<Lane> = ["create", "update"]

/** Creates go in their lane, updates and deletes in the other (as the server counts them). @internal */
export const laneOf = (change: Change): Lane => change.kind === "create" ? "create" : "update"

/**
 * Why apply options cannot be used, or `undefined` when they can; checked before any request.
 *
 * @internal
 */
export const optionsProblem = (options: Options): string | undefined => {
  const positive = (value: number | undefined) => value === undefined || (Number.isInteger(value) && value > 0)
  if (!positive(options.concurrency)) return "concurrency must be a whole number, 1 or more"
  if (options.maxFailures !== undefined && !(options.maxFailures >= 1)) return "maxFailures must be 1 or more"
  const limits = options.rateLimits
  if (limits !== undefined && limits !== false) {
    if (!positive(limits.create) || !positive(limits.update)) return "rate limits must be whole numbers, 1 or more"
    if (limits.windowMillis !== undefined && !(limits.windowMillis > 0)) return "windowMillis must be positive"
    if (limits.marginMillis !== undefined && !(limits.marginMillis >= 0)) return "marginMillis must be 0 or more"
  }
  return undefined
}

/**
 * The request a change makes: the `Users` operation and its arguments, the same in every edition.
 *
 * @internal
 */
export type Request =
  | {
    readonly operation: "create"
    readonly args: readonly [input: { email: string; roles: Array<string>; first_name?: string; last_name?: string }]
  }
  | {
    readonly operation: "update"
    readonly args: readonly [user: string, input: { roles?: Array<string>; first_name?: string; last_name?: string }]
  }
  | { readonly operation: "deleteUser"; readonly args: readonly [user: string] }

/** @internal */
export const requestOf = (change: Change): Request => {
  switch (change.kind) {
    case "create":
      return {
        operation: "create",
        args: [{
          email: change.email,
          roles: [...change.roles],
          ...(change.first_name === undefined ? {} : { first_name: change.first_name }),
          ...(change.last_name === undefined ? {} : { last_name: change.last_name })
        }]
      }
    case "update": {
      const names = change.names?.to
      return {
        operation: "update",
        args: [change.email, {
          ...(change.roles === undefined ? {} : { roles: [...change.roles.to] }),
          ...(names?.first_name === undefined ? {} : { first_name: names.first_name }),
          ...(names?.last_name === undefined ? {} : { last_name: names.last_name })
        }]
      }
    }
    case "delete":
      return { operation: "deleteUser", args: [change.email] }
  }
}

/**
 * Books a send in `window` at `now` when its slot has come (the slot, to settle once answered), else says
 * how long to wait first. A booking made early would not see the answers that come in while it waits, and
 * those move the window later: so the edition sleeps `wait` and asks again.
 *
 * @internal
 */
export const book = (
  window: RateWindow.RateWindow,
  now: number
): { readonly slot: number } | { readonly wait: number } => {
  const wait = window.peek(now) - now
  return wait <= 0 ? { slot: now + window.reserve(now) } : { wait }
}

/**
 * One run of a plan, without its I/O: the lanes' windows, the settings, and the tally that turns results
 * into events. The edition sleeps, sends and reads its clock; this says how long, and what to report.
 *
 * @internal
 */
export interface Run<E> {
  readonly concurrency: number
  readonly maxFailures: number
  /** The lane's window, or `undefined` when sends are not paced. */
  readonly window: (lane: Lane) => RateWindow.RateWindow | undefined
  /** The changes of one lane, with their index in the plan. */
  readonly changesOf: (lane: Lane) => ReadonlyArray<{ readonly change: Change; readonly index: number }>
  readonly started: (now: number) => Event<E>
  /** Counts a result in, and the event that reports it. */
  readonly record: (result: ChangeResult<E>, now: number) => Event<E>
  /** The last events: `Stopped` when changes were not attempted, then `Finished`. */
  readonly ending: () => ReadonlyArray<Event<E>>
}

/** @internal */
export const makeRun = <E>(plan: Plan, options: Options): Run<E> => {
  const limits = options.rateLimits === undefined
    ? { ...documentedRateLimits, windowMillis: 60_000, marginMillis: undefined }
    : options.rateLimits
  const windowMillis = limits === false ? 0 : limits.windowMillis ?? 60_000
  const marginMillis = limits === false ? 0 : limits.marginMillis ?? windowMillis / 100 + 20
  const windows = limits === false ? undefined : {
    create: RateWindow.make({ limit: limits.create, windowMillis, marginMillis }),
    update: RateWindow.make({ limit: limits.update, windowMillis, marginMillis })
  }
  const total = plan.changes.length
  const remaining = { create: 0, update: 0 }
  for (const change of plan.changes) remaining[laneOf(change)]++
  const indexed = plan.changes.map((change, index) => ({ change, index }))

  // The least time the rate limits allow: for each lane, until its next slot, then whole windows for the rest.
  const pacingLeft = (now: number): number => {
    if (windows === undefined) return 0
    return Math.max(
      ...lanes.map((lane) => {
        const count = remaining[lane]
        if (count === 0) return 0
        const window = windows[lane]
        const span = windowMillis + marginMillis
        return Math.max(0, window.peek(now) - now) + Math.floor((count - 1) / window.limit.limit) * span
      })
    )
  }

  // The time left as the run has gone so far (latency, retries and pacing together), once a change is done;
  // never less than pacing allows, which the first burst of a window would understate.
  const collected: Array<ChangeResult<E>> = []
  let startedAt: number | undefined
  const timeLeft = (now: number): number => {
    const done = collected.length
    const observed = startedAt === undefined || done === 0 ? 0 : ((now - startedAt) / done) * (total - done)
    return Math.max(pacingLeft(now), Math.round(observed))
  }

  let failed = 0
  let notAttempted = 0
  return {
    concurrency: options.concurrency ?? 4,
    maxFailures: options.maxFailures ?? 10,
    window: (lane) => windows?.[lane],
    changesOf: (lane) => indexed.filter(({ change }) => laneOf(change) === lane),
    started: (now) => {
      startedAt = now
      return { _tag: "Started", total, estimatedMillis: timeLeft(now) }
    },
    record: (result, now) => {
      collected.push(result)
      remaining[laneOf(result.change)]--
      if (result.outcome === "failed") failed++
      if (result.outcome === "not-attempted") notAttempted++
      return { _tag: "Result", result, done: collected.length, failed, total, remainingMillis: timeLeft(now) }
    },
    ending: () => {
      const finished: Event<E> = {
        _tag: "Finished",
        result: {
          results: [...collected].sort((a, b) => a.index - b.index),
          applied: collected.length - failed - notAttempted,
          failed,
          notAttempted
        }
      }
      return notAttempted > 0 ? [{ _tag: "Stopped", failed, notAttempted }, finished] : [finished]
    }
  }
}

/**
 * The organisation as a document to write back: a user without roles cannot be (the API refuses to create
 * one), so it is left out.
 *
 * @internal
 */
export const exportOf = (current: ReadonlyArray<User>): Document => ({
  users: toDocument(current).users.filter((user) => user.roles.length > 0)
})

/**
 * The messages of sync's errors, over their fields; never with an email in them.
 *
 * @internal
 */
export const messages = {
  invalidDocument: (problems: ReadonlyArray<Problem>): string => {
    const [first] = problems
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""
    return `the desired-state document is not valid: ${first === undefined ? "" : formatProblem(first)}${more}`
  },
  invalidOptions: (reason: string): string => `OrgSync: ${reason} (nothing was sent)`,
  invalidSavedPlan: (reason: string): string => `the saved plan cannot be used: ${reason}; nothing was changed`,
  invalidRecord: (reason: string): string => `the record cannot be used: ${reason}; nothing was changed`,
  stalePlan: (drift: ReadonlyArray<Drift>): string =>
    `the plan is stale: the organisation changed since it was made (${
      driftCounts(drift)
    }); nothing was changed (plan again)`,
  protected: (count: number): string =>
    `guard "protected": the plan would touch ${count} protected user(s); nothing was changed`,
  caller: (change: "delete" | "demote"): string =>
    `guard "caller": the plan would ${
      change === "delete" ? "delete" : "remove the admin role from"
    } the user of this API key; nothing was changed`,
  minAdmins: (admins: number, minAdmins: number): string =>
    `guard "minAdmins": the plan would leave ${admins} admin(s), at least ${minAdmins} required; nothing was changed`,
  deleteShare: (deletes: number, users: number, maxDeleteShare: number): string =>
    `guard "deleteShare": the plan would delete ${deletes} of ${users} users, more than ${
      Math.round(maxDeleteShare * 100)
    }%; nothing was changed (raise maxDeleteShare to allow it)`
} as const

/**
 * The fields of the error for a guard's violation: what each edition's error class is made from.
 *
 * @internal
 */
export type GuardFields =
  | { readonly _tag: "ProtectedEmails"; readonly count: number }
  | { readonly _tag: "CallerChange"; readonly change: "delete" | "demote" }
  | { readonly _tag: "TooFewAdmins"; readonly admins: number; readonly minAdmins: number }
  | {
    readonly _tag: "DeleteShareExceeded"
    readonly deletes: number
    readonly users: number
    readonly maxDeleteShare: number
  }

/** @internal */
export const guardFields = (violation: Violation): GuardFields => {
  switch (violation.guard) {
    case "protected":
      return { _tag: "ProtectedEmails", count: violation.emails.length }
    case "caller":
      return { _tag: "CallerChange", change: violation.change }
    case "minAdmins":
      return { _tag: "TooFewAdmins", admins: violation.admins, minAdmins: violation.minAdmins }
    case "deleteShare":
      return {
        _tag: "DeleteShareExceeded",
        deletes: violation.deletes,
        users: violation.users,
        maxDeleteShare: violation.maxDeleteShare
      }
  }
}
