/**
 * What each subcommand of `rockset-users` does once its flags are parsed. Loaded by `main.ts` only when a
 * subcommand runs (a chunk of its own in the bundle): `--help` or a mistyped flag needs neither YAML, the
 * client nor the sync machinery. Each returns with `process.exitCode` set: 0 done (for `plan`: nothing to
 * do), 2 changes planned, 1 an error, printed as one readable message on stderr.
 *
 * @internal
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Terminal from "@effect/platform/Terminal"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Readline from "node:readline"
import * as Doc from "../core/sync/document.js"
import * as Saved from "../core/sync/saved.js"
import * as ApiKey from "../v3/ApiKey.js"
import * as OrgSync from "../v3/OrgSync.js"
import * as Users from "../v3/Users.js"
import * as Render from "./render.js"

/** @internal */
export interface Connection {
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly server: Option.Option<string>
}

/** @internal */
export interface GuardFlags extends Connection {
  readonly file: string
  readonly json: boolean
  readonly exact: boolean
  readonly maxDeleteShare: number
  readonly minAdmins: number
  readonly protect: ReadonlyArray<string>
}

/** @internal */
export interface PlanFlags extends GuardFlags {
  readonly out: Option.Option<string>
  readonly format: "table" | "markdown" | "json"
}

/** How `apply` and `revert` make the changes. @internal */
export interface PacingFlags extends Connection {
  readonly file: string
  readonly json: boolean
  readonly yes: boolean
  readonly concurrency: number
  readonly maxFailures: number
  readonly createLimit: number
  readonly updateLimit: number
  readonly rateWindow: number
  readonly record: Option.Option<string>
}

/** @internal */
export interface ApplyFlags extends GuardFlags, PacingFlags {}

/** @internal */
export interface RevertFlags extends PacingFlags {
  readonly maxDeleteShare: Option.Option<number>
  readonly minAdmins: Option.Option<number>
  readonly protect: ReadonlyArray<string>
}

/** @internal */
export interface ExportFlags extends Connection {
  readonly format: "yaml" | "json"
  readonly output: Option.Option<string>
}

/** @internal */
export interface ReadFlags extends Connection {
  readonly json: boolean
}

/** The `Users` service from the flags, or ROCKSET_APIKEY / ROCKSET_APISERVER as the library reads them. */
const usersLayer = (connection: Connection) =>
  Users.layer.pipe(
    Layer.provideMerge(ApiKey.layerConfig({
      ...Option.match(connection.apiKey, { onNone: () => ({}), onSome: (key) => ({ apiKey: Config.succeed(key) }) }),
      ...Option.match(connection.server, {
        onNone: () => ({}),
        onSome: (value) => ({ apiServer: Config.succeed(value) })
      })
    })),
    // node:http rather than fetch: fetch loads undici and compiles its WebAssembly HTTP parser, which Node 20
    // then optimises on a background thread that the process waits for before it exits (some 170 ms of
    // `plan` on one core); keep-alive as fetch has it, for apply's many calls
    Layer.provide(NodeHttpClient.layerWithoutAgent),
    Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: true }))
  )

const style = Effect.map(
  Effect.serviceOption(Terminal.Terminal),
  (terminal): Render.Style => ({
    color: Option.isSome(terminal) && process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined
  })
)

const fail = (lines: ReadonlyArray<string>) =>
  Effect.as(Console.error(lines.map((line) => `rockset-users: ${line}`).join("\n")), 1)

