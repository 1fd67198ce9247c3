/**
 * Reviewed changes through the `rockset-users` command, a real process against the emulator: a saved plan
 * applied exactly, a stale plan refused with nothing changed, apply --record then revert, a plan edited by
 * hand refused, and bad plan and record files named by their path.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Emulator } from "effect-rockset/emulator"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterRevert, document, shown } from "../scenarios/reviewed.js"
import { seedUsers } from "../scenarios/sync.js"
import { runCli } from "./cliProcess.js"

const dir = mkdtempSync(join(tmpdir(), "rockset-users-reviewed-"))
const path = (name: string) => join(dir, name)
const file = (name: string, text: string) => {
  writeFileSync(path(name), text)
  return path(name)
}
const desired = file("org.json", JSON.stringify(document))

const EmulatorLive = Emulator.layer({ rateLimits: false, seedUsers })

const envOf = (emulator: Emulator.Service) => ({
  ROCKSET_APIKEY: Redacted.value(emulator.adminKey),
  ROCKSET_APISERVER: emulator.url
})

/** The requests that change the organisation, so far. */
const writes = (emulator: Emulator.Service) =>
  Effect.map(
    emulator.requests,
    (requests) => requests.filter((r) => !["list", "get", "getCurrentUser"].includes(r.operation ?? ""))
  )

