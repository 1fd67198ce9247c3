/**
 * `npm run bench:sync [-- --runs=N] [-- --json]`: organisation sync on the emulator.
 *
 * - Pacing: the emulator's sliding-window limits on, scaled 60× (10 creates and 50 updates per second, so
 *   600 and 3,000 a minute); an apply of 100 creates and 100 role changes, timed against the least time the
 *   limits allow (the 100th create cannot be sent before 9 whole windows after the first), and the 429
 *   answers counted in the emulator's request log. Three runs unless `--runs` says otherwise.
 * - Planning: `OrgSync.plan` of 10,000 desired users against an organisation of 10,000 (one `list` of 8 MB
 *   over loopback, its decoding, one `getCurrentUser`, the diff), and parsing the document; five runs each,
 *   median.
 *
 * Prints a Markdown table for BENCHMARKS.md and exits non-zero when the pacing target is missed. With
 * `--json` it runs the pacing only and prints its runs as one JSON line (`bench/main.ts` reads it).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Console, Effect, Layer } from "effect"
import { Emulator } from "../src/v3/emulator/index.js"
import { OrgSync, Users } from "../src/v3/index.js"

const args = process.argv.slice(2)
const json = args.includes("--json")
const runCount = Number(args.find((arg) => arg.startsWith("--runs="))?.slice("--runs=".length) ?? 3)

/** The pacing goal: at most this many times the least time the limits allow, and no 429. */
const pacingGoal = 1.05

