/**
 * `rockset-users` in a pseudo-terminal, as a person runs it (issue 22, items 1, 6 and 7): what is typed at the
 * prompt shows, Ctrl-C and Ctrl-D there mean "no", the terminal is never left raw, Ctrl-C during an apply says what
 * was and was not done, and `--help` fits 80 columns.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { OrgSync } from "effect-rockset"
import { Emulator, Fault } from "effect-rockset/emulator"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { keys, rocksetUsers, start } from "./pty.js"

const dir = mkdtempSync(join(tmpdir(), "rockset-users-pty-"))
const newcomers = Array.from({ length: 8 }, (_, i) => `user-${i + 1}@example.com`)
const desired = join(dir, "org.yaml")
writeFileSync(
  desired,
  ["users:", "  - email: admin@example.com", "    roles: [admin]"]
    .concat(newcomers.flatMap((email) => [`  - email: ${email}`, "    roles: [member]"]))
    .join("\n")
)

const EmulatorLive = Emulator.layer({ rateLimits: false })

const envOf = (emulator: Emulator.Service) => ({
  ROCKSET_APIKEY: Redacted.value(emulator.adminKey),
  ROCKSET_APISERVER: emulator.url
})

/** The terminal's settings after the command, as `stty -a` printed them. */
const sttyAfter = (screen: string) => screen.slice(screen.lastIndexOf("STTY:"))

