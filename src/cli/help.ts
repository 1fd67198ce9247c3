/**
 * The `rockset-users` command's help, as `gh` and `terraform` print theirs: the commands with a line each first,
 * then the flags with their defaults, and an example; every line within 80 columns. Written here rather than
 * rendered by @effect/cli, whose help lists its own global options first, one flag per ~280-column line.
 * test/cli/help.test.ts checks that every flag the command parses is here.
 *
 * @internal
 */
import { documentedRateLimits } from "../core/policy.js"

/**
 * The defaults of the flags, for the command's definitions and its help.
 *
 * @internal
 */
export const defaults = {
  maxDeleteShare: 0.25,
  minAdmins: 1,
  concurrency: 4,
  maxFailures: 10,
  createLimit: documentedRateLimits.create,
  updateLimit: documentedRateLimits.update,
  rateWindow: 60_000
} as const

interface Flag {
  /** As typed, with its value's name: `--min-admins N`. */
  readonly flag: string
  readonly description: string
}

interface CommandHelp {
  readonly name: string
  /** One line, for the list of commands. */
  readonly summary: string
  readonly usage: string
  readonly about?: ReadonlyArray<string>
  readonly flags: ReadonlyArray<Flag>
  readonly exit: string
  readonly example: string
}

const connection: ReadonlyArray<Flag> = [
  { flag: "--api-key KEY", description: "The API key (default: $ROCKSET_APIKEY)" },
  {
    flag: "--server SERVER",
    description: "A region (usw2a1, use1a1, euc1a1, rs2), a host or a URL (default: $ROCKSET_APISERVER, else usw2a1)"
  }
]
const json: Flag = { flag: "--json", description: "Print JSON for machines instead of a table" }

const planFlags: ReadonlyArray<Flag> = [
  { flag: "--exact", description: "Also delete the users FILE does not list (default: additive, never deletes)" },
  {
    flag: "--max-delete-share SHARE",
    description: `The largest share of the organisation one run may delete, 0 to 1 (default ${defaults.maxDeleteShare})`
  },
  {
    flag: "--min-admins N",
    description: `The fewest admins (invite accepted) to leave (default ${defaults.minAdmins})`
  },
  {
    flag: "--protect EMAIL",
    description: "An email no run may create, change or delete; repeat for more (default: none)"
  }
]

const pacingFlags: ReadonlyArray<Flag> = [
  { flag: "--concurrency N", description: `Requests in flight per kind (default ${defaults.concurrency})` },
  {
    flag: "--max-failures N",
    description: `Stop after this many failed changes (default ${defaults.maxFailures})`
  },
  {
    flag: "--create-limit N",
    description: `Creates the server allows per window (default ${defaults.createLimit}, Rockset's)`
  },
  {
    flag: "--update-limit N",
    description: `Updates and deletes the server allows per window (default ${defaults.updateLimit}, Rockset's)`
  },
  { flag: "--rate-window MS", description: `The server's rate-limit window (default ${defaults.rateWindow})` }
]

const record: Flag = {
  flag: "--record FILE",
  description: "Write each change made, before and after, to FILE, for revert (default: none)"
}

const file = "FILE is the desired-state document: YAML, or JSON when it ends in .json."

const commands: ReadonlyArray<CommandHelp> = [
  {
    name: "plan",
    summary: "Show what apply would change, changing nothing",
    usage: "rockset-users plan FILE [flags]",
    about: [
      file,
      "With --out, the plan is saved with what it was made against: apply PLAN makes exactly those changes, " +
      "and refuses if the organisation has changed since."
    ],
    flags: [
      ...planFlags,
      { flag: "--out PLAN", description: "Save the plan to PLAN, for apply PLAN (default: not saved)" },
      { flag: "--format FORMAT", description: "table, markdown (a pull-request comment) or json (default table)" },
      { ...json, description: "The same as --format json" },
      ...connection
    ],
    exit: "0 nothing to do, 2 changes planned, 1 an error",
    example: "rockset-users plan org.yaml --exact --out org.plan --format markdown"
  },
  {
    name: "apply",
    summary: "Plan, ask, then make the changes, paced by the rate limits",
    usage: "rockset-users apply FILE|PLAN [flags]",
    about: [
      file,
      "PLAN is a plan saved by plan --out: exactly its changes are made, with its mode and guards, and none if " +
      "the organisation has changed since it was made.",
      "Ctrl-C while changes are made starts no new one, lets those in flight end and says what was done."
    ],
    flags: [
      { flag: "-y, --yes", description: "Apply without asking" },
      ...planFlags,
      record,
      ...pacingFlags,
      json,
      ...connection
    ],
    exit: "0 all applied, 1 an error, a failed change or no at the prompt, 130 interrupted",
    example: "rockset-users apply org.plan --record applied.json"
  },
  {
    name: "revert",
    summary: "Put back what an apply changed, from its record",
    usage: "rockset-users revert RECORD [flags]",
    about: [
      "RECORD is the file apply --record wrote. Users the apply created are deleted, roles and names it changed " +
      "are restored, and users it deleted are invited again with their roles: they come back as pending invites.",
      "The guards are the record's unless given; the prompt and pacing are apply's."
    ],
    flags: [
      { flag: "-y, --yes", description: "Revert without asking" },
      {
        flag: "--max-delete-share SHARE",
        description: "The largest share of the organisation to delete, 0 to 1 (default: the record's)"
      },
      { flag: "--min-admins N", description: "The fewest admins (invite accepted) to leave (default: the record's)" },
      { flag: "--protect EMAIL", description: "An email not to touch, besides the record's; repeat for more" },
      record,
      ...pacingFlags,
      json,
      ...connection
    ],
    exit: "0 all put back, 1 an error, a failed change or no at the prompt, 130 interrupted",
    example: "rockset-users revert applied.json"
  },
  {
    name: "export",
    summary: "Write the organisation as a desired-state document",
    usage: "rockset-users export [flags]",
    flags: [
      { flag: "--format FORMAT", description: "yaml or json (default yaml)" },
      { flag: "-o, --output FILE", description: "Write to FILE (default: standard output)" },
      ...connection
    ],
    exit: "0 written, 1 an error",
    example: "rockset-users export -o org.yaml"
  },
  {
    name: "list",
    summary: "List the organisation's users, sorted by email",
    usage: "rockset-users list [flags]",
    flags: [json, ...connection],
    exit: "0 listed, 1 an error",
    example: "rockset-users list --json"
  },
  {
    name: "get",
    summary: "Show one user",
    usage: "rockset-users get EMAIL [flags]",
    flags: [json, ...connection],
    exit: "0 shown, 1 no such user or an error",
    example: "rockset-users get ada@example.com"
  },
  {
    name: "whoami",
    summary: "Show the user the API key belongs to",
    usage: "rockset-users whoami [flags]",
    flags: [json, ...connection],
    exit: "0 shown, 1 an error",
    example: "rockset-users whoami --server use1a1 --api-key \"$KEY\""
  }
]

