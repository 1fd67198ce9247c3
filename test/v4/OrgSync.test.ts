import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as ApiKey from "../../src/v4/ApiKey.js"
import * as Emulator from "../../src/v4/emulator/Emulator.js"
import * as Fault from "../../src/v4/emulator/Fault.js"
import { OrgSync, RocksetError, Users } from "../../src/v4/index.js"
import { caller, everyone, guardCases, guardErrorMismatches, seedUsers } from "../scenarios/sync.js"

/** `Users` on a fresh emulator holding the seed users, over the platform's fetch client. */
const organisation = Users.layer.pipe(
  Layer.provideMerge(Emulator.layerClient({ rateLimits: false, seedUsers })),
  Layer.provide(FetchHttpClient.layer)
)

/** The requests that change something, as the emulator logged them. */
const writes = Effect.map(
  Effect.flatMap(Effect.service(Emulator.Emulator), (emulator) => emulator.requests),
  (requests) => requests.filter((request) => request.method !== "GET")
)

const unpaced: OrgSync.ApplyOptions = { rateLimits: false }

describe("OrgSync (Effect 4) on the emulator", () => {
  it.live("plans, applies, plans again empty; the export plans empty too", () =>
    Effect.gen(function*() {
      const desired: OrgSync.Document = {
        users: [
          { email: "ADMIN@example.com", roles: ["admin"] },
          { email: "ada@example.com", roles: ["member", "admin"] },
          { email: "grace@example.com", roles: ["read-only"] },
          { email: "New@Example.com", roles: ["member"] }
        ]
      }
      const plan = yield* OrgSync.plan(desired, { mode: "exact", maxDeleteShare: 0.5 })
      assert.deepStrictEqual(plan.changes.map((change) => [change.kind, change.email]), [
        ["create", "new@example.com"],
        ["update", "grace@example.com"],
        ["delete", "linus@example.com"]
      ])
      assert.deepStrictEqual(plan.unchanged, [caller, "ada@example.com"])
      assert.deepStrictEqual(OrgSync.summary(plan), {
        creates: 1,
        roleChanges: 1,
        nameChanges: 0,
        deletes: 1,
        unchanged: 2,
        unlisted: 0,
        skipped: 0
      })
      const result = yield* OrgSync.apply(plan, unpaced)
      assert.deepStrictEqual([result.applied, result.failed, result.notAttempted], [3, 0, 0])
      assert.deepStrictEqual(result.results.map((r) => r.index), [0, 1, 2])
      assert.isTrue(OrgSync.isEmpty(yield* OrgSync.plan(desired, { mode: "exact" })))
      const exported = yield* OrgSync.export()
      assert.deepStrictEqual(exported.users.map((user) => user.email).sort(), [
        "ada@example.com",
        caller,
        "grace@example.com",
        "new@example.com"
      ])
      assert.isTrue(OrgSync.isEmpty(yield* OrgSync.plan(exported, { mode: "exact" })))
      const yaml = OrgSync.print(exported, "yaml")
      assert.deepStrictEqual(yield* OrgSync.parse(yaml, "yaml"), {
        users: [...exported.users].sort((a, b) => a.email < b.email ? -1 : 1)
      })
    }).pipe(Effect.provide(organisation)))

  it.live("each guard fails with its own error, naming the guard, with no email in its message; nothing is written", () =>
    Effect.gen(function*() {
      for (const guardCase of guardCases) {
        const error = yield* Effect.flip(OrgSync.plan(guardCase.document, guardCase.options))
        assert.deepStrictEqual(guardErrorMismatches(guardCase, error), [])
      }
      const plan = yield* OrgSync.plan({ users: everyone.slice(0, 2) }, { mode: "exact", maxDeleteShare: 0.5 })
      assert.strictEqual(plan.changes.length, 2)
      assert.deepStrictEqual(yield* writes, [])
    }).pipe(Effect.provide(organisation)))

  it.live("a bad document or bad options fail with a typed error before any request", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.clearRequests
      const bad = yield* Effect.flip(OrgSync.plan({ users: [{ email: "not an email", roles: [] }] }))
      assert.strictEqual(bad._tag, "InvalidDocument")
      if (bad._tag === "InvalidDocument") {
        assert.deepStrictEqual(bad.problems.map((p) => p.path), ["users[0].email", "users[0].roles"])
        assert.instanceOf(bad, OrgSync.InvalidDocument)
      }
      const share = yield* Effect.flip(OrgSync.plan({ users: [] }, { maxDeleteShare: 1.5 }))
      assert.instanceOf(share, OrgSync.InvalidOptions)
      const empty: OrgSync.Plan = { mode: "additive", caller, changes: [], unchanged: [], unlisted: [], skipped: [] }
      const applyOptions = yield* Effect.flip(OrgSync.apply(empty, { concurrency: 0 }))
      assert.strictEqual(applyOptions._tag, "InvalidOptions")
      assert.include(applyOptions.message, "nothing was sent")
      const parsed = yield* Effect.flip(OrgSync.parse("users:\n  - email: a@b.co\n    roles: []\n", "yaml"))
      assert.deepStrictEqual(parsed.problems.map((p) => [p.line, p.path]), [[3, "users[0].roles"]])
      assert.deepStrictEqual(yield* emulator.requests, [])
    }).pipe(Effect.provide(organisation)))

  it.live("applyEvents reports Started, a Result per change and Finished, in the plan's order at the end", () =>
    Effect.gen(function*() {
      const plan = yield* OrgSync.plan({
        users: Array.from({ length: 4 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
      })
      const events = Array.from(
        yield* Stream.runCollect(OrgSync.applyEvents(plan, { rateLimits: false, concurrency: 2 }))
      )
      assert.deepStrictEqual(events[0], { _tag: "Started", total: 4, estimatedMillis: 0 })
      const results = events.filter((event) => event._tag === "Result")
      assert.deepStrictEqual(results.map((event) => event.done), [1, 2, 3, 4])
      const finished = events[events.length - 1]
      assert.strictEqual(finished?._tag, "Finished")
      if (finished?._tag === "Finished") {
        assert.deepStrictEqual(finished.result.results.map((r) => [r.index, r.outcome]), [
          [0, "applied"],
          [1, "applied"],
          [2, "applied"],
          [3, "applied"]
        ])
      }
      // paced, the estimate is whole windows: the 4 creates still to make, 2 a window, end 1 window after the first
      const paced = yield* OrgSync.plan({
        users: Array.from({ length: 8 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
      })
      const [started] = Array.from(
        yield* Stream.runCollect(
          Stream.take(
            OrgSync.applyEvents(paced, { rateLimits: { create: 2, update: 2, windowMillis: 1_000, marginMillis: 0 } }),
            1
          )
        )
      )
      assert.deepStrictEqual(started, { _tag: "Started", total: 4, estimatedMillis: 1_000 })
    }).pipe(Effect.provide(organisation)))

  it.live("partial failure: a failed change carries its v4 RocksetError; after maxFailures the rest are not attempted", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const memberKey = yield* emulator.addUser({ email: "member@example.com", roles: ["member"] })
      const plan = yield* OrgSync.plan({
        users: Array.from({ length: 5 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
      })
      const options: OrgSync.ApplyOptions = { rateLimits: false, concurrency: 1, maxFailures: 2 }
      // a member may not create users: every create is refused with 403
      const events = Array.from(
        yield* Stream.runCollect(OrgSync.applyEvents(plan, options)).pipe(
          Effect.provideService(ApiKey.ApiKey, memberKey)
        )
      )
      assert.deepStrictEqual(events.map((event) => event._tag).slice(-2), ["Stopped", "Finished"])
      assert.deepStrictEqual(events.find((event) => event._tag === "Stopped"), {
        _tag: "Stopped",
        failed: 2,
        notAttempted: 3
      })
      const finished = events[events.length - 1]
      const result = finished?._tag === "Finished" ? finished.result : undefined
      assert.deepStrictEqual(result?.results.map((r) => r.outcome), [
        "failed",
        "failed",
        "not-attempted",
        "not-attempted",
        "not-attempted"
      ])
      const failed = result?.results[0]
      assert.instanceOf(failed?.outcome === "failed" ? failed.error : undefined, RocksetError.Forbidden)
      // a transient failure the policy gives up on fails that change only; the next run finishes the job
      yield* emulator.faults.add({ operation: "create", times: 3, action: Fault.status(503) })
      const first = yield* OrgSync.apply(plan, { rateLimits: false, concurrency: 1 })
      assert.deepStrictEqual([first.applied, first.failed, first.notAttempted], [4, 1, 0])
      const rest = yield* OrgSync.plan({
        users: Array.from({ length: 5 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
      })
      assert.strictEqual(rest.changes.length, 1)
      assert.strictEqual((yield* OrgSync.apply(rest, unpaced)).applied, 1)
    }).pipe(Effect.provide(organisation)))
})