/** Every failure as a message a person can act on, and exit code 1. */
const report = (file: string | undefined) => (error: unknown): Effect.Effect<number> => {
  if (typeof error === "object" && error !== null && "_tag" in error) {
    if (error instanceof OrgSync.InvalidDocument) {
      return fail([
        `${file ?? "the document"} is not a valid desired-state document:`,
        ...error.problems.map((problem) =>
          `  ${file ?? ""}${
            problem.line === undefined ? "" : `:${problem.line}:${problem.column ?? 1}`
          } ${problem.path}: ${problem.message}`
        )
      ])
    }
    if (error instanceof OrgSync.InvalidSavedPlan) {
      return fail([`${file ?? "the plan"} cannot be applied: ${error.reason}; nothing was changed`])
    }
    if (error instanceof OrgSync.InvalidRecord) {
      return fail([`${file ?? "the record"} cannot be reverted: ${error.reason}; nothing was changed`])
    }
    if (error instanceof OrgSync.StalePlan) {
      return fail([
        `${file ?? "the plan"} is stale: the organisation changed since the plan was made; nothing was changed:`,
        ...error.drift.map((item) => `  ${Saved.describeDrift(item)}`),
        "Plan again (rockset-users plan FILE --out PLAN) and review the new plan."
      ])
    }
    if (error._tag === "SystemError" || error._tag === "BadArgument") {
      const reason = "reason" in error && typeof error.reason === "string" ? error.reason : "unreadable"
      return fail([`cannot read ${file ?? "the file"}: ${reason === "NotFound" ? "no such file" : reason}`])
    }
    if (error._tag === "QuitException") return fail(["cancelled"])
    if ("message" in error && typeof error.message === "string") {
      const hint = error.message.includes("ROCKSET_APIKEY") ? " or pass --api-key" : ""
      return fail([`${error.message}${hint}`])
    }
  }
  return fail([String(error)])
}

const setExitCode = (code: number): Effect.Effect<void> =>
  Effect.sync(() => {
    process.exitCode = code
  })

const readDocument = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.flatMap((text) => OrgSync.parse(text, Doc.formatOf(file)))
  )

const toPlanOptions = (flags: GuardFlags): OrgSync.PlanOptions => ({
  mode: flags.exact ? "exact" : "additive",
  maxDeleteShare: flags.maxDeleteShare,
  minAdmins: flags.minAdmins,
  protectedEmails: flags.protect
})

const readText = (file: string) => Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file))

const writeText = (file: string, text: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.writeFileString(file, text))

/** @internal */
export const plan = (flags: PlanFlags) =>
  Effect.gen(function*() {
    const document = yield* readDocument(flags.file)
    const saved = yield* OrgSync.savePlan(document, toPlanOptions(flags)).pipe(Effect.provide(usersLayer(flags)))
    const { plan } = saved
    const format = flags.json ? "json" : flags.format
    if (format === "json") yield* Console.log(JSON.stringify({ plan, summary: OrgSync.summary(plan) }, null, 2))
    else if (format === "markdown") yield* Effect.sync(() => process.stdout.write(OrgSync.toMarkdown(saved)))
    else yield* Effect.flatMap(style, (s) => Effect.sync(() => process.stdout.write(Render.planTable(plan, s))))
    if (Option.isSome(flags.out)) {
      const out = flags.out.value
      const written = yield* writeText(out, OrgSync.encodeSavedPlan(saved)).pipe(
        Effect.as(0),
        Effect.catchAll(report(out))
      )
      if (written !== 0) return written
      const note = `Saved the plan to ${out}; apply exactly these changes with: rockset-users apply ${out}`
      // stdout stays the plan itself when it is for a machine or a comment
      yield* format === "table" ? Console.log(`\n${note}`) : Console.error(note)
    }
    return OrgSync.isEmpty(plan) ? 0 : 2
  }).pipe(Effect.catchAll(report(flags.file)), Effect.flatMap(setExitCode))

/**
 * Asks a question and reads one line: on a terminal, readline draws what is typed (raw mode only while it reads,
 * left however the prompt ends); Ctrl-C and Ctrl-D (or the end of piped input) answer nothing.
 */
const ask = (question: string): Effect.Effect<string | undefined> =>
  Effect.async<string | undefined>((resume) => {
    const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true
    const readline = Readline.createInterface({ input: process.stdin, output: process.stdout, terminal })
    let settled = false
    // readline reads Ctrl-D as "delete" once something is typed: here it answers, as on an empty line
    const onKey = (_: unknown, key: { readonly ctrl?: boolean; readonly name?: string } | undefined) => {
      if (key?.ctrl === true && key.name === "d") settle(undefined, "^D\n")
    }
    const settle = (answer: string | undefined, echo: string) => {
      if (settled) return
      settled = true
      process.stdin.off("keypress", onKey)
      readline.close()
      process.stdout.write(echo)
      resume(Effect.succeed(answer))
    }
    // on a terminal Ctrl-C reaches readline as a key (raw mode), not as a signal
    readline.on("SIGINT", () => settle(undefined, "^C\n"))
    readline.on("close", () => settle(undefined, "\n"))
    if (terminal) process.stdin.on("keypress", onKey)
    readline.question(question, (answer) => settle(answer, terminal ? "" : "\n"))
    return Effect.sync(() => {
      settled = true
      process.stdin.off("keypress", onKey)
      readline.close()
    })
  })

