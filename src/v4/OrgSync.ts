/**
 * Organisation membership as code: a desired-state document (the users with their roles and names),
 * {@link plan} to see what it would change, {@link apply} to make the changes, paced by Rockset's rate
 * limits, and {@link exportDocument} to write the organisation as it is.
 *
 * Planning is pure once the organisation is read (one `list`, one `getCurrentUser`): emails are compared
 * case-insensitively, roles as sets, a pending invite's names are skipped, and the guards (protected
 * emails, the caller, a minimum of admins, a maximum share of deletes) are checked before anything
 * changes. A second plan after a successful apply is empty; after a crash, planning again and applying
 * finishes the job.
 *
 * @since 0.2.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Apply from "../core/sync/apply.js"
import * as Doc from "../core/sync/document.js"
import * as Planner from "../core/sync/plan.js"
import * as Record from "../core/sync/record.js"
import * as Saved from "../core/sync/saved.js"
import * as Text from "../core/sync/text.js"
import type * as RocksetError from "./RocksetError.js"
import * as Users from "./Users.js"
import * as UsersSchema from "./UsersSchema.js"

const Name = Schema.String.check(Schema.makeFilter((name: string) => name.trim() !== "" || "must not be empty"))

/**
 * One user as the document wants them: an email, at least one role, and optionally names (managed only
 * when given, and only once the user has accepted the invite).
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const ada: typeof OrgSync.DesiredUser.Type = { email: "ada@example.com", roles: ["admin"], first_name: "Ada" }
 * ```
 *
 * @since 0.2.0
 * @category Schemas
 */
export const DesiredUser = Schema.Struct({
  email: UsersSchema.Email,
  roles: Schema.Array(UsersSchema.RoleName).check(Schema.isMinLength(1)),
  first_name: Schema.optional(Name),
  last_name: Schema.optional(Name)
}).annotate({ identifier: "DesiredUser" })

/**
 * The desired-state document: every user of the organisation it manages. In YAML:
 *
 * ```yaml
 * users:
 *   - email: ada@example.com
 *     roles: [admin]
 *     first_name: Ada
 *   - email: grace@example.com
 *     roles: [member, read-only]
 * ```
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const document = Schema.decodeUnknownSync(OrgSync.Document)({ users: [{ email: "ada@example.com", roles: ["admin"] }] })
 * ```
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Document = Schema.Struct({ users: Schema.Array(DesiredUser) }).annotate({ identifier: "Document" })

/**
 * A desired-state document, as {@link Document} decodes it.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const document: OrgSync.Document = { users: [{ email: "ada@example.com", roles: ["member"] }] }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface Document extends Schema.Schema.Type<typeof Document> {}

/**
 * A problem of a document, and where it is: `line` and `column` (from 1) when it came from text, and the
 * field as `users[2].roles`. The values themselves (emails) are never quoted.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const show = (problem: OrgSync.Problem) => `line ${problem.line}: ${problem.path}: ${problem.message}`
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface Problem extends Doc.Problem {}

/**
 * A change of a plan: a `create`, an `update` (of roles, names or both, in one request) or a `delete`.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const describe = (change: OrgSync.Change) => `${change.kind} ${change.email}`
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export type Change = Planner.Change

/**
 * A plan: the changes in the order they are applied (creates, promotions to admin, other updates, deletes
 * last), the listed users already as wanted, the unlisted users left alone (additive mode), and the
 * changes skipped with their reason (names of a user whose invite is pending).
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const deletes = (plan: OrgSync.Plan) => plan.changes.filter((change) => change.kind === "delete").length
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface Plan extends Planner.Plan {}

/**
 * How to plan. `mode` is `"additive"` (the default: never deletes) or `"exact"` (deletes the users the
 * document does not list); `maxDeleteShare` (0.25), `minAdmins` (1) and `protectedEmails` set the guards.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const options: OrgSync.PlanOptions = { mode: "exact", maxDeleteShare: 0.1, protectedEmails: ["root@example.com"] }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface PlanOptions extends Planner.Options {}

/**
 * The document is not valid: each problem names its line (for text), column and field. Nothing was sent.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const lines = OrgSync.parse("users: 3", "yaml").pipe(
 *   Effect.catchTag("InvalidDocument", (error) => Effect.succeed(error.problems.map((problem) => problem.line)))
 * )
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidDocument extends Schema.TaggedError<InvalidDocument>("effect-rockset/OrgSync/InvalidDocument")(
  "InvalidDocument",
  {
    problems: Schema.Array(Schema.Struct({
      line: Schema.optional(Schema.Number),
      column: Schema.optional(Schema.Number),
      path: Schema.String,
      message: Schema.String
    }))
  }
) {
  override get message(): string {
    return Apply.messages.invalidDocument(this.problems)
  }
}

/**
 * An option of {@link plan} or {@link apply} is out of range. Nothing was sent.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const refused = OrgSync.plan({ users: [] }, { maxDeleteShare: 2 }).pipe(Effect.flip)
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidOptions extends Schema.TaggedError<InvalidOptions>("effect-rockset/OrgSync/InvalidOptions")(
  "InvalidOptions",
  { reason: Schema.String }
) {
  override get message(): string {
    return Apply.messages.invalidOptions(this.reason)
  }
}

/**
 * Guard `protected`: the plan would create, change or delete a protected email. `count` says how many
 * changes would; the emails are the ones you protected.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const error = new OrgSync.ProtectedEmails({ count: 1 })
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class ProtectedEmails extends Schema.TaggedError<ProtectedEmails>("effect-rockset/OrgSync/ProtectedEmails")(
  "ProtectedEmails",
  { count: Schema.Number }
) {
  /**
   * The guard's name.
   *
   * @since 0.2.0
   */
  readonly guard = "protected"
  override get message(): string {
    return Apply.messages.protected(this.count)
  }
}

