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
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Doc from "../core/sync/document.js"
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
export interface PlanFlags extends Connection {
  readonly file: string
  readonly json: boolean
  readonly exact: boolean
  readonly maxDeleteShare: number
  readonly minAdmins: number
  readonly protect: ReadonlyArray<string>
}

/** @internal */
export interface ApplyFlags extends PlanFlags {
  readonly yes: boolean
  readonly concurrency: number
  readonly maxFailures: number
  readonly createLimit: number
  readonly updateLimit: number
  readonly rateWindow: number
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

const toPlanOptions = (flags: PlanFlags): OrgSync.PlanOptions => ({
  mode: flags.exact ? "exact" : "additive",
  maxDeleteShare: flags.maxDeleteShare,
  minAdmins: flags.minAdmins,
  protectedEmails: flags.protect
})

/** @internal */
export const plan = (flags: PlanFlags) =>
  Effect.gen(function*() {
    const document = yield* readDocument(flags.file)
    const plan = yield* OrgSync.plan(document, toPlanOptions(flags)).pipe(Effect.provide(usersLayer(flags)))
    if (flags.json) yield* Console.log(JSON.stringify({ plan, summary: OrgSync.summary(plan) }, null, 2))
    else yield* Effect.flatMap(style, (s) => Effect.sync(() => process.stdout.write(Render.planTable(plan, s))))
    return OrgSync.isEmpty(plan) ? 0 : 2
  }).pipe(Effect.catchAll(report(flags.file)), Effect.flatMap(setExitCode))

const confirm = (count: number) =>
  Effect.gen(function*() {
    const terminal = yield* Terminal.Terminal
    yield* terminal.display(`\nApply these ${count} change(s) to the organisation? Only "yes" is accepted: `)
    const answer = yield* terminal.readLine
    return answer.trim().toLowerCase() === "yes"
  })

/** @internal */
export const apply = (flags: ApplyFlags) =>
  Effect.gen(function*() {
    const document = yield* readDocument(flags.file)
    const s = yield* style
    const layer = usersLayer(flags)
    const plan = yield* OrgSync.plan(document, toPlanOptions(flags)).pipe(Effect.provide(layer))
    if (!flags.json) yield* Effect.sync(() => process.stdout.write(Render.planTable(plan, s)))
    if (OrgSync.isEmpty(plan)) {
      if (flags.json) {
        yield* Console.log(JSON.stringify(Render.resultJson({ results: [], applied: 0, failed: 0, notAttempted: 0 })))
      }
      return 0
    }
    if (!flags.yes && !(yield* confirm(plan.changes.length))) {
      yield* Console.error("rockset-users: apply cancelled; nothing was changed")
      return 1
    }
    const bar = s.color
    const write = (text: string) => flags.json ? undefined : process.stdout.write(text)
    const result = yield* OrgSync.applyEvents(plan, {
      concurrency: flags.concurrency,
      maxFailures: flags.maxFailures,
      rateLimits: { create: flags.createLimit, update: flags.updateLimit, windowMillis: flags.rateWindow }
    }).pipe(
      Stream.runFold(
        { results: [], applied: 0, failed: 0, notAttempted: 0 } satisfies OrgSync.ApplyResult,
        (last: OrgSync.ApplyResult, event) => {
          switch (event._tag) {
            case "Started":
              write(
                `Applying ${event.total} change(s); the rate limits allow this in ~ ${
                  Render.duration(event.estimatedMillis)
                }\n`
              )
              break
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
      Effect.provide(layer)
    )
    if (flags.json) yield* Console.log(JSON.stringify(Render.resultJson(result), null, 2))
    else {
      yield* Console.log(
        `${
          bar ? "\n" : ""
        }Apply complete: ${result.applied} applied, ${result.failed} failed, ${result.notAttempted} not attempted.`
      )
    }
    return result.failed + result.notAttempted === 0 ? 0 : 1
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

const userLine = (
  user: {
    readonly email: string
    readonly roles?: ReadonlyArray<string> | null | undefined
    readonly state?: string | null | undefined
  }
) => `${user.email}  ${(user.roles ?? []).join(",") || "(no roles)"}  ${user.state ?? ""}`.trimEnd()

/** @internal */
export const list = (flags: ReadFlags) =>
  Effect.gen(function*() {
    const users = yield* Effect.flatMap(Users.Users, (service) => service.list()).pipe(
      Effect.provide(usersLayer(flags))
    )
    const sorted = [...users].sort((a, b) => a.email < b.email ? -1 : a.email > b.email ? 1 : 0)
    yield* Console.log(flags.json ? JSON.stringify(sorted, null, 2) : sorted.map(userLine).join("\n"))
    return 0
  }).pipe(Effect.catchAll(report(undefined)), Effect.flatMap(setExitCode))

/** @internal */
export const get = (flags: ReadFlags & { readonly email: string }) =>
  Effect.gen(function*() {
    const user = yield* Effect.flatMap(Users.Users, (service) => service.get(flags.email)).pipe(
      Effect.provide(usersLayer(flags))
    )
    yield* Console.log(flags.json ? JSON.stringify(user, null, 2) : userLine(user))
    return 0
  }).pipe(Effect.catchAll(report(undefined)), Effect.flatMap(setExitCode))

/** @internal */
export const whoami = (flags: ReadFlags) =>
  Effect.gen(function*() {
    const user = yield* Effect.flatMap(Users.Users, (service) => service.getCurrentUser()).pipe(
      Effect.provide(usersLayer(flags))
    )
    yield* Console.log(flags.json ? JSON.stringify(user, null, 2) : userLine(user))
    return 0
  }).pipe(Effect.catchAll(report(undefined)), Effect.flatMap(setExitCode))
