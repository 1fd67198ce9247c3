/**
 * The `rockset-emulator` command: starts the emulator and prints its URL and an admin API key, as
 * environment assignments a shell or a test can read.
 *
 * ```sh
 * npx rockset-emulator --port 0 --data-file ./rockset.json --seed-users ada@example.com=member
 * npx rockset-emulator --latency 200 --rate-limits create=2,window=1000 \
 *   --fault '{"operation":"create","times":2,"action":{"kind":"status","status":503}}'
 * ```
 *
 * It exits when the process that started it does (an `npx` killed, a test runner gone), so no server is left
 * behind. It runs the core's engine directly, with nothing of Effect, so it works whatever Effect major (or none)
 * the project installed.
 *
 * @since 0.1.0
 */
import { parseArgs } from "node:util"
import type { NewUser } from "../../core/emulator/domain.js"
import * as Faults from "../../core/emulator/faults.js"
import type * as RateLimiter from "../../core/emulator/rateLimiter.js"
import * as Engine from "../../core/emulator/server.js"
import { describeIssue } from "../../core/emulator/validate.js"

const usage = `Usage: rockset-emulator [options]

Serves the Rockset Users API on loopback, for tests and demos. Prints its
URL and an admin API key as ROCKSET_APISERVER= and ROCKSET_APIKEY= lines;
exits on Ctrl-C or when the process that started it ends.

Options:
  --port <n>             port to listen on; 0 picks a free one (default 0)
  --host <address>       interface to listen on (default 127.0.0.1)
  --data-file <path>     keep the state in this JSON file, saved before every
                         change is acknowledged (default: in memory)
  --seed-users <list>    add users to a new organisation: a count (members
                         user-1@example.com, ...) or email[=role+role],...
  --admin-key <key>      use this admin API key (default: a random one)
  --admin-email <email>  the admin user's email (default admin@example.com)
  --latency <ms>         answer every API request after this delay (default 0)
  --fault <json>         a fault rule, as POST /_emulator/faults takes it;
                         repeat for more, used in order, before --latency
                         (POST /_emulator/reset puts both back as started)
  --rate-limits <list>   requests allowed per window and API key, as
                         create=N,update=N,read=N,window=MS (default
                         create=10,update=50,read=500,window=60000)
  --no-rate-limits       do not enforce rate limits
  -h, --help             show this help

Examples:
  rockset-emulator --port 8080 --seed-users 3
  rockset-emulator --latency 200 --rate-limits create=2,window=1000
  rockset-emulator --fault \\
    '{"operation":"create","action":{"kind":"status","status":503}}'`

/** Parsed arguments, or why they are wrong. */
type Parsed<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly problem: string }

const wrong = (problem: string): Parsed<never> => ({ ok: false, problem })

const parseSeedUsers = (value: string): Parsed<ReadonlyArray<NewUser>> => {
  if (/^\d+$/.test(value)) {
    const count = Number(value)
    if (count > 10_000) return wrong("--seed-users: at most 10000 users")
    return {
      ok: true,
      value: Array.from({ length: count }, (_, i) => ({ email: `user-${i + 1}@example.com`, roles: ["member"] }))
    }
  }
  const users: Array<NewUser> = []
  for (const item of value.split(",").map((part) => part.trim()).filter((part) => part !== "")) {
    const [email = "", roles = "member"] = item.split("=")
    const roleList = roles.split("+").filter((role) => role !== "")
    if (roleList.length === 0) return wrong(`--seed-users: "${item}" names no role`)
    users.push({ email, roles: roleList })
  }
  return { ok: true, value: users }
}

const parseRateLimits = (value: string): Parsed<Partial<RateLimiter.Limits>> => {
  const limits: { -readonly [K in keyof RateLimiter.Limits]?: number } = {}
  for (const item of value.split(",").map((part) => part.trim()).filter((part) => part !== "")) {
    const [name = "", count = ""] = item.split("=")
    const number = Number(count)
    if (!/^\d+$/.test(count) || (name === "window" && number === 0)) {
      return wrong(`--rate-limits: "${item}" is not name=N with N a whole number${name === "window" ? " above 0" : ""}`)
    }
    if (name === "window") limits.windowMillis = number
    else if (name === "create" || name === "update" || name === "read") limits[name] = number
    else return wrong(`--rate-limits: "${name}" is none of create, update, read, window`)
  }
  return { ok: true, value: limits }
}