/**
 * Guard `caller`: the plan would delete the user whose API key runs it, or take the admin role away from
 * them.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const error = new OrgSync.CallerChange({ change: "demote" })
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class CallerChange extends Schema.TaggedError<CallerChange>("effect-rockset/OrgSync/CallerChange")(
  "CallerChange",
  { change: Schema.Literals(["delete", "demote"]) }
) {
  /**
   * The guard's name.
   *
   * @since 0.2.0
   */
  readonly guard = "caller"
  override get message(): string {
    return Apply.messages.caller(this.change)
  }
}

/**
 * Guard `minAdmins`: after the plan, fewer admins (with an accepted invite) would be left than required.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const error = new OrgSync.TooFewAdmins({ admins: 0, minAdmins: 1 })
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class TooFewAdmins extends Schema.TaggedError<TooFewAdmins>("effect-rockset/OrgSync/TooFewAdmins")(
  "TooFewAdmins",
  { admins: Schema.Number, minAdmins: Schema.Number }
) {
  /**
   * The guard's name.
   *
   * @since 0.2.0
   */
  readonly guard = "minAdmins"
  override get message(): string {
    return Apply.messages.minAdmins(this.admins, this.minAdmins)
  }
}

/**
 * Guard `deleteShare`: the plan would delete a larger share of the organisation than allowed.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const error = new OrgSync.DeleteShareExceeded({ deletes: 5, users: 10, maxDeleteShare: 0.25 })
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class DeleteShareExceeded
  extends Schema.TaggedError<DeleteShareExceeded>("effect-rockset/OrgSync/DeleteShareExceeded")(
    "DeleteShareExceeded",
    { deletes: Schema.Number, users: Schema.Number, maxDeleteShare: Schema.Number }
  )
{
  /**
   * The guard's name.
   *
   * @since 0.2.0
   */
  readonly guard = "deleteShare"
  override get message(): string {
    return Apply.messages.deleteShare(this.deletes, this.users, this.maxDeleteShare)
  }
}

/**
 * A guard the plan breaches; each names its guard in `guard` and in its message.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const guardOf = (error: OrgSync.GuardError) => error.guard
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export type GuardError = ProtectedEmails | CallerChange | TooFewAdmins | DeleteShareExceeded

const guardErrors = { ProtectedEmails, CallerChange, TooFewAdmins, DeleteShareExceeded }

const guardError = (violation: Planner.Violation): GuardError => {
  const fields = Apply.guardFields(violation)
  return new (guardErrors[fields._tag] as new(fields: Apply.GuardFields) => GuardError)(fields)
}

const fromParsed = (parsed: Doc.Parsed): Effect.Effect<Document, InvalidDocument> =>
  parsed.ok ? Effect.succeed(parsed.document) : Effect.fail(new InvalidDocument({ problems: parsed.problems }))

/**
 * Reads a document from YAML or JSON text; a problem names its line, column and field.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const document = OrgSync.parse("users:\n  - email: ada@example.com\n    roles: [admin]\n", "yaml")
 * ```
 *
 * @since 0.2.0
 * @category Documents
 */