describe("rockset-users plan --out, apply PLAN, apply --record, revert (a real process)", () => {
  it.scopedLive(
    "plan --out then apply PLAN makes exactly the planned changes; planning again is empty",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const env = envOf(emulator)
        const planned = yield* runCli(["plan", desired, "--exact", "--out", path("a.plan")], { env })
        assert.strictEqual(planned.code, 2, planned.stderr)
        assert.include(planned.stdout, `Saved the plan to ${path("a.plan")}`)
        assert.deepStrictEqual(yield* writes(emulator), [])
        const applied = yield* runCli(["apply", path("a.plan"), "--yes"], { env })
        assert.strictEqual(applied.code, 0, applied.stderr)
        assert.include(applied.stdout, "Apply complete: 3 applied, 0 failed, 0 not attempted.")
        const again = yield* runCli(["plan", desired, "--exact"], { env })
        assert.strictEqual(again.code, 0, again.stdout + again.stderr)
        // the saved plan again: stale now, since it was applied
        const twice = yield* runCli(["apply", path("a.plan"), "--yes"], { env })
        assert.strictEqual(twice.code, 1)
        assert.include(twice.stderr, "is stale")
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 180_000 }
  )

  it.scopedLive(
    "a change to the organisation after the plan: apply PLAN exits 1, names it, and changes nothing",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const env = envOf(emulator)
        const planned = yield* runCli(["plan", desired, "--exact", "--out", path("b.plan")], { env })
        assert.strictEqual(planned.code, 2, planned.stderr)
        // someone changes ada's roles (whom the plan changes) and grace's (whom it leaves alone), and adds carol
        const moved = yield* runCli([
          "apply",
          file(
            "moved.json",
            JSON.stringify({
              users: [
                { email: "ada@example.com", roles: ["read-only"] },
                { email: "grace@example.com", roles: ["read-only"] },
                { email: "carol@example.com", roles: ["member"] }
              ]
            })
          ),
          "--yes"
        ], { env })
        assert.strictEqual(moved.code, 0, moved.stderr)
        const before = yield* emulator.users
        const writesBefore = (yield* writes(emulator)).length
        const stale = yield* runCli(["apply", path("b.plan"), "--yes"], { env })
        assert.strictEqual(stale.code, 1)
        assert.include(
          stale.stderr,
          `${path("b.plan")} is stale: the organisation changed since the plan was made; nothing was changed`
        )
        assert.include(stale.stderr, "ada@example.com: roles were admin, member, are read-only")
        assert.include(stale.stderr, "carol@example.com was added")
        assert.include(stale.stderr, "grace@example.com, whom the plan leaves alone, changed (roles, names or invite)")
        assert.notInclude(stale.stdout, "Applying")
        assert.deepStrictEqual(yield* emulator.users, before)
        assert.strictEqual((yield* writes(emulator)).length, writesBefore)
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 180_000 }
  )

  it.scopedLive(
    "apply --record then revert: the users are back, linus (deleted by the apply) as a pending invite",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const env = envOf(emulator)
        const start = shown(yield* emulator.users)
        const applied = yield* runCli(["apply", desired, "--exact", "--yes", "--record", path("applied.json")], { env })
        assert.strictEqual(applied.code, 0, applied.stderr)
        const record = JSON.parse(readFileSync(path("applied.json"), "utf8"))
        assert.deepStrictEqual(
          record.changes.map((
            entry: { kind: string; email: string; outcome: string }
          ) => [entry.kind, entry.email, entry.outcome]),
          [["create", "new@example.com", "applied"], ["update", "ada@example.com", "applied"], [
            "delete",
            "linus@example.com",
            "applied"
          ]]
        )
        // the record edited by hand to undo what the apply never did: refused, naming the file; nothing changed
        const written = readFileSync(path("applied.json"), "utf8")
        const edited = written.replace("\"new@example.com\"", "\"grace@example.com\"")
        assert.notStrictEqual(edited, written)
        const moved = yield* emulator.users
        const refused = yield* runCli(["revert", file("edited-record.json", edited), "--yes"], { env })
        assert.strictEqual(refused.code, 1, refused.stderr)
        assert.include(refused.stderr, path("edited-record.json"))
        assert.include(refused.stderr, "cannot be reverted: its checksum does not match its content")
        assert.deepStrictEqual(yield* emulator.users, moved)
        const reverted = yield* runCli(["revert", path("applied.json")], { env, input: "yes\n" })
        assert.strictEqual(reverted.code, 0, reverted.stderr)
        assert.include(reverted.stdout, "Apply these 3 change(s) to the organisation?")
        assert.match(
          reverted.stdout,
          /\+ create {2}linus@example\.com +roles: read-only; invited again: back as a pending invite/
        )
        assert.match(reverted.stdout, /- delete {2}new@example\.com/)
        const after = shown(yield* emulator.users)
        // every user as at the start, but linus: re-created, so a new invite (PENDING, names shown once accepted)
        assert.deepStrictEqual(after, shown(afterRevert))
        assert.deepStrictEqual(
          after.map((user) => user.email === "linus@example.com" ? { ...user, invite_state: "ACCEPTED" } : user),
          start
        )
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 180_000 }
  )

  it.scopedLive(
    "a plan edited by hand, and bad plan and record files: each named by its path; nothing is changed",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const env = envOf(emulator)
        const planned = yield* runCli(["plan", desired, "--exact", "--out", path("c.plan")], { env })
        assert.strictEqual(planned.code, 2, planned.stderr)
        const text = readFileSync(path("c.plan"), "utf8")
        const edited = text.replace("\"maxDeleteShare\": 0.25", "\"maxDeleteShare\": 1")
        assert.notStrictEqual(edited, text)
        const cases = [
          [file("edited.plan", edited), "apply", "cannot be applied: its checksum does not match its content"],
          [file("cut.plan", text.slice(0, 200)), "apply", "cannot be applied: it is not valid JSON"],
          [
            file("bad-record.json", "{\"format\": \"rockset-users/record@1\"}"),
            "revert",
            "cannot be reverted: it has no checksum"
          ],
          [file("plan-as-record.json", text), "revert", "cannot be reverted: it is not a record of an apply"],
          [path("missing.json"), "revert", "cannot read"]
        ] as const
        const before = yield* emulator.users
        for (const [bad, command, message] of cases) {
          const run = yield* runCli([command, bad, "--yes"], { env })
          assert.strictEqual(run.code, 1, bad)
          assert.include(run.stderr, bad)
          assert.include(run.stderr, message)
        }
        assert.deepStrictEqual(yield* emulator.users, before)
        assert.deepStrictEqual(yield* writes(emulator), [])
        // the plan as saved is still good
        const applied = yield* runCli(["apply", path("c.plan"), "--yes"], { env })
        assert.strictEqual(applied.code, 0, applied.stderr)
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 180_000 }
  )

  it.scopedLive("plan --format markdown: a summary line, the table, the guards", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const run = yield* runCli(
        ["plan", desired, "--exact", "--format", "markdown", "--protect", "grace@example.com"],
        {
          env: envOf(emulator)
        }
      )
      assert.strictEqual(run.code, 2, run.stderr)
      const lines = run.stdout.split("\n")
      assert.strictEqual(lines[0], "### rockset-users plan: 1 to create, 1 to update (1 role, 1 name), 1 to delete")
      assert.include(run.stdout, "| - delete | `linus@example.com` | roles: read-only |")
      assert.include(run.stdout, "protected: `grace@example.com`")
    }).pipe(Effect.provide(EmulatorLive)), { timeout: 180_000 })
})