const parseFaults = (values: ReadonlyArray<string>, latency: string | undefined): Parsed<Array<Faults.Rule>> => {
  const rules: Array<Faults.Rule> = []
  for (const value of values) {
    let json: unknown
    try {
      json = JSON.parse(value)
    } catch {
      return wrong(`--fault: not JSON: ${value}`)
    }
    const parsed = Faults.parseRules(json)
    if (!parsed.ok) return wrong(`--fault: not a fault rule: ${describeIssue(parsed.issue)}`)
    rules.push(...parsed.value)
  }
  if (latency !== undefined) {
    const millis = Number(latency)
    if (!/^\d+$/.test(latency)) return wrong(`--latency: not a number of milliseconds: ${latency}`)
    if (millis > 0) rules.push({ times: "persistent", action: Faults.latency(millis) })
  }
  return { ok: true, value: rules }
}

const parseOptions = (args: ReadonlyArray<string>): Parsed<Engine.Options | "help"> => {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "data-file": { type: "string" },
        "no-rate-limits": { type: "boolean" },
        "seed-users": { type: "string" },
        "admin-key": { type: "string" },
        "admin-email": { type: "string" },
        latency: { type: "string" },
        fault: { type: "string", multiple: true },
        "rate-limits": { type: "string" },
        help: { type: "boolean", short: "h" }
      }
    })
  } catch (error) {
    return wrong(error instanceof Error ? error.message : String(error))
  }
  const values = parsed.values
  if (values.help === true) return { ok: true, value: "help" }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) return wrong(`--port: not a port: ${values.port}`)
  const seedUsers = parseSeedUsers(values["seed-users"] ?? "")
  if (!seedUsers.ok) return seedUsers
  const rateLimits = parseRateLimits(values["rate-limits"] ?? "")
  if (!rateLimits.ok) return rateLimits
  if (values["no-rate-limits"] === true && values["rate-limits"] !== undefined) {
    return wrong("--rate-limits and --no-rate-limits: one or the other")
  }
  const faults = parseFaults(values.fault ?? [], values.latency)
  if (!faults.ok) return faults
  return {
    ok: true,
    value: {
      port,
      host: values.host ?? "127.0.0.1",
      dataFile: values["data-file"],
      rateLimits: values["no-rate-limits"] === true ? false : rateLimits.value,
      seedUsers: seedUsers.value,
      adminKey: values["admin-key"],
      adminEmail: values["admin-email"],
      // the starting state's: a reset puts them back
      faults: faults.value
    }
  }
}

// The command's output is the point of it: it writes to the terminal directly.
const print = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2))
  if (!options.ok) {
    process.stderr.write(`rockset-emulator: ${options.problem}\n\n${usage}\n`)
    process.exitCode = 2
    return
  }
  if (options.value === "help") return print(usage)
  const engine = options.value
  const started = await Engine.start(engine)
  if (!started.ok) {
    process.stderr.write(`rockset-emulator: ${started.failure.detail}\n`)
    process.exitCode = 1
    return
  }
  const emulator = started.value
  print(`rockset-emulator listening on ${emulator.url}`)
  print(`ROCKSET_APISERVER=${emulator.url}`)
  print(`ROCKSET_APIKEY=${emulator.adminKey}`)
  if (engine.dataFile !== undefined) print(`data file: ${engine.dataFile}`)
  // Runs until a signal or its parent's end; every change is already on disk, so closing only ends the connections.
  const parent = process.ppid
  const orphaned = setInterval(() => {
    // an orphan is adopted by init or a subreaper: its parent id changes
    if (process.ppid !== parent) stop()
  }, 250)
  const stop = () => {
    clearInterval(orphaned)
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
    process.off("SIGHUP", stop)
    emulator.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  process.on("SIGHUP", stop)
}

void main()