export const parse = (text: string, format: "yaml" | "json"): Effect.Effect<Document, InvalidDocument> =>
  fromParsed(Doc.parse(text, format))

/**
 * Writes a document as YAML or JSON, users sorted by email.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const yaml = OrgSync.print({ users: [{ email: "ada@example.com", roles: ["admin"] }] }, "yaml")
 * ```
 *
 * @since 0.2.0
 * @category Documents
 */
export const print = (document: Document, format: "yaml" | "json"): string => Doc.print(document, format)

const checkOptions = (options: PlanOptions): Effect.Effect<void, InvalidOptions> => {
  const reason = Planner.optionsProblem(options)
  return reason === undefined ? Effect.void : Effect.fail(new InvalidOptions({ reason }))
}

/**
 * Plans the changes that make the organisation match `desired`: one `list` and one `getCurrentUser`, then
 * a pure diff. Fails with {@link InvalidDocument} or {@link InvalidOptions} before any request, and with a
 * {@link GuardError} when the plan breaches a guard.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const program = Effect.gen(function*() {
 *   const plan = yield* OrgSync.plan({ users: [{ email: "ada@example.com", roles: ["admin"] }] })
 *   return plan.changes.length
 * })
 * ```
 *
 * @since 0.2.0
 * @category Planning
 */
export const plan = (
  desired: typeof Document.Encoded,
  options: PlanOptions = {}
): Effect.Effect<Plan, InvalidDocument | InvalidOptions | GuardError | RocksetError.CallError, Users.Users> =>
  Effect.map(planned(desired, options), ({ plan }) => plan).pipe(Effect.withSpan("OrgSync.plan"))

/** The organisation as listed and the caller's email: what every plan is made against. */
const organisation = Effect.flatMap(
  Users.Users,
  (users) => Effect.all([users.list(), Effect.map(users.getCurrentUser(), (me) => me.email)], { concurrency: 2 })
)

const checkGuards = (violations: ReadonlyArray<Planner.Violation>): Effect.Effect<void, GuardError> => {
  const [first] = violations
  return first === undefined ? Effect.void : Effect.fail(guardError(first))
}

const planned = (desired: typeof Document.Encoded, options: PlanOptions) =>
  Effect.gen(function*() {
    const document = yield* fromParsed(Doc.validate(desired))
    yield* checkOptions(options)
    const [current, caller] = yield* organisation
    const planned = Planner.plan(current, caller, document, options)
    if (!planned.ok) yield* checkGuards(planned.violations)
    return { current, plan: planned.plan }
  })

/**
 * Whether a plan has nothing to do. Skipped changes (a pending invite's names) do not count.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const exitCode = (plan: OrgSync.Plan) => OrgSync.isEmpty(plan) ? 0 : 2
 * ```
 *
 * @since 0.2.0
 * @category Planning
 */
export const isEmpty = (plan: Plan): boolean => Planner.isEmpty(plan)

/**
 * Counts of a plan by kind: creates, role changes, name changes, deletes, unchanged, unlisted and skipped.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const line = (plan: OrgSync.Plan) => {
 *   const { creates, roleChanges, deletes } = OrgSync.summary(plan)
 *   return `${creates} to create, ${roleChanges} role changes, ${deletes} to delete`
 * }
 * ```
 *
 * @since 0.2.0
 * @category Planning
 */
export const summary = (plan: Plan): Summary => Planner.summary(plan)