/**
 * The names of the subcommands, in the order of the help.
 *
 * @internal
 */
export const commandNames: ReadonlyArray<string> = commands.map((command) => command.name)

const width = 80

/** Words in lines of at most `columns`, the first after `first`, the others after `indent`. */
const wrap = (text: string, indent: number, first: string): Array<string> => {
  const lines: Array<string> = []
  let line = first.padEnd(indent)
  let empty = true
  for (const word of text.split(" ")) {
    if (!empty && line.length + 1 + word.length > width - 1) {
      lines.push(line)
      line = " ".repeat(indent)
      empty = true
    }
    line += (empty ? "" : " ") + word
    empty = false
  }
  lines.push(line)
  return lines
}

const table = (rows: ReadonlyArray<readonly [string, string]>): Array<string> => {
  // a flag with a short alias stands out to the left, as gh prints them
  const cells = rows.map(([left, right]) =>
    [left.startsWith("--") && rows.some(([l]) => /^-\w,/.test(l)) ? `    ${left}` : left, right] as const
  )
  const column = Math.max(...cells.map(([left]) => left.length)) + 4
  return cells.flatMap(([left, right]) => wrap(right, column, `  ${left}`))
}

const section = (title: string, lines: ReadonlyArray<string>): Array<string> => ["", title, ...lines]

const globalFlags: ReadonlyArray<readonly [string, string]> = [
  ["-h, --help", "Show help for the command"],
  ["--version", "Show the version"]
]

/**
 * The help of the command (`undefined`) or of one subcommand, ending in a newline.
 *
 * @internal
 */
export const render = (name?: string): string => {
  const command = commands.find((candidate) => candidate.name === name)
  if (command === undefined) {
    const nameWidth = Math.max(...commandNames.map((commandName) => commandName.length)) + 3
    return [
      "Keep a Rockset organisation's users in step with a YAML or JSON document.",
      ...section("USAGE", ["  rockset-users <command> [flags]"]),
      ...section("COMMANDS", commands.flatMap((c) => wrap(c.summary, nameWidth + 2, `  ${c.name}`))),
      ...section("FLAGS", table([...connection.map((flag) => [flag.flag, flag.description] as const), ...globalFlags])),
      ...section(
        "EXAMPLES",
        commands.filter((c) => ["export", "plan", "apply"].includes(c.name)).map((c) => `  $ ${c.example}`)
      ),
      ...section("LEARN MORE", ["  Use `rockset-users <command> --help` for a command's flags and an example."])
    ].join("\n") + "\n"
  }
  return [
    `${command.summary}.`,
    ...(command.about === undefined ? [] : ["", ...command.about.flatMap((paragraph) => wrap(paragraph, 0, ""))]),
    ...section("USAGE", [`  ${command.usage}`]),
    ...section(
      "FLAGS",
      table([...command.flags.map((flag) => [flag.flag, flag.description] as const), ["-h, --help", "Show this help"]])
    ),
    ...section("EXIT STATUS", wrap(command.exit, 2, "")),
    ...section("EXAMPLE", [`  $ ${command.example}`])
  ].join("\n") + "\n"
}

/**
 * The help to print for these arguments (without `node` and the script), or `undefined` when they ask for none:
 * no arguments, `-h`/`--help` anywhere, or `help [command]`.
 *
 * @internal
 */
export const requested = (args: ReadonlyArray<string>): string | undefined => {
  const [first, second] = args
  if (first === undefined) return render()
  if (first === "help") return render(second)
  if (!args.some((arg) => arg === "-h" || arg === "--help")) return undefined
  return render(args.find((arg) => !arg.startsWith("-")))
}
