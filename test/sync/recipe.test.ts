/**
 * The README's recipe for reviewed changes, run as written: each command of its block (after `<!-- recipe -->`),
 * in order, as a real process against the emulator, in a directory holding the `org.yaml` it names.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { OrgSync } from "effect-rockset"
import { Emulator } from "effect-rockset/emulator"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterRevert, document, shown } from "../scenarios/reviewed.js"
import { seedUsers } from "../scenarios/sync.js"
import { runCli } from "./cliProcess.js"

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
const block = /<!-- recipe -->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ""

/** Each command of the block: its arguments after `npx rockset-users`, and the file its output goes to. */
const commands = block.split("\n").filter((line) => line.startsWith("npx rockset-users ")).map((line) => {
  const [command, output] = line.slice("npx rockset-users ".length).split(" > ")
  return { line, args: command!.trim().split(/\s+/), output: output?.trim() }
})

describe("README: the reviewed-changes recipe", () => {
  it("has its three commands: plan --out, apply the saved plan, revert", () => {
    assert.deepStrictEqual(commands.map((command) => command.args[0]), ["plan", "apply", "revert"])
  })

  it.scopedLive(
    "runs as written: the plan as Markdown and saved, applied exactly on merge, then reverted",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const env = { ROCKSET_APIKEY: Redacted.value(emulator.adminKey), ROCKSET_APISERVER: emulator.url }
        const cwd = mkdtempSync(join(tmpdir(), "rockset-users-recipe-"))
        writeFileSync(join(cwd, "org.yaml"), OrgSync.print(document, "yaml"))
        const run = (index: number) =>
          Effect.gen(function*() {
            const command = commands[index]!
            const done = yield* runCli(command.args, { env, cwd })
            if (command.output !== undefined) writeFileSync(join(cwd, command.output), done.stdout)
            return done
          })

        const planned = yield* run(0)
        assert.strictEqual(planned.code, 2, planned.stderr)
        assert.match(readFileSync(join(cwd, "plan.md"), "utf8"), /^### rockset-users plan: 1 to create, 1 to update/)
        assert.isTrue(existsSync(join(cwd, "org.plan")))
        assert.deepStrictEqual((yield* emulator.users).length, 4, "planning changed nothing")

        const applied = yield* run(1)
        assert.strictEqual(applied.code, 0, applied.stderr)
        const emails = (yield* emulator.users).map((user) => user.email).sort()
        assert.deepStrictEqual(emails, ["ada@example.com", "admin@example.com", "grace@example.com", "new@example.com"])
        assert.isTrue(existsSync(join(cwd, "applied.json")))

        const reverted = yield* run(2)
        assert.strictEqual(reverted.code, 0, reverted.stderr)
        // back as they were, linus (whom the apply deleted) as a pending invite
        assert.deepStrictEqual(shown(yield* emulator.users), shown(afterRevert))
      }).pipe(Effect.provide(Emulator.layer({ rateLimits: false, seedUsers }))),
    { timeout: 180_000 }
  )
})