const confirm = (count: number) =>
  Effect.map(
    ask(`\nApply these ${count} change(s) to the organisation? Only "yes" is accepted: `),
    (answer) => answer?.trim().toLowerCase() === "yes"
  )

/**
 * What each change's request came to, by email (one change per user in a plan), and the requests sent.
 *
 * @internal
 */
export interface Settling {
  readonly settled: Map<string, "applied" | "failed">
  readonly sent: Set<Fiber.RuntimeFiber<unknown, unknown>>
}

/**
 * The `Users` service whose changes, once sent, end whatever happens: each request runs in a fiber of its own,
 * which an interrupted run does not interrupt but waits for ({@link settleInFlight}), with its timeouts and
 * retries, noting what each came to: no change is left half-made or unaccounted for. Pacing waits stay
 * interruptible: no new change starts.
 *
 * The request's fiber is forked where the caller cannot be interrupted (so that it is always noted in `sent`),
 * and a fiber starts as its parent was: the request runs `interruptible` again, or its own time limits could not
 * cut a stalled attempt short.
 *
 * @internal
 */
export const usersSettling = (layer: Layer.Layer<Users.Users, unknown>, { sent, settled }: Settling) => {
  const settle = <A, E>(email: string, call: Effect.Effect<A, E>) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(
        Effect.forkDaemon(Effect.interruptible(Effect.onExit(call, (exit) =>
          Effect.sync(() => {
            settled.set(email.toLowerCase(), Exit.isSuccess(exit) ? "applied" : "failed")
          })))),
        (fiber) => {
          sent.add(fiber)
          return restore(Fiber.join(fiber))
        }
      )
    )
  return Layer.effect(
    Users.Users,
    Effect.map(Users.Users, (users) =>
      Users.Users.of({
        ...users,
        create: (input) => settle(input.email, users.create(input)),
        update: (user, input) => settle(user, users.update(user, input)),
        deleteUser: (user) => settle(user, users.deleteUser(user))
      }))
  ).pipe(Layer.provide(layer))
}

/** Waits for the requests in flight, before their client (and its connections) is closed. */
const settleInFlight = ({ sent }: Settling) => Effect.suspend(() => Fiber.awaitAll([...sent]))

/** What an interrupted run did and did not do, for people or (`--json`) machines. */
const interrupted = (plan: OrgSync.Plan, { settled }: Settling, json: boolean, bar: boolean): string => {
  const outcomes = plan.changes.map((change) => ({ change, outcome: settled.get(change.email) ?? "not-started" }))
  const count = (outcome: string) => outcomes.filter((item) => item.outcome === outcome).length
  if (json) {
    return JSON.stringify(
      {
        interrupted: true,
        applied: count("applied"),
        failed: count("failed"),
        notStarted: count("not-started"),
        results: outcomes.map(({ change, outcome }) => ({ kind: change.kind, email: change.email, outcome }))
      },
      null,
      2
    )
  }
  const notDone = outcomes.filter((item) => item.outcome !== "applied")
  return [
    `${bar ? "\n" : ""}Interrupted: no new change was started; those in flight were let finish.`,
    `${count("applied")} applied, ${count("failed")} failed, ${
      count("not-started")
    } not started (of ${outcomes.length}).`,
    ...(notDone.length === 0 ? [] : [
      "Not done:",
      ...notDone.map(({ change, outcome }) =>
        `  ${change.kind} ${change.email}${outcome === "failed" ? " (failed)" : ""}`
      )
    ]),
    "Run apply again to finish; plan shows what is left."
  ].join("\n")
}

/**
 * Shows a saved plan, asks, and makes its changes (`apply` and `revert`), writing the record when asked: before
 * the first change (so an unwritable path changes nothing), and again once the run ends, interrupted or not.
 */
