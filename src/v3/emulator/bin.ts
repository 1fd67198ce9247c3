/**
 * The `rockset-emulator` command: starts the emulator and prints its URL and an admin API key, as
 * environment assignments a shell or a test can read.
 *
 * ```sh
 * npx rockset-emulator --port 0 --data-file ./rockset.json --seed-users ada@example.com=member
 * ```
 *
 * It runs the core's engine directly, with nothing of Effect, so it works whatever Effect major (or none)
 * the project installed.
 *
 * @since 0.1.0
 */
import { parseArgs } from "node:util"
import type { NewUser } from "../../core/emulator/domain.js"
import * as Engine from "../../core/emulator/server.js"

const usage = `Usage: rockset-emulator [options]

  --port <n>              port to listen on; 0 picks a free one (default 0)
  --host <address>        interface to listen on (default 127.0.0.1)
  --data-file <path>      keep the state in this JSON file, saved before every change is acknowledged
  --no-rate-limits        do not enforce the documented rate limits
  --seed-users <list>     add users to a new organisation: a count (user-1@example.com, ... as members),
                          or a comma-separated list of email[=role+role]
  --admin-key <key>       use this admin API key instead of a random one
  --admin-email <email>   the admin user's email (default admin@example.com)
  -h, --help              show this help`

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
  return {
    ok: true,
    value: {
      port,
      host: values.host ?? "127.0.0.1",
      dataFile: values["data-file"],
      rateLimits: values["no-rate-limits"] === true ? false : undefined,
      seedUsers: seedUsers.value,
      adminKey: values["admin-key"],
      adminEmail: values["admin-email"]
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
  const started = await Engine.start(options.value)
  if (!started.ok) {
    process.stderr.write(`rockset-emulator: ${started.failure.detail}\n`)
    process.exitCode = 1
    return
  }
  const emulator = started.value
  print(`rockset-emulator listening on ${emulator.url}`)
  print(`ROCKSET_APISERVER=${emulator.url}`)
  print(`ROCKSET_APIKEY=${emulator.adminKey}`)
  if (options.value.dataFile !== undefined) print(`data file: ${options.value.dataFile}`)
  // Runs until a signal; every change is already on disk, so closing only ends the connections.
  const stop = () => {
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
    emulator.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

void main()
