/**
 * `npm run bench:sync`: organisation sync on the emulator.
 *
 * - Pacing: the emulator's sliding-window limits on, scaled 60× (10 creates and 50 updates per second, so
 *   600 and 3,000 a minute); an apply of 100 creates and 100 role changes, timed against the least time the
 *   limits allow (the 100th create cannot be sent before 9 whole windows after the first), and the 429
 *   answers counted in the emulator's request log. Three runs.
 * - Planning: `OrgSync.plan` of 10,000 desired users against an organisation of 10,000 (one `list` of 8 MB
 *   over loopback, its decoding, one `getCurrentUser`, the diff), and the diff alone; five runs each, median.
 *
 * Prints a Markdown table for BENCHMARKS.md.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Console, Effect, Layer } from "effect"
import { OrgSync, Users } from "effect-rockset"
import { Emulator } from "effect-rockset/emulator"
import * as RateWindow from "../src/core/rateWindow.js"
import * as Doc from "../src/core/sync/document.js"
import * as Planner from "../src/core/sync/plan.js"

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`

const clientOn = (options: Emulator.Options) =>
  Users.layer.pipe(Layer.provideMerge(Emulator.layerClient(options)), Layer.provide(FetchHttpClient.layer))

const limits = { create: 10, update: 50, windowMillis: 1_000 }
const minimum = Math.max(
  RateWindow.minimumMillis(100, { limit: limits.create, windowMillis: limits.windowMillis }),
  RateWindow.minimumMillis(100, { limit: limits.update, windowMillis: limits.windowMillis })
)

const pacingRun = Effect.gen(function*() {
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
    applied: result.applied,
    failed: result.failed,
    throttled: requests.filter((r) => r.status === 429).length,
    requests: requests.length,
    windowsKept: RateWindow.keepsTo(at("create"), { limit: limits.create, windowMillis: limits.windowMillis }) &&
      RateWindow.keepsTo(at("update"), { limit: limits.update, windowMillis: limits.windowMillis }),
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
  const diffTimes: Array<number> = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    Planner.plan(users, "admin@example.com", bigDocument)
    diffTimes.push(performance.now() - started)
  }
  const yaml = Doc.print(bigDocument, "yaml")
  const parseTimes: Array<number> = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    Doc.parse(yaml, "yaml")
    parseTimes.push(performance.now() - started)
  }
  return { plan: median(times), diff: median(diffTimes), parse: median(parseTimes), changes, users: users.length }
}).pipe(Effect.provide(clientOn({ rateLimits: false, seedUsers: bigOrganisation.slice(0, size - 1) })))

const program = Effect.gen(function*() {
  yield* Console.log(
    `pacing: 100 creates + 100 role changes at ${limits.create} creates and ${limits.update} updates per ${limits.windowMillis} ms`
  )
  const runs: Array<Effect.Effect.Success<typeof pacingRun>> = []
  for (let i = 0; i < 3; i++) {
    const run = yield* pacingRun
    runs.push(run)
    yield* Console.log(
      `  run ${i + 1}: ${ms(run.elapsed)} (${(run.elapsed / minimum).toFixed(3)}× the minimum ${
        ms(minimum)
      }), ${run.throttled} × 429, windows kept: ${run.windowsKept}, plan after: ${
        run.emptyAfter ? "empty" : "NOT EMPTY"
      }`
    )
  }
  yield* Console.log("planning 10,000 desired users against 10,000 ...")
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
  yield* Console.log(`| the diff alone (core planner), median of 5 | ${ms(planned.diff)} |`)
  yield* Console.log(`| parsing the 10,000-user YAML document with positions, median of 5 | ${ms(planned.parse)} |`)
  const worst = Math.max(...runs.map((run) => run.elapsed / minimum))
  const throttled = runs.reduce((sum, run) => sum + run.throttled, 0)
  if (worst > 1.1 || throttled > 0) {
    return yield* Effect.fail(
      new Error(`pacing target missed: worst ${worst.toFixed(3)}× the minimum, ${throttled} × 429`)
    )
  }
})

NodeRuntime.runMain(program)