/**
 * The counts of a plan, from {@link summary}.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const changes = (counts: OrgSync.Summary) => counts.creates + counts.roleChanges + counts.deletes
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface Summary extends Planner.Summary {}

/**
 * How to apply a plan.
 *
 * - `rateLimits`: requests per window the server allows, by kind: `create` (creates), `update` (role and
 *   name changes, deletes). Rockset's documented 10 and 50 a minute by default; `false` for no pacing.
 *   Sends are paced so that no window of `windowMillis` ever holds more than the limit (a sliding window,
 *   as the server counts), with `marginMillis` (1% of the window plus 20 ms by default) added to each window
 *   for the spread of latencies.
 * - `concurrency`: requests in flight per kind, 4 by default.
 * - `maxFailures`: after this many failed changes, the rest are not attempted; 10 by default.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const options: OrgSync.ApplyOptions = { concurrency: 2, maxFailures: 1 }
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface ApplyOptions extends Apply.Options {}

/**
 * What became of one change: `applied`, `failed` (with the error, after the policy in force gave up) or
 * `not-attempted` (the run stopped after too many failures).
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const failedEmails = (results: ReadonlyArray<OrgSync.ChangeResult>) =>
 *   results.filter((result) => result.outcome === "failed").map((result) => result.change.email)
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export type ChangeResult = Apply.ChangeResult<RocksetError.RocksetError>

/**
 * A progress event of {@link applyEvents}: `Started` (with the least time the rate limits allow for the
 * whole plan), a `Result` for each change (with counts and the time left), `Stopped` when the run gave up
 * after `maxFailures`, and `Finished` with the {@link ApplyResult} last.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const render = (event: OrgSync.Event) =>
 *   event._tag === "Result" ? `${event.done}/${event.total}, ${Math.ceil(event.remainingMillis / 1000)} s left` : event._tag
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export type Event = Apply.Event<RocksetError.RocksetError>

/**
 * The outcome of {@link apply}: one result per change, in the plan's order.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const ok = (result: OrgSync.ApplyResult) => result.failed === 0 && result.notAttempted === 0
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface ApplyResult extends Apply.ApplyResult<RocksetError.RocksetError> {}

const perform = (users: Users.Service, change: Change): Effect.Effect<unknown, RocksetError.RocksetError> => {
  const { args, operation } = Apply.requestOf(change)
  return (users[operation] as (...args: Apply.Request["args"]) => Effect.Effect<unknown, RocksetError.RocksetError>)(
    ...args
  )
}

/**
 * Applies a plan and reports its progress as a stream: the changes are made through the `Users` service
 * under the policy in force, creates and updates each in their own lane, paced so that no window of the
 * server's length holds more than its limit, at most `concurrency` in flight per lane. Interrupting the
 * stream stops the run; planning again then shows what is left.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const program = Effect.gen(function*() {
 *   const plan = yield* OrgSync.plan({ users: [{ email: "ada@example.com", roles: ["admin"] }] })
 *   yield* OrgSync.applyEvents(plan).pipe(
 *     Stream.runForEach((event) => Effect.log(event._tag))
 *   )
 * })
 * ```
 *
 * @since 0.2.0
 * @category Applying
 */
export const applyEvents = (
  plan: Plan,
  options: ApplyOptions = {}
): Stream.Stream<Event, InvalidOptions, Users.Users> =>
  Stream.unwrap(Effect.gen(function*() {
    const problem = Apply.optionsProblem(options)
    if (problem !== undefined) return yield* new InvalidOptions({ reason: problem })
    const users = yield* Users.Users
    const run = Apply.makeRun<RocksetError.RocksetError>(plan, options)
    const failures = yield* Ref.make(0)

    const attempt = ({ change, index }: { readonly change: Change; readonly index: number }) =>
      Effect.gen(function*() {
        const window = run.window(Apply.laneOf(change))
        const stopped = Effect.map(Ref.get(failures), (failed) => failed >= run.maxFailures)
        if (yield* stopped) return { index, change, outcome: "not-attempted" } as const
        let slot: number | undefined
        if (window !== undefined) {
          while (slot === undefined) {
            const booked = Apply.book(window, yield* Clock.currentTimeMillis)
            if ("slot" in booked) slot = booked.slot
            else yield* Effect.sleep(booked.wait)
          }
          if (yield* stopped) return { index, change, outcome: "not-attempted" } as const
        }
        const outcome = yield* Effect.match(perform(users, change), {
          onFailure: (error) => ({ index, change, outcome: "failed", error }) as const,
          onSuccess: () => ({ index, change, outcome: "applied" }) as const
        })
        if (window !== undefined && slot !== undefined) window.settle(slot, yield* Clock.currentTimeMillis)
        if (outcome.outcome === "failed") yield* Ref.update(failures, (failed) => failed + 1)
        return outcome
      })

    const laneStream = (lane: Apply.Lane) =>
      Stream.fromIterable(run.changesOf(lane)).pipe(
        Stream.mapEffect(attempt, { concurrency: run.concurrency, unordered: true })
      )
    const results = Stream.merge(laneStream("create"), laneStream("update")).pipe(
      Stream.mapEffect((result: ChangeResult) => Effect.map(Clock.currentTimeMillis, (now) => run.record(result, now)))
    )
    const started = Stream.fromEffect(Effect.map(Clock.currentTimeMillis, run.started))
    return Stream.concat(started, Stream.concat(results, Stream.suspend(() => Stream.fromIterable(run.ending()))))
  })).pipe(Stream.withSpan("OrgSync.apply"))