export interface PacingRun {
  readonly elapsed: number
  readonly minimum: number
  readonly applied: number
  readonly failed: number
  readonly throttled: number
  readonly requests: number
  readonly windowsKept: boolean
  readonly emptyAfter: boolean
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`

const clientOn = (options: Emulator.Options) =>
  Users.layer.pipe(Layer.provideMerge(Emulator.layerClient(options)), Layer.provide(FetchHttpClient.layer))

const limits = { create: 10, update: 50, windowMillis: 1_000 }

// Worked out here rather than taken from the library's pacer: the bench checks that pacer's arithmetic.
/** The least time from the first send that `count` sends need: `ceil(count / limit) - 1` whole windows. */
const minimumMillis = (count: number, limit: number) => (Math.ceil(count / limit) - 1) * limits.windowMillis
/** Whether no window of the server's length holds more than `limit` of these send times. */
const keepsTo = (times: ReadonlyArray<number>, limit: number) => {
  const sorted = [...times].sort((a, b) => a - b)
  return sorted.every((time, i) => i < limit || time - sorted[i - limit]! >= limits.windowMillis)
}
const minimum = Math.max(minimumMillis(100, limits.create), minimumMillis(100, limits.update))

const pacingRun: Effect.Effect<PacingRun, unknown> = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const seeded = Array.from({ length: 100 }, (_, i) => `member-${i}@example.com`)
  const document: OrgSync.Document = {
    users: [
      { email: "admin@example.com", roles: ["admin"] },
      ...seeded.map((email) => ({ email, roles: ["read-only"] })),
      ...Array.from({ length: 100 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
    ]
  }
  const plan = yield* OrgSync.plan(document)
  yield* emulator.clearRequests
  const started = performance.now()
  const result = yield* OrgSync.apply(plan, { rateLimits: limits, concurrency: 4 })
  const elapsed = performance.now() - started
  const requests = yield* emulator.requests
  const at = (op: string) => requests.filter((r) => r.operation === op).map((r) => Date.parse(r.time))
  const again = yield* OrgSync.plan(document)
  return {
    elapsed,
    minimum,
    applied: result.applied,
    failed: result.failed,
    throttled: requests.filter((r) => r.status === 429).length,
    requests: requests.length,
    windowsKept: keepsTo(at("create"), limits.create) && keepsTo(at("update"), limits.update),
    emptyAfter: OrgSync.isEmpty(again)
  }
}).pipe(
  Effect.provide(clientOn({
    rateLimits: { ...limits, read: 1_000 },
    seedUsers: Array.from({ length: 100 }, (_, i) => ({ email: `member-${i}@example.com`, roles: ["member"] }))
  }))
)

const size = 10_000
const bigOrganisation = Array.from({ length: size }, (_, i) => ({
  email: `user-${i}@example.com`,
  roles: i % 50 === 0 ? ["admin"] : ["member"]
}))
// 9,000 the same, 500 with other roles, 500 new; 500 of the organisation not listed
const bigDocument: OrgSync.Document = {
  users: [
    { email: "admin@example.com", roles: ["admin"] },
    ...bigOrganisation.slice(0, 9_000).map((user) => ({ email: user.email.toUpperCase(), roles: [...user.roles] })),
    ...bigOrganisation.slice(9_000, 9_500).map((user) => ({ email: user.email, roles: ["read-only"] })),
    ...Array.from({ length: 500 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
  ].slice(0, size)
}

const planRun = Effect.gen(function*() {
  const times: Array<number> = []
  let changes = 0
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const plan = yield* OrgSync.plan(bigDocument)
    times.push(performance.now() - started)
    changes = plan.changes.length
  }
  const users = yield* Effect.flatMap(Users.Users, (service) => service.list())
  const yaml = OrgSync.print(bigDocument, "yaml")
  const parseTimes: Array<number> = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    yield* OrgSync.parse(yaml, "yaml")
    parseTimes.push(performance.now() - started)
  }
  return { plan: median(times), parse: median(parseTimes), changes, users: users.length }
}).pipe(Effect.provide(clientOn({ rateLimits: false, seedUsers: bigOrganisation.slice(0, size - 1) })))

const pacingRuns = Effect.gen(function*() {
  yield* Console.error(
    `pacing: 100 creates + 100 role changes at ${limits.create} creates and ${limits.update} updates per ${limits.windowMillis} ms`
  )
  const runs: Array<PacingRun> = []
  for (let i = 0; i < runCount; i++) {
    const run = yield* pacingRun
    runs.push(run)
    yield* Console.error(
      `  run ${i + 1}: ${ms(run.elapsed)} (${(run.elapsed / minimum).toFixed(3)}× the minimum ${
        ms(minimum)
      }), ${run.throttled} × 429, windows kept: ${run.windowsKept}, plan after: ${
        run.emptyAfter ? "empty" : "NOT EMPTY"
      }`
    )
  }
  return runs
})

const table = Effect.gen(function*() {
  const runs = yield* pacingRuns
  yield* Console.error("planning 10,000 desired users against 10,000 ...")
  const planned = yield* planRun
  yield* Console.log("\n| measure | result |\n|---|---|")
  for (const [i, run] of runs.entries()) {
    yield* Console.log(
      `| apply, 100 creates + 100 role changes, run ${i + 1} | ${ms(run.elapsed)} = ${
        (run.elapsed / minimum).toFixed(3)
      } × the minimum (${
        ms(minimum)
      }); ${run.applied} applied, ${run.failed} failed; ${run.throttled} answers 429 of ${run.requests} requests; no window over the limit: ${
        run.windowsKept ? "yes" : "NO"
      } |`
    )
  }
  yield* Console.log(
    `| \`OrgSync.plan\`, 10,000 desired vs 10,000 users (list over loopback + decode + diff), median of 5 | ${
      ms(planned.plan)
    } (${planned.changes} changes) |`
  )
  yield* Console.log(`| parsing the 10,000-user YAML document with positions, median of 5 | ${ms(planned.parse)} |`)
  const worst = Math.max(...runs.map((run) => run.elapsed / minimum))
  const throttled = runs.reduce((sum, run) => sum + run.throttled, 0)
  if (worst > pacingGoal || throttled > 0) {
    return yield* Effect.fail(
      new Error(`pacing target missed: worst ${worst.toFixed(3)}× the minimum, ${throttled} × 429`)
    )
  }
})

NodeRuntime.runMain(
  json ? Effect.flatMap(pacingRuns, (runs) => Console.log(JSON.stringify({ runs }))) : table
)