const promised = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("rockset-users in a terminal", () => {
  it.scopedLive("the prompt shows what is typed; 'yes' applies", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.reset
      const session = start([...rocksetUsers, "apply", desired], { env: envOf(emulator), checkTerminal: true })
      yield* promised(() => session.waitFor("Only \"yes\" is accepted: "))
      yield* promised(() => session.waitForKeys())
      session.type("ye")
      yield* promised(() => session.waitFor("Only \"yes\" is accepted: ye"))
      session.type(`s${keys.enter}`)
      const code = yield* promised(() => session.exited())
      const screen = yield* promised(() => session.waitFor("STTY:"))
      assert.strictEqual(code, 0, screen)
      assert.include(screen, "Only \"yes\" is accepted: yes\n", "the answer, and the line ends after it")
      assert.include(screen, "Apply complete: 8 applied, 0 failed, 0 not attempted.")
      assert.match(sttyAfter(screen), / icanon .* echo /, "the terminal is not left in raw mode")
    }).pipe(Effect.provide(EmulatorLive)), { timeout: 60_000 })

  for (const [key, name] of [[keys.ctrlC, "Ctrl-C"], [keys.ctrlD, "Ctrl-D"]] as const) {
    it.scopedLive(
      `${name} at the prompt means no: exit 1, nothing changed, the terminal as it was`,
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* emulator.reset
          const session = start([...rocksetUsers, "apply", desired], { env: envOf(emulator), checkTerminal: true })
          yield* promised(() => session.waitFor("Only \"yes\" is accepted: "))
          session.type(`ye${key}`)
          const code = yield* promised(() => session.exited())
          const screen = yield* promised(() => session.waitFor("STTY:"))
          assert.strictEqual(code, 1, screen)
          assert.include(screen, "apply cancelled; nothing was changed")
          assert.match(sttyAfter(screen), / icanon .* echo /, "the terminal is not left in raw mode")
          const requests = yield* emulator.requests
          assert.deepStrictEqual(requests.filter((request) => request.method !== "GET"), [])
          assert.deepStrictEqual((yield* emulator.users).map((user) => user.email), ["admin@example.com"])
        }).pipe(Effect.provide(EmulatorLive)),
      { timeout: 60_000 }
    )
  }

  it.scopedLive(
    "Ctrl-C during apply: progress from 0/N; no new change, those in flight end; what was and was not done; exit 130",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.reset
        // slow enough to interrupt after the first change, whatever the machine
        yield* emulator.faults.add({ operation: "create", times: "persistent", action: Fault.latency(300) })
        const record = join(dir, "interrupted-record.json")
        const session = start([...rocksetUsers, "apply", desired, "--yes", "--concurrency", "2", "--record", record], {
          env: envOf(emulator),
          checkTerminal: true
        })
        const first = yield* promised(() => session.waitFor("1/8"))
        assert.isBelow(first.indexOf("0/8  0 done, 0 failed"), first.indexOf("1/8"), "0/8 shows before any result")
        session.type(keys.ctrlC)
        const code = yield* promised(() => session.exited())
        const screen = yield* promised(() => session.waitFor("STTY:"))
        assert.strictEqual(code, 130, screen)
        const summary = /(\d+) applied, 0 failed, (\d+) not started \(of 8\)/.exec(screen)
        assert.isNotNull(summary, screen)
        const [applied, notStarted] = [Number(summary![1]), Number(summary![2])]
        assert.isAbove(notStarted, 0, "the run stopped")
        assert.strictEqual(applied + notStarted, 8)
        assert.include(screen, "Not done:")
        // the organisation holds exactly the changes reported applied; every create sent got its answer
        const created = (yield* emulator.users).map((user) => user.email).filter((email) =>
          email !== "admin@example.com"
        )
        assert.strictEqual(created.length, applied)
        for (const email of created) assert.notInclude(screen.slice(screen.indexOf("Not done:")), email)
        const creates = (yield* emulator.requests).filter((request) => request.operation === "create")
        assert.strictEqual(creates.length, applied)
        assert.isTrue(creates.every((request) => request.status === 200), JSON.stringify(creates))
        assert.match(sttyAfter(screen), / icanon .* echo /)
        // the record written as the run stopped: what was applied, and the rest not started, under a good checksum
        const written = yield* OrgSync.decodeRecord(readFileSync(record, "utf8"))
        assert.deepStrictEqual(
          written.changes.filter((entry) => entry.outcome === "applied").map((entry) => entry.email).sort(),
          [...created].sort()
        )
        assert.strictEqual(written.changes.filter((entry) => entry.outcome === "not-started").length, notStarted)
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 60_000 }
  )

  it.scopedLive(
    "revert asks as apply does: Ctrl-C means no (nothing put back), 'yes' puts back what the apply made",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.reset
        const record = join(dir, "revert-record.json")
        // the revert deletes the 8 users the apply created: 8 of 9, past the record's 25% guard
        const allDeletes = ["--max-delete-share", "1"]
        const env = envOf(emulator)
        const applied = start([...rocksetUsers, "apply", desired, "--yes", "--record", record], { env })
        assert.strictEqual(yield* promised(() => applied.exited()), 0, applied.output())
        const created = (yield* emulator.users).length
        assert.strictEqual(created, 1 + newcomers.length)
        const refused = start([...rocksetUsers, "revert", record, ...allDeletes], { env, checkTerminal: true })
        yield* promised(() => refused.waitFor("Only \"yes\" is accepted: "))
        yield* promised(() => refused.waitForKeys())
        refused.type(`ye${keys.ctrlC}`)
        assert.strictEqual(yield* promised(() => refused.exited()), 1, refused.output())
        const screen = yield* promised(() => refused.waitFor("STTY:"))
        assert.include(screen, "Apply these 8 change(s) to the organisation?")
        assert.include(screen, "nothing was changed")
        assert.match(sttyAfter(screen), / icanon .* echo /, "the terminal is not left in raw mode")
        assert.strictEqual((yield* emulator.users).length, created)
        const reverted = start([...rocksetUsers, "revert", record, ...allDeletes], { env, checkTerminal: true })
        yield* promised(() => reverted.waitFor("Only \"yes\" is accepted: "))
        yield* promised(() => reverted.waitForKeys())
        reverted.type(`yes${keys.enter}`)
        assert.strictEqual(yield* promised(() => reverted.exited()), 0, reverted.output())
        const done = yield* promised(() => reverted.waitFor("STTY:"))
        assert.include(done, "Only \"yes\" is accepted: yes\n", "the answer shows, and the line ends after it")
        assert.deepStrictEqual((yield* emulator.users).map((user) => user.email), ["admin@example.com"])
        assert.match(sttyAfter(done), / icanon .* echo /)
      }).pipe(Effect.provide(EmulatorLive)),
    { timeout: 90_000 }
  )

  it.live("--help fits 80 columns and lists every command, each with its line", () =>
    Effect.gen(function*() {
      const session = start([...rocksetUsers, "--help"])
      const code = yield* promised(() => session.exited())
      const screen = session.output().replace(/\r/g, "")
      assert.strictEqual(code, 0, screen)
      const lines = screen.split("\n")
      assert.deepStrictEqual(lines.filter((line) => line.length > 80), [])
      const commands = ["plan", "apply", "revert", "export", "list", "get", "whoami"]
      const listed = lines.slice(lines.indexOf("COMMANDS") + 1, lines.indexOf("COMMANDS") + 1 + commands.length)
      assert.deepStrictEqual(listed.map((line) => line.trim().split(/\s+/)[0]), commands)
      assert.isBelow(lines.indexOf("COMMANDS"), lines.indexOf("FLAGS"), "commands come first")
    }), { timeout: 30_000 })
})