/**
 * Applies a plan (see {@link applyEvents}) and returns one result per change, in the plan's order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const sync = (document: OrgSync.Document) =>
 *   Effect.gen(function*() {
 *     const plan = yield* OrgSync.plan(document)
 *     const result = yield* OrgSync.apply(plan, { maxFailures: 3 })
 *     return result.applied
 *   })
 * ```
 *
 * @since 0.2.0
 * @category Applying
 */
export const apply = (
  plan: Plan,
  options: ApplyOptions = {}
): Effect.Effect<ApplyResult, InvalidOptions, Users.Users> =>
  Stream.runFold(applyEvents(plan, options), (): ApplyResult => Apply.nothingApplied, Apply.finalResult)

/**
 * The organisation as a desired-state document: every user with their roles and the names they show.
 * Planning this document against the same organisation is empty.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const yaml = OrgSync.exportDocument().pipe(Effect.map((document) => OrgSync.print(document, "yaml")))
 * ```
 *
 * @since 0.2.0
 * @category Documents
 */
export const exportDocument = (): Effect.Effect<Document, RocksetError.CallError, Users.Users> =>
  Effect.gen(function*() {
    const users = yield* Users.Users
    return Apply.exportOf(yield* users.list())
  }).pipe(
    Effect.withSpan("OrgSync.export")
  )

export {
  /**
   * {@link exportDocument} under the name the command uses: `OrgSync.export()`.
   *
   * @example
   * ```ts
   * import { OrgSync } from "effect-rockset/v4"
   *
   * const document = OrgSync.export()
   * ```
   *
   * @since 0.2.0
   * @category Documents
   */
  exportDocument as export
}

// ---------------------------------------------------------------------------------------------------------------
// reviewed changes: saved plans, the record of an apply, revert
// ---------------------------------------------------------------------------------------------------------------

const Email = Schema.String
const Roles = Schema.Array(Schema.String)
const Mode = Schema.Literals(["additive", "exact"])
const Names = Schema.Struct({ first_name: Schema.optional(Schema.String), last_name: Schema.optional(Schema.String) })

const ChangeSchema = Schema.Union([
  Schema.Struct({
    kind: Schema.Literal("create"),
    email: Email,
    roles: Roles,
    first_name: Schema.optional(Schema.String),
    last_name: Schema.optional(Schema.String),
    reinvite: Schema.optional(Schema.Boolean)
  }),
  Schema.Struct({
    kind: Schema.Literal("update"),
    email: Email,
    roles: Schema.optional(Schema.Struct({ from: Roles, to: Roles })),
    names: Schema.optional(Schema.Struct({ from: Names, to: Names }))
  }),
  Schema.Struct({ kind: Schema.Literal("delete"), email: Email, roles: Roles })
])

const PlanSchema = Schema.Struct({
  mode: Mode,
  caller: Email,
  changes: Schema.Array(ChangeSchema),
  unchanged: Schema.Array(Email),
  unlisted: Schema.Array(Email),
  skipped: Schema.Array(Schema.Union([
    Schema.Struct({ email: Email, field: Schema.Literal("names"), reason: Schema.Literal("invite-pending") }),
    Schema.Struct({
      email: Email,
      field: Schema.Literal("user"),
      reason: Schema.Literals(["deleted-since", "no-roles"])
    })
  ]))
})

const Snapshot = Schema.Struct({
  email: Email,
  roles: Schema.NullOr(Roles),
  first_name: Schema.NullOr(Schema.String),
  last_name: Schema.NullOr(Schema.String),
  state: Schema.NullOr(Schema.String),
  invite_state: Schema.NullOr(Schema.String)
})

const Guards = Schema.Struct({
  mode: Mode,
  maxDeleteShare: Schema.Number,
  minAdmins: Schema.Number,
  protectedEmails: Schema.Array(Email)
})

/**
 * A saved plan, the file `rockset-users plan --out` writes: the plan, the mode and guards it was made under, a
 * fingerprint of the organisation's users as listed, each touched user as it was, each listed user's digest (to
 * name one who changed, without keeping their names), and a checksum of it all.
 * {@link applySaved} applies exactly that plan, and refuses it when the organisation has moved since.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const touched = (saved: OrgSync.SavedPlan) => saved.before.map((user) => user.email)
 * ```
 *
 * @since 0.2.0
 * @category Schemas
 */
