import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { OrgSync, Users } from "effect-rockset"
import { Emulator, Fault } from "effect-rockset/emulator"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as RateWindow from "../../src/core/rateWindow.js"
import { runCli } from "./cliProcess.js"

const seedUsers = Array.from({ length: 8 }, (_, i) => ({ email: `old-${i}@example.com`, roles: ["member"] }))

/** Half the seed users change roles. */
const updates = seedUsers.length / 2

const document = (creates: number): OrgSync.Document => ({
  users: [
    { email: "admin@example.com", roles: ["admin"] },
    ...Array.from({ length: creates }, (_, i) => ({ email: `New-${i}@Example.com`, roles: ["member", "read-only"] })),
    ...seedUsers.map((user, i) => ({ email: user.email, roles: i % 2 === 0 ? ["read-only"] : ["member"] }))
  ]
})

const clientOn = (options: Emulator.Options) =>
  Users.layer.pipe(Layer.provideMerge(Emulator.layerClient(options)), Layer.provide(FetchHttpClient.layer))

/** No user twice, every desired user there with its roles, nothing else lost. */
const converged = (
  users: ReadonlyArray<{ readonly email: string; readonly roles?: ReadonlyArray<string> | null | undefined }>,
  creates: number
) => {
  const emails = users.map((u) => u.email)
  assert.strictEqual(new Set(emails).size, emails.length, "no duplicate user")
  assert.strictEqual(emails.length, 1 + creates + seedUsers.length, "nothing lost, nothing extra")
  for (let i = 0; i < creates; i++) {
    assert.deepStrictEqual(users.find((u) => u.email === `new-${i}@example.com`)?.roles, ["member", "read-only"])
  }
}

describe("OrgSync on the emulator", () => {
  it.scopedLive(
    "with resets and 503s injected mid-apply, planning again and applying converges: no duplicate, nothing lost",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add(
          // ambiguous: the create is applied, then the connection drops (the policy recovers it through 409)
          { operation: "create", times: 2, action: Fault.reset({ apply: true }) },
          // more failures in a row than the policy's 3 attempts: this change fails in the first run
          { operation: "create", times: 4, action: Fault.status(503) },
          { operation: "update", times: 3, action: Fault.status(503) },
          { operation: "update", times: 1, action: Fault.reset({ apply: false }) }
        )
        const first = yield* OrgSync.apply(yield* OrgSync.plan(document(12)), { rateLimits: false, concurrency: 1 })
        assert.isAbove(first.failed, 0, "the faults made some change fail")
        assert.strictEqual(first.results.length, 12 + updates)
        const requests = yield* emulator.requests
        assert.isAbove(requests.filter((r) => r.fault === "reset").length, 0)
        assert.isAbove(requests.filter((r) => r.status === 503).length, 0)
        // the second run finishes the job
        const rest = yield* OrgSync.plan(document(12))
        // a failed change may still have been made (a create applied before its connection dropped, then 503s)
        assert.isAtMost(rest.changes.length, first.failed)
        const second = yield* OrgSync.apply(rest, { rateLimits: false })
        assert.deepStrictEqual([second.failed, second.notAttempted], [0, 0])
        assert.isTrue(OrgSync.isEmpty(yield* OrgSync.plan(document(12))))
        converged(yield* emulator.users, 12)
      }).pipe(Effect.provide(clientOn({ rateLimits: false, seedUsers }))),
    { timeout: 60_000 }
  )

  it.scopedLive(
    "paced to the emulator's sliding-window limits (scaled to a 1 s window): zero 429s, no window over the limit",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const plan = yield* OrgSync.plan(document(25))
        const started = Date.now()
        const result = yield* OrgSync.apply(plan, { rateLimits: { create: 10, update: 4, windowMillis: 1_000 } })
        const elapsed = Date.now() - started
        assert.deepStrictEqual([result.applied, result.failed], [25 + updates, 0])
        const requests = yield* emulator.requests
        assert.strictEqual(requests.filter((r) => r.status === 429).length, 0, "no 429 answer")
        const at = (op: string) => requests.filter((r) => r.operation === op).map((r) => Date.parse(r.time))
        assert.isTrue(RateWindow.keepsTo(at("create"), { limit: 10, windowMillis: 1_000 }))
        assert.isTrue(RateWindow.keepsTo(at("update"), { limit: 4, windowMillis: 1_000 }))
        // 25 creates at 10 a second need at least 2 whole windows after the first send
        assert.isAtLeast(elapsed, 2_000)
        converged(yield* emulator.users, 25)
      }).pipe(
        Effect.provide(clientOn({ rateLimits: { create: 10, update: 4, read: 100, windowMillis: 1_000 }, seedUsers }))
      ),
    { timeout: 60_000 }
  )

  it.scopedLive(
    "the command killed (SIGKILL) between changes: plan and apply again finish with no duplicate and nothing lost",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const dir = mkdtempSync(join(tmpdir(), "rockset-users-kill-"))
        const path = join(dir, "org.json")
        writeFileSync(path, JSON.stringify(document(20)))
        const env = { ROCKSET_APIKEY: Redacted.value(emulator.adminKey), ROCKSET_APISERVER: emulator.url }
        // 5 creates a second, as the emulator allows: the run takes about 4 s, and is killed once 7 users are created
        const limits = ["--create-limit", "5", "--rate-window", "1000"]
        let kill: (() => void) | undefined
        const watcher = Effect.gen(function*() {
          while (true) {
            const created = (yield* emulator.users).filter((u) => u.email.startsWith("new-")).length
            if (created >= 7 && kill !== undefined) return kill()
            yield* Effect.sleep("20 millis")
          }
        })
        const [killed] = yield* Effect.all([
          runCli(["apply", path, "--yes", "--concurrency", "1", ...limits], {
            env,
            onStart: (child) => (kill = () => child.kill("SIGKILL"))
          }),
          watcher
        ], { concurrency: 2 })
        assert.strictEqual(killed.signal, "SIGKILL")
        const between = (yield* emulator.users).filter((u) => u.email.startsWith("new-")).length
        assert.isAtLeast(between, 7)
        assert.isBelow(between, 20)
        const resumed = yield* runCli(["apply", path, "--yes", ...limits], { env })
        assert.strictEqual(resumed.code, 0, resumed.stdout + resumed.stderr)
        assert.include(resumed.stdout, `Apply complete: `)
        const done = yield* runCli(["plan", path], { env })
        assert.strictEqual(done.code, 0, done.stdout)
        converged(yield* emulator.users, 20)
        const requests = yield* emulator.requests
        // No 429 count here: the resumed run cannot know what the killed one sent in its last window, so its
        // first creates may meet 429 (and are retried). Pacing with zero 429s is the other test's and the bench's.
        assert.strictEqual(requests.filter((r) => r.operation === "create" && r.status === 409).length, 0)
      }).pipe(Effect.provide(Emulator.layer({ rateLimits: { create: 5, windowMillis: 1_000 }, seedUsers }))),
    {
      timeout: 60_000
    }
  )
})
