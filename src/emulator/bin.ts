/**
 * The `rockset-emulator` command: starts the emulator and prints its URL and an admin API key, as
 * environment assignments a shell or a test can read.
 *
 * ```sh
 * npx rockset-emulator --port 0 --data-file ./rockset.json --seed-users ada@example.com=member
 * ```
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import { parseArgs } from "node:util"
import * as Emulator from "./Emulator.js"

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

const parseSeedUsers = (value: string): Either.Either<ReadonlyArray<Emulator.NewUser>, string> => {
  if (/^\d+$/.test(value)) {
    const count = Number(value)
    if (count > 10_000) return Either.left("--seed-users: at most 10000 users")
    return Either.right(
      Array.from({ length: count }, (_, i) => ({ email: `user-${i + 1}@example.com`, roles: ["member"] }))
    )
  }
  const users: Array<Emulator.NewUser> = []
  for (const item of value.split(",").map((part) => part.trim()).filter((part) => part !== "")) {
    const [email = "", roles = "member"] = item.split("=")
    const roleList = roles.split("+").filter((role) => role !== "")
    if (roleList.length === 0) return Either.left(`--seed-users: "${item}" names no role`)
    users.push({ email, roles: roleList })
  }
  return Either.right(users)
}

const parseOptions = (args: ReadonlyArray<string>): Either.Either<Emulator.Options | "help", string> => {
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
    return Either.left(error instanceof Error ? error.message : String(error))
  }
  const values = parsed.values
  if (values.help === true) return Either.right("help")
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) return Either.left(`--port: not a port: ${values.port}`)
  const seedUsers = values["seed-users"] === undefined ? Either.right([]) : parseSeedUsers(values["seed-users"])
  if (Either.isLeft(seedUsers)) return Either.left(seedUsers.left)
  return Either.right({
    port,
    host: values.host ?? "127.0.0.1",
    dataFile: values["data-file"],
    rateLimits: values["no-rate-limits"] === true ? false : undefined,
    seedUsers: seedUsers.right,
    adminKey: values["admin-key"],
    adminEmail: values["admin-email"]
  })
}

const main = Effect.suspend(() => {
  const options = parseOptions(process.argv.slice(2))
  if (Either.isLeft(options)) {
    return Effect.zipRight(
      Console.error(`rockset-emulator: ${options.left}\n\n${usage}`),
      Effect.sync(() => {
        process.exitCode = 2
      })
    )
  }
  if (options.right === "help") return Console.log(usage)
  const emulatorOptions = options.right
  return Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    yield* Console.log(`rockset-emulator listening on ${emulator.url}`)
    yield* Console.log(`ROCKSET_APISERVER=${emulator.url}`)
    yield* Console.log(`ROCKSET_APIKEY=${Redacted.value(emulator.adminKey)}`)
    if (emulatorOptions.dataFile !== undefined) yield* Console.log(`data file: ${emulatorOptions.dataFile}`)
    return yield* Effect.never
  }).pipe(Effect.provide(Emulator.layer(emulatorOptions)))
})

NodeRuntime.runMain(main)