export const SavedPlan = Schema.Struct({
  format: Schema.Literal(Saved.planFormat),
  purpose: Schema.Literals(["sync", "revert"]),
  options: Guards,
  organisation: Schema.Struct({
    fingerprint: Schema.String,
    users: Schema.Number,
    digests: Schema.Record(Schema.String, Schema.String)
  }),
  before: Schema.Array(Snapshot),
  plan: PlanSchema,
  checksum: Schema.String
}).annotate({ identifier: "SavedPlan" })

/**
 * A saved plan, as {@link savePlan} makes it and {@link decodeSavedPlan} reads it.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const changes = (saved: OrgSync.SavedPlan) => saved.plan.changes.length
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface SavedPlan extends Saved.SavedPlan {}

/**
 * The record of an apply, the file `rockset-users apply --record` writes: each change with what became of it
 * (`applied`, `failed`, `not-attempted`, `not-started`) and the user before and after (`null` when absent),
 * with the guards the apply ran under, and a checksum of it all. {@link planRevert} plans its inverse.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const made = (record: OrgSync.ChangeRecord) => record.changes.filter((entry) => entry.outcome === "applied")
 * ```
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ChangeRecord = Schema.Struct({
  format: Schema.Literal(Saved.recordFormat),
  options: Guards,
  caller: Email,
  changes: Schema.Array(Schema.Struct({
    kind: Schema.Literals(["create", "update", "delete"]),
    email: Email,
    outcome: Schema.Literals(["applied", "failed", "not-attempted", "not-started"]),
    before: Schema.NullOr(Snapshot),
    after: Schema.NullOr(Snapshot)
  })),
  checksum: Schema.String
}).annotate({ identifier: "ChangeRecord" })

/**
 * The record of an apply, as {@link record} makes it and {@link decodeRecord} reads it.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const deleted = (record: OrgSync.ChangeRecord) => record.changes.filter((entry) => entry.after === null).length
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export interface ChangeRecord extends Record.ChangeRecord {}

/**
 * What moved in the organisation since a saved plan was made: a user added or deleted, a touched user's roles,
 * names or invite (from and to), another API key's user, or (`changed`) a user the plan leaves alone whose
 * roles, names or invite changed.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const kinds = (error: OrgSync.StalePlan) => error.drift.map((item) => item.kind)
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export type Drift = Saved.Drift

/**
 * A saved plan or record that cannot be used: not JSON, another format, a checksum that does not match (a plan
 * edited by hand), or not the shape this version writes. Nothing was sent.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const reason = OrgSync.decodeSavedPlan("{}").pipe(Effect.flip, Effect.map((error) => error.reason))
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidSavedPlan extends Schema.TaggedError<InvalidSavedPlan>("effect-rockset/OrgSync/InvalidSavedPlan")(
  "InvalidSavedPlan",
  { reason: Schema.String }
) {
  override get message(): string {
    return Apply.messages.invalidSavedPlan(this.reason)
  }
}

/**
 * A record that cannot be used: not JSON, another format, a checksum that does not match (a record edited by
 * hand), or not the shape this version writes. Nothing was sent.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const reason = OrgSync.decodeRecord("[]").pipe(Effect.flip, Effect.map((error) => error.reason))
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidRecord extends Schema.TaggedError<InvalidRecord>("effect-rockset/OrgSync/InvalidRecord")(
  "InvalidRecord",
  { reason: Schema.String }
) {
  override get message(): string {
    return Apply.messages.invalidRecord(this.reason)
  }
}

/**
 * The organisation moved since the saved plan was made: `drift` says what changed (with the emails, which
 * the message leaves out). Nothing was changed; plan again.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const error = new OrgSync.StalePlan({ drift: [{ kind: "changed", email: "ada@example.com" }] })
 * ```
 *
 * @since 0.2.0
 * @category Errors
 */
