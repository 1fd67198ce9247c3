/**
 * What `rockset-users` prints (issue 22, item 7): `list` in aligned columns, `get` naming the email it was given
 * when there is no such user, a second `plan` counting each user once, and the way to the usage after a mistyped
 * command line.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Emulator } from "effect-rockset/emulator"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runCli } from "../sync/cliProcess.js"

const EmulatorLive = Emulator.layer({
  rateLimits: false,
  seedUsers: [
    { email: "ada@example.com", roles: ["member"] },
    { email: "bartholomew.long-name@example.com", roles: ["read-only", "member"] }
  ]
})

const envOf = (emulator: Emulator.Service) => ({
  ROCKSET_APIKEY: Redacted.value(emulator.adminKey),
  ROCKSET_APISERVER: emulator.url
})

describe("rockset-users output", () => {
  it.scopedLive(
    "list: the columns line up; get: a missing user is named as typed, exit 1",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const env = envOf(emulator)
        const [list, missing] = yield* Effect.all([
          runCli(["list"], { env }),
          runCli(["get", "nobody@example.com"], { env })
        ], { concurrency: 2 })
        assert.strictEqual(list.code, 0, list.stderr)
        const lines = list.stdout.trimEnd().split("\n")
        assert.strictEqual(lines.length, 3)
        const starts = (word: RegExp) => lines.map((line) => line.search(word))
        assert.deepStrictEqual(new Set(starts(/ (admin|member|read-only)/)).size, 1, list.stdout)
        assert.deepStrictEqual(new Set(starts(/ (ACTIVE|NEW)$/)).size, 1, list.stdout)
        assert.strictEqual(missing.code, 1)
        assert.include(missing.stderr, "nobody@example.com")
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 60_000 }
  )

  it.scopedLive("a second plan counts each user once", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const env = envOf(emulator)
      const file = join(mkdtempSync(join(tmpdir(), "rockset-users-")), "org.yaml")
      writeFileSync(
        file,
        [
          "users:",
          "  - email: admin@example.com",
          "    roles: [admin]",
          "  - email: ada@example.com",
          "    roles: [member]",
          "  - email: bartholomew.long-name@example.com",
          "    roles: [read-only, member]",
          "  - email: new@example.com",
          "    roles: [member]",
          "    first_name: New"
        ].join("\n")
      )
      const applied = yield* runCli(["apply", file, "--yes"], { env })
      assert.strictEqual(applied.code, 0, applied.stdout + applied.stderr)
      const again = yield* runCli(["plan", file], { env })
      assert.strictEqual(again.code, 0, again.stderr)
      // four users: three as wanted, one whose name waits on the invite
      assert.include(again.stdout, "3 unchanged, 0 not listed, 1 skipped.")
    }).pipe(Effect.provide(EmulatorLive)), { timeout: 60_000 })

  it.effect(
    "a mistyped command line says what is wrong and where the usage is: the subcommand's help, if named",
    () =>
      Effect.gen(function*() {
        const cases = [
          [["revert"], "Missing argument <RECORD>", "Run 'rockset-users revert --help' for the usage."],
          [["list", "--bogus"], "--bogus", "Run 'rockset-users list --help' for the usage."],
          [["frobnicate"], "Invalid subcommand", "Run 'rockset-users --help' for the usage."]
        ] as const
        const runs = yield* Effect.all(cases.map(([args]) => runCli(args, { env: {} })), { concurrency: 3 })
        for (const [i, [args, problem, hint]] of cases.entries()) {
          const run = runs[i]!
          assert.strictEqual(run.code, 1, args.join(" "))
          assert.include(run.stdout + run.stderr, problem)
          assert.include(run.stderr, hint)
        }
      }),
    { timeout: 60_000 }
  )
})
