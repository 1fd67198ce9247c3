/**
 * The `rockset-users` command: organisation sync (`plan`, `apply`, `export`) and a few reads (`list`, `get`,
 * `whoami`), built with `@effect/cli`. Here are its subcommands, flags and help; what each subcommand does,
 * and its exit codes (0 done, for `plan` nothing to do; 2 changes planned, as `terraform plan
 * -detailed-exitcode`; 1 an error, printed as one readable message on stderr), are in `actions.ts`.
 *
 * @internal
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import { version } from "../core/version.js"
import { defaults } from "./help.js"

/**
 * What the subcommands do, loaded when one runs: `--help` and a mistyped flag, answered by @effect/cli from
 * the definitions below, load none of it (a cold start pays for every module it compiles and runs).
 */
const actions = Effect.promise(() => import("./actions.js"))

const apiKey = Options.redacted("api-key").pipe(
  Options.withDescription("the API key; ROCKSET_APIKEY by default"),
  Options.optional
)
const server = Options.text("server").pipe(
  Options.withDescription(
    "the API server: a region (usw2a1, use1a1, euc1a1, rs2), a host or a URL; ROCKSET_APISERVER by default"
  ),
  Options.optional
)
const json = Options.boolean("json").pipe(Options.withDescription("print JSON for machines instead of a table"))

const integer = (name: string, description: string, fallback: number) =>
  Options.integer(name).pipe(Options.withDescription(description), Options.withDefault(fallback))

const planOptions = {
  exact: Options.boolean("exact").pipe(
    Options.withDescription("also delete the users the document does not list (the default, additive, never deletes)")
  ),
  maxDeleteShare: Options.float("max-delete-share").pipe(
    Options.withDescription("the largest share of the organisation one run may delete (0 to 1)"),
    Options.withDefault(defaults.maxDeleteShare)
  ),
  minAdmins: integer(
    "min-admins",
    "the fewest admins (invite accepted) the organisation may be left with",
    defaults.minAdmins
  ),
  protect: Options.text("protect").pipe(
    Options.withDescription("an email no run may create, change or delete (repeat for more)"),
    Options.repeated
  )
}

const file = Args.text({ name: "FILE" }).pipe(Args.withDescription("the desired-state document, YAML or JSON (.json)"))

const pacing = {
  yes: Options.boolean("yes").pipe(Options.withAlias("y"), Options.withDescription("apply without asking")),
  concurrency: integer("concurrency", "requests in flight per kind", defaults.concurrency),
  maxFailures: integer("max-failures", "stop after this many failed changes", defaults.maxFailures),
  createLimit: integer(
    "create-limit",
    "creates the server allows per window (Rockset: 10 a minute)",
    defaults.createLimit
  ),
  updateLimit: integer(
    "update-limit",
    "updates and deletes the server allows per window (Rockset: 50 a minute)",
    defaults.updateLimit
  ),
  rateWindow: integer(
    "rate-window",
    "the server's rate-limit window in milliseconds (Rockset: 60000)",
    defaults.rateWindow
  ),
  record: Options.text("record").pipe(
    Options.withDescription("write each change made, before and after, to this file (for revert)"),
    Options.optional
  )
}

const planCommand = Command.make(
  "plan",
  {
    file,
    json,
    apiKey,
    server,
    ...planOptions,
    out: Options.text("out").pipe(
      Options.withDescription("save the plan to this file, for apply to make exactly these changes"),
      Options.optional
    ),
    format: Options.choice("format", ["table", "markdown", "json"]).pipe(
      Options.withDescription("table, markdown (for a pull-request comment) or json"),
      Options.withDefault("table" as const)
    )
  },
  (flags) => Effect.flatMap(actions, (run) => run.plan(flags))
).pipe(
  Command.withDescription("show what apply would change; exit 0 when nothing, 2 when there are changes, 1 on error")
)

const applyCommand = Command.make(
  "apply",
  {
    file: Args.text({ name: "FILE" }).pipe(
      Args.withDescription("the desired-state document, or a plan saved by plan --out")
    ),
    json,
    apiKey,
    server,
    ...planOptions,
    ...pacing
  },
  (flags) => Effect.flatMap(actions, (run) => run.apply(flags))
).pipe(Command.withDescription("plan, ask, then make the changes, paced by Rockset's rate limits"))

const revertCommand = Command.make(
  "revert",
  {
    file: Args.text({ name: "RECORD" }).pipe(Args.withDescription("the record an apply wrote with --record")),
    json,
    apiKey,
    server,
    maxDeleteShare: Options.float("max-delete-share").pipe(
      Options.withDescription("the largest share of the organisation the revert may delete (the record's)"),
      Options.optional
    ),
    minAdmins: Options.integer("min-admins").pipe(
      Options.withDescription("the fewest admins to leave (the record's)"),
      Options.optional
    ),
    protect: planOptions.protect,
    ...pacing
  },
  (flags) => Effect.flatMap(actions, (run) => run.revert(flags))
).pipe(Command.withDescription("put back what an apply changed, from its record"))

const exportCommand = Command.make(
  "export",
  {
    apiKey,
    server,
    format: Options.choice("format", ["yaml", "json"]).pipe(Options.withDefault("yaml" as const)),
    output: Options.text("output").pipe(
      Options.withAlias("o"),
      Options.withDescription("write to this file instead of stdout"),
      Options.optional
    )
  },
  (flags) => Effect.flatMap(actions, (run) => run.exportDocument(flags))
).pipe(Command.withDescription("write the organisation as a desired-state document"))

const listCommand = Command.make(
  "list",
  { apiKey, server, json },
  (flags) => Effect.flatMap(actions, (run) => run.list(flags))
).pipe(Command.withDescription("list the organisation's users, sorted by email"))

const getCommand = Command.make(
  "get",
  { email: Args.text({ name: "EMAIL" }), apiKey, server, json },
  (flags) => Effect.flatMap(actions, (run) => run.get(flags))
).pipe(Command.withDescription("show one user"))

const whoamiCommand = Command.make(
  "whoami",
  { apiKey, server, json },
  (flags) => Effect.flatMap(actions, (run) => run.whoami(flags))
).pipe(Command.withDescription("show the user the API key belongs to"))

/**
 * The subcommands, for the help's test.
 *
 * @internal
 */
export const subcommands = [
  planCommand,
  applyCommand,
  revertCommand,
  exportCommand,
  listCommand,
  getCommand,
  whoamiCommand
] as const

/**
 * The whole command.
 *
 * @internal
 */
export const command = Command.make("rockset-users").pipe(
  Command.withDescription("keep a Rockset organisation's users in step with a YAML or JSON document"),
  Command.withSubcommands(subcommands)
)

/**
 * Runs the command on `argv` (as `process.argv`).
 *
 * @internal
 */
export const run = Command.run(command, { name: "rockset-users", version })
