import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Emulator } from "effect-rockset/emulator"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runCli } from "./cliProcess.js"

const dir = mkdtempSync(join(tmpdir(), "rockset-users-"))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const desired = file(
  "org.yaml",
  [
    "users:",
    "  - email: admin@example.com",
    "    roles: [admin]",
    "  - email: Ada@Example.com",
    "    roles: [admin, member]",
    "  - email: new@example.com",
    "    roles: [member]",
    "    first_name: New"
  ].join("\n")
)

const EmulatorLive = Emulator.layer({
  rateLimits: false,
  seedUsers: [{ email: "ada@example.com", roles: ["member"] }, { email: "bob@example.com", roles: ["read-only"] }]
})

const envOf = (emulator: Emulator.Service) => ({
  ROCKSET_APIKEY: Redacted.value(emulator.adminKey),
  ROCKSET_APISERVER: emulator.url
})

describe("the rockset-users command (a real process)", () => {
  it.scopedLive(
    "plan: a table and exit 2 with changes, --json for machines; apply asks, and 'no' changes nothing",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.reset
        const env = envOf(emulator)
        const [table, asJson, declined] = yield* Effect.all([
          runCli(["plan", desired], { env }),
          runCli(["plan", desired, "--json"], { env }),
          runCli(["apply", desired], { env, input: "no\n" })
        ], { concurrency: 3 })
        assert.strictEqual(table.code, 2, table.stderr)
        assert.match(table.stdout, /\+ create {2}new@example\.com {2}roles: member; name: New/)
        assert.match(table.stdout, /~ update {2}ada@example\.com {2}roles: member → admin, member/)
        assert.include(table.stdout, "Plan: 1 to create, 1 to update (1 role, 0 name), 0 to delete.")
        assert.notInclude(table.stdout, "\u001b[", "no colour off a terminal")
        assert.strictEqual(asJson.code, 2)
        const parsed = JSON.parse(asJson.stdout)
        assert.deepStrictEqual(parsed.plan.changes.map((c: { kind: string; email: string }) => [c.kind, c.email]), [
          ["create", "new@example.com"],
          ["update", "ada@example.com"]
        ])
        assert.deepStrictEqual(parsed.summary.creates, 1)
        assert.strictEqual(declined.code, 1)
        assert.include(declined.stdout, "Apply these 2 change(s) to the organisation?")
        assert.include(declined.stderr, "apply cancelled; nothing was changed")
        assert.deepStrictEqual((yield* emulator.users).map((u) => u.email), [
          "admin@example.com",
          "ada@example.com",
          "bob@example.com"
        ])
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 60_000 }
  )

  it.scopedLive(
    "apply with 'yes' on stdin makes the changes; plan is then empty and exits 0; --yes asks nothing",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.reset
        const env = envOf(emulator)
        const applied = yield* runCli(["apply", desired], { env, input: "yes\n" })
        assert.strictEqual(applied.code, 0, applied.stderr)
        assert.include(applied.stdout, "Apply complete: 2 applied, 0 failed, 0 not attempted.")
        assert.match(applied.stdout, /2\/2 {2}2 done, 0 failed/)
        const again = yield* runCli(["plan", desired], { env })
        assert.strictEqual(again.code, 0, again.stderr)
        assert.include(again.stdout, "No changes.")
        assert.include(again.stdout, "! skip    new@example.com  names: invite pending")
        const quiet = yield* runCli(["apply", desired, "--yes", "--json"], { env, input: "" })
        assert.strictEqual(quiet.code, 0)
        assert.deepStrictEqual(JSON.parse(quiet.stdout).applied, 0)
        const exported = yield* runCli(["export"], { env })
        assert.strictEqual(exported.code, 0)
        const roundTrip = yield* runCli(["plan", file("exported.yaml", exported.stdout), "--exact"], { env })
        assert.strictEqual(roundTrip.code, 0, roundTrip.stdout + roundTrip.stderr)
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 60_000 }
  )

  it.scopedLive(
    "a bad file names its line and field; a missing key says how to give one; exit 1 for both",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const bad = file("bad.yaml", "users:\n  - email: someone@example.com\n    roles: []\n")
        const badJson = file("bad.json", "{\"users\": [{\"email\": \"x@y.co\", \"roles\": \"admin\"}]}")
        const [badYaml, badJsonRun, missingFile, noKey, flags, help] = yield* Effect.all([
          runCli(["plan", bad], { env: envOf(emulator) }),
          runCli(["plan", badJson], { env: envOf(emulator) }),
          runCli(["plan", join(dir, "nope.yaml")], { env: envOf(emulator) }),
          runCli(["whoami"], { env: { ROCKSET_APISERVER: emulator.url } }),
          runCli(["whoami", "--api-key", Redacted.value(emulator.adminKey), "--server", emulator.url]),
          runCli(["plan", "--help"])
        ], { concurrency: 3 })
        assert.strictEqual(badYaml.code, 1)
        assert.include(badYaml.stderr, `${bad}:3:12 users[0].roles: must name at least one role`)
        assert.notInclude(badYaml.stderr, "someone@example.com")
        assert.strictEqual(badJsonRun.code, 1)
        assert.include(badJsonRun.stderr, "users[0].roles: must be a list of role names, not a string")
        assert.strictEqual(missingFile.code, 1)
        assert.include(missingFile.stderr, "cannot read")
        assert.strictEqual(noKey.code, 1)
        assert.include(noKey.stderr, "No Rockset API key: set ROCKSET_APIKEY")
        assert.include(noKey.stderr, "or pass --api-key")
        const wrongKey = yield* runCli(["whoami", "--api-key", "rs_CANARY_wrong_key_1f2e", "--server", emulator.url])
        assert.strictEqual(wrongKey.code, 1)
        assert.include(wrongKey.stderr, "401")
        assert.notInclude(wrongKey.stdout + wrongKey.stderr, "CANARY")
        assert.strictEqual(flags.code, 0, flags.stderr)
        assert.include(flags.stdout, "admin@example.com  admin  NEW")
        assert.notInclude(flags.stdout + flags.stderr, Redacted.value(emulator.adminKey))
        assert.strictEqual(help.code, 0)
        assert.include(help.stdout, "--max-delete-share")
        // nothing reached the server for the bad files
        const requests = yield* emulator.requests
        assert.isTrue(requests.every((r) => r.operation === "getCurrentUser"))
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 60_000 }
  )

  it.scopedLive("a guard refuses the plan with its name, and exit 1", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.reset
      const onlyAdmin = file("only-admin.yaml", "users:\n  - email: admin@example.com\n    roles: [admin]\n")
      const refused = yield* runCli(["plan", onlyAdmin, "--exact"], { env: envOf(emulator) })
      assert.strictEqual(refused.code, 1)
      assert.include(refused.stderr, "guard \"deleteShare\": the plan would delete 2 of 3 users")
      const caller = yield* runCli([
        "apply",
        file("demote.yaml", "users:\n  - email: admin@example.com\n    roles: [member]\n"),
        "--yes"
      ], {
        env: envOf(emulator)
      })
      assert.strictEqual(caller.code, 1)
      assert.include(caller.stderr, "guard \"caller\"")
    }).pipe(Effect.provide(EmulatorLive)), { timeout: 60_000 })
})