const execute = (saved: OrgSync.SavedPlan, flags: PacingFlags, layer: Layer.Layer<Users.Users, unknown>) =>
  Effect.gen(function*() {
    const s = yield* style
    const { plan } = saved
    if (!flags.json) yield* Effect.sync(() => process.stdout.write(Render.planTable(plan, s)))
    if (OrgSync.isEmpty(plan)) {
      if (flags.json) {
        yield* Console.log(JSON.stringify(Render.resultJson({ results: [], applied: 0, failed: 0, notAttempted: 0 })))
      }
      if (Option.isSome(flags.record)) yield* writeRecord(flags.record.value, saved, [])
      return 0
    }
    if (!flags.yes && !(yield* confirm(plan.changes.length))) {
      yield* Console.error("rockset-users: apply cancelled; nothing was changed")
      return 1
    }
    if (Option.isSome(flags.record)) yield* writeRecord(flags.record.value, saved, [])
    const recordSettled = (settling: Settling) =>
      Option.isSome(flags.record)
        ? writeRecord(
          flags.record.value,
          saved,
          plan.changes.flatMap((change, index) => {
            const outcome = settling.settled.get(change.email)
            return outcome === undefined ? [] : [{ index, outcome }]
          })
        ).pipe(Effect.catchAll(() => Effect.void))
        : Effect.void
    const bar = s.color
    const write = (text: string) => flags.json ? undefined : process.stdout.write(text)
    const settling: Settling = { settled: new Map(), sent: new Set() }
    const result = yield* OrgSync.applyEvents(plan, {
      concurrency: flags.concurrency,
      maxFailures: flags.maxFailures,
      rateLimits: { create: flags.createLimit, update: flags.updateLimit, windowMillis: flags.rateWindow }
    }).pipe(
      Stream.runFold(
        { results: [], applied: 0, failed: 0, notAttempted: 0 } satisfies OrgSync.ApplyResult,
        (last: OrgSync.ApplyResult, event) => {
          switch (event._tag) {
            case "Started": {
              const progress = { done: 0, failed: 0, total: event.total, remainingMillis: event.estimatedMillis }
              write(
                `Applying ${event.total} change(s)${
                  event.estimatedMillis > 0
                    ? `; the rate limits allow this in ~ ${Render.duration(event.estimatedMillis)}`
                    : ""
                }\n`
              )
              write(bar ? `\r\u001b[2K${Render.progressBar(progress, s)}` : `${Render.progressBar(progress, s)}\n`)
              break
            }
            case "Result":
              if (!bar) write(`${Render.resultLine(event, s)}  ${Render.progressBar(event, s)}\n`)
              else {
                const line = event.result.outcome === "applied" ? "" : `\r\u001b[2K${Render.resultLine(event, s)}\n`
                write(`${line}\r\u001b[2K${Render.progressBar(event, s)}`)
              }
              break
            case "Stopped":
              write(
                `${bar ? "\n" : ""}stopped after ${event.failed} failure(s); ${event.notAttempted} not attempted\n`
              )
              break
            case "Finished":
              return event.result
          }
          return last
        }
      ),
      Effect.onInterrupt(() => settleInFlight(settling)),
      Effect.provide(usersSettling(layer, settling)),
      // Ctrl-C (SIGINT) interrupts the command: say what was done and what was not; run.ts exits 130
      Effect.onInterrupt(() =>
        Effect.zipRight(
          recordSettled(settling),
          Effect.sync(() => process.stdout.write(`${interrupted(plan, settling, flags.json, bar)}\n`))
        )
      )
    )
    if (Option.isSome(flags.record)) yield* writeRecord(flags.record.value, saved, result.results)
    if (flags.json) yield* Console.log(JSON.stringify(Render.resultJson(result), null, 2))
    else {
      yield* Console.log(
        `${
          bar ? "\n" : ""
        }Apply complete: ${result.applied} applied, ${result.failed} failed, ${result.notAttempted} not attempted.`
      )
    }
    return result.failed + result.notAttempted === 0 ? 0 : 1
  })

/** Writes the record of a run; `results` empty before its first change (when failing to changes nothing). */
const writeRecord = (
  file: string,
  saved: OrgSync.SavedPlan,
  results: ReadonlyArray<{ readonly index: number; readonly outcome: OrgSync.RecordOutcome }>
) =>
  OrgSync.record(saved, { results }).pipe(
    Effect.flatMap((record) => writeText(file, OrgSync.encodeRecord(record))),
    Effect.mapError((error) => ({
      _tag: "RecordNotWritten",
      message: `cannot write the record to ${file} (${error.message})${
        results.length === 0 ? "; nothing was changed" : "; the changes were made"
      }`
    }))
  )