export class StalePlan extends Schema.TaggedError<StalePlan>("effect-rockset/OrgSync/StalePlan")(
  "StalePlan",
  {
    drift: Schema.Array(Schema.Union([
      Schema.Struct({ kind: Schema.Literal("caller"), planned: Email, now: Email }),
      Schema.Struct({ kind: Schema.Literal("added"), email: Email, planned: Schema.Literals(["create", "unknown"]) }),
      Schema.Struct({ kind: Schema.Literal("removed"), email: Email }),
      Schema.Struct({
        kind: Schema.Literal("roles"),
        email: Email,
        from: Schema.NullOr(Roles),
        to: Schema.NullOr(Roles)
      }),
      Schema.Struct({ kind: Schema.Literal("names"), email: Email, from: Names, to: Names }),
      Schema.Struct({
        kind: Schema.Literal("invite"),
        email: Email,
        from: Schema.NullOr(Schema.String),
        to: Schema.NullOr(Schema.String)
      }),
      Schema.Struct({ kind: Schema.Literal("changed"), email: Email })
    ]))
  }
) {
  override get message(): string {
    return Apply.messages.stalePlan(this.drift)
  }
}

/**
 * Plans as {@link plan} does and saves the plan with what it was made against (see {@link SavedPlan}), for a
 * review now and {@link applySaved} later.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const text = OrgSync.savePlan({ users: [{ email: "ada@example.com", roles: ["admin"] }] }).pipe(
 *   Effect.map(OrgSync.encodeSavedPlan)
 * )
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const savePlan = (
  desired: typeof Document.Encoded,
  options: PlanOptions = {}
): Effect.Effect<SavedPlan, InvalidDocument | InvalidOptions | GuardError | RocksetError.CallError, Users.Users> =>
  Effect.flatMap(
    planned(desired, options),
    ({ current, plan }) => Effect.promise(() => Saved.save(current, plan, options))
  ).pipe(Effect.withSpan("OrgSync.savePlan"))

/**
 * A saved plan as the text of its file (indented JSON).
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const write = (saved: OrgSync.SavedPlan) => OrgSync.encodeSavedPlan(saved)
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const encodeSavedPlan = (saved: SavedPlan): string => Saved.encode(saved)

/**
 * Reads a saved plan from the text of its file: JSON of the plan's format, whose checksum matches its content
 * (a plan edited by hand is refused) and whose shape {@link SavedPlan} accepts.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const read = (text: string) => OrgSync.decodeSavedPlan(text)
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const decodeSavedPlan = (text: string): Effect.Effect<SavedPlan, InvalidSavedPlan> =>
  Effect.flatMap(Effect.promise(() => Saved.readSavedPlan(text)), (read) =>
    read.ok
      ? Effect.mapError(Schema.decodeUnknownEffect(SavedPlan)(read.value), () =>
        new InvalidSavedPlan({ reason: Saved.unexpectedShape("saved plan") }))
      : Effect.fail(new InvalidSavedPlan({ reason: read.reason })))

/**
 * Checks a saved plan against the organisation as it now is (one `list`, one `getCurrentUser`): its checksum,
 * that nothing moved since it was made ({@link StalePlan} names what did), and its guards. Changes nothing.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const fresh = (saved: OrgSync.SavedPlan) =>
 *   OrgSync.checkSaved(saved).pipe(Effect.as(true), Effect.catchTag("StalePlan", () => Effect.succeed(false)))
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const checkSaved = (
  saved: SavedPlan
): Effect.Effect<void, InvalidSavedPlan | StalePlan | GuardError | RocksetError.CallError, Users.Users> =>
  Effect.gen(function*() {
    const problem = yield* Effect.promise(() => Saved.checksumProblem(saved))
    if (problem !== undefined) return yield* new InvalidSavedPlan({ reason: problem })
    const [current, caller] = yield* organisation
    const drift = yield* Effect.promise(() => Saved.drift(saved, current, caller))
    if (drift.length > 0) return yield* new StalePlan({ drift })
    yield* checkGuards(Planner.check(current, saved.plan, saved.options))
  }).pipe(Effect.withSpan("OrgSync.checkSaved"))

/**
 * Applies exactly a saved plan, as {@link applyEvents} does, once {@link checkSaved} finds the organisation as
 * the plan was made against; a stale plan fails with {@link StalePlan} and changes nothing.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const run = (saved: OrgSync.SavedPlan) =>
 *   OrgSync.applySavedEvents(saved).pipe(Stream.runForEach((event) => Effect.log(event._tag)))
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const applySavedEvents = (
  saved: SavedPlan,
  options: ApplyOptions = {}
): Stream.Stream<
  Event,
  InvalidOptions | InvalidSavedPlan | StalePlan | GuardError | RocksetError.CallError,
  Users.Users
> => {
  const problem = Apply.optionsProblem(options)
  return problem !== undefined
    ? Stream.fail(new InvalidOptions({ reason: problem }))
    : Stream.unwrap(Effect.as(checkSaved(saved), applyEvents(saved.plan, options)))
}

/**
 * Applies exactly a saved plan (see {@link applySavedEvents}) and returns one result per change.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const apply = (text: string) =>
 *   Effect.flatMap(OrgSync.decodeSavedPlan(text), (saved) => OrgSync.applySaved(saved, { maxFailures: 1 }))
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const applySaved = (
  saved: SavedPlan,
  options: ApplyOptions = {}
): Effect.Effect<
  ApplyResult,
  InvalidOptions | InvalidSavedPlan | StalePlan | GuardError | RocksetError.CallError,
  Users.Users
> => Stream.runFold(applySavedEvents(saved, options), (): ApplyResult => Apply.nothingApplied, Apply.finalResult)

/**
 * The record of an apply of a saved plan: each change with what became of it, and the user before and after,
 * with a checksum of it all (so that {@link decodeRecord} refuses a record edited by hand); `result` is the
 * apply's (or, for a run cut short, the results it has).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const recorded = (saved: OrgSync.SavedPlan) =>
 *   OrgSync.applySaved(saved).pipe(
 *     Effect.flatMap((result) => OrgSync.record(saved, result)),
 *     Effect.map(OrgSync.encodeRecord)
 *   )
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const record = (
  saved: SavedPlan,
  result: { readonly results: ReadonlyArray<{ readonly index: number; readonly outcome: RecordOutcome }> }
): Effect.Effect<ChangeRecord> => Effect.promise(() => Record.recordOf(saved, result.results))

/**
 * What became of a change in a record: `applied`, `failed` (perhaps made: the answer was an error),
 * `not-attempted` (the run gave up after `maxFailures`) or `not-started` (the run was interrupted first).
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const made = (outcome: OrgSync.RecordOutcome) => outcome === "applied"
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export type RecordOutcome = Record.Entry["outcome"]

/**
 * A record as the text of its file (indented JSON).
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const write = (record: OrgSync.ChangeRecord) => OrgSync.encodeRecord(record)
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const encodeRecord = (record: ChangeRecord): string => Saved.encode(record)

/**
 * Reads a record from the text of its file: JSON of the record's format, whose checksum matches its content
 * (a record edited by hand is refused), in the shape this version writes.
 *
 * @example
 * ```ts
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const read = (text: string) => OrgSync.decodeRecord(text)
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const decodeRecord = (text: string): Effect.Effect<ChangeRecord, InvalidRecord> =>
  Effect.flatMap(Effect.promise(() => Saved.readRecord(text)), (read) =>
    read.ok
      ? Effect.mapError(
        Schema.decodeUnknownEffect(ChangeRecord)(read.value),
        () => new InvalidRecord({ reason: Saved.unexpectedShape("record of an apply") })
      )
      : Effect.fail(new InvalidRecord({ reason: read.reason })))

/**
 * Plans the inverse of a record against the organisation as it now is, and saves it: the users the apply
 * created are deleted, the roles and names it changed restored, the users it deleted invited again with their
 * roles (they come back as pending invites; the change says so with `reinvite`). Under the record's guards,
 * or those of `options`. Apply it with {@link applySaved}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const undo = (record: OrgSync.ChangeRecord) => Effect.flatMap(OrgSync.planRevert(record), OrgSync.applySaved)
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const planRevert = (
  record: ChangeRecord,
  options: PlanOptions = {}
): Effect.Effect<SavedPlan, InvalidOptions | GuardError | RocksetError.CallError, Users.Users> =>
  Effect.gen(function*() {
    const guards: PlanOptions = { ...record.options, ...options }
    yield* checkOptions(guards)
    const [current, caller] = yield* organisation
    const inverse = Record.inverse(record, current, caller)
    yield* checkGuards(Planner.check(current, inverse, guards))
    return yield* Effect.promise(() => Saved.save(current, inverse, guards, "revert"))
  }).pipe(Effect.withSpan("OrgSync.planRevert"))

/**
 * A saved plan as Markdown for a pull-request comment: a summary line, a table of the changes, the guards.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrgSync } from "effect-rockset/v4"
 *
 * const comment = OrgSync.savePlan({ users: [{ email: "ada@example.com", roles: ["admin"] }] }).pipe(
 *   Effect.map(OrgSync.toMarkdown)
 * )
 * ```
 *
 * @since 0.2.0
 * @category Reviewed changes
 */
export const toMarkdown = (saved: SavedPlan): string => Text.markdown(saved)