/** @internal */
export const apply = (flags: ApplyFlags) =>
  Effect.gen(function*() {
    const layer = usersLayer(flags)
    const text = yield* readText(flags.file)
    if (Saved.looksLikeSavedPlan(text)) {
      // a saved plan: exactly its changes, once the organisation is found as it was planned against
      const saved = yield* OrgSync.decodeSavedPlan(text)
      yield* OrgSync.checkSaved(saved).pipe(Effect.provide(layer))
      return yield* execute(saved, flags, layer)
    }
    const document = yield* OrgSync.parse(text, Doc.formatOf(flags.file))
    const saved = yield* OrgSync.savePlan(document, toPlanOptions(flags)).pipe(Effect.provide(layer))
    return yield* execute(saved, flags, layer)
  }).pipe(Effect.catchAll(report(flags.file)), Effect.flatMap(setExitCode))

/** @internal */
export const revert = (flags: RevertFlags) =>
  Effect.gen(function*() {
    const layer = usersLayer(flags)
    const record = yield* readText(flags.file).pipe(Effect.flatMap(OrgSync.decodeRecord))
    const saved = yield* OrgSync.planRevert(record, {
      ...Option.match(flags.maxDeleteShare, { onNone: () => ({}), onSome: (maxDeleteShare) => ({ maxDeleteShare }) }),
      ...Option.match(flags.minAdmins, { onNone: () => ({}), onSome: (minAdmins) => ({ minAdmins }) }),
      protectedEmails: [...record.options.protectedEmails, ...flags.protect]
    }).pipe(Effect.provide(layer))
    return yield* execute(saved, flags, layer)
  }).pipe(Effect.catchAll(report(flags.file)), Effect.flatMap(setExitCode))

/** @internal */
export const exportDocument = (flags: ExportFlags) =>
  Effect.gen(function*() {
    const document = yield* OrgSync.exportDocument().pipe(Effect.provide(usersLayer(flags)))
    const text = OrgSync.print(document, flags.format)
    if (Option.isSome(flags.output)) {
      yield* Effect.flatMap(FileSystem.FileSystem, (fs) =>
        fs.writeFileString(flags.output.pipe(Option.getOrElse(() => "")), text))
    } else {yield* Effect.sync(() =>
        process.stdout.write(text)
      )}
    return 0
  }).pipe(Effect.catchAll(report(Option.getOrUndefined(flags.output))), Effect.flatMap(setExitCode))

/** @internal */
export const list = (flags: ReadFlags) =>
  Effect.gen(function*() {
    const users = yield* Effect.flatMap(Users.Users, (service) => service.list()).pipe(
      Effect.provide(usersLayer(flags))
    )
    const sorted = [...users].sort((a, b) => a.email < b.email ? -1 : a.email > b.email ? 1 : 0)
    yield* Console.log(flags.json ? JSON.stringify(sorted, null, 2) : Render.userTable(sorted))
    return 0
  }).pipe(Effect.catchAll(report(undefined)), Effect.flatMap(setExitCode))

/** @internal */
export const get = (flags: ReadFlags & { readonly email: string }) =>
  Effect.gen(function*() {
    const user = yield* Effect.flatMap(Users.Users, (service) => service.get(flags.email)).pipe(
      Effect.provide(usersLayer(flags))
    )
    yield* Console.log(flags.json ? JSON.stringify(user, null, 2) : Render.userTable([user]))
    return 0
  }).pipe(
    // the library's message keeps emails out; here the email is the one just typed
    Effect.catchTag("NotFound", () => fail([`no user ${flags.email} in this organisation`])),
    Effect.catchAll(report(undefined)),
    Effect.flatMap(setExitCode)
  )

/** @internal */
export const whoami = (flags: ReadFlags) =>
  Effect.gen(function*() {
    const user = yield* Effect.flatMap(Users.Users, (service) => service.getCurrentUser()).pipe(
      Effect.provide(usersLayer(flags))
    )
    yield* Console.log(flags.json ? JSON.stringify(user, null, 2) : Render.userTable([user]))
    return 0
  }).pipe(Effect.catchAll(report(undefined)), Effect.flatMap(setExitCode))
