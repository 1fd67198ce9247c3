import { describe, expect, it } from "@effect/vitest"
import * as Apply from "../../src/core/sync/apply.js"
import * as Planner from "../../src/core/sync/plan.js"

// issue 22, item 7 and 6: a plan counts each user once; apply's time left counts what the run has taken so far
describe("sync counts", () => {
  it("a second plan counts each user once: a user whose names wait on the invite is skipped, not unchanged too", () => {
    const current = [
      { email: "admin@example.com", roles: ["admin"], state: "ACTIVE" },
      { email: "ada@example.com", roles: ["member"], state: "ACTIVE", first_name: "Ada" },
      { email: "new@example.com", roles: ["member"], state: "NEW", first_name: null }
    ]
    const planned = Planner.plan(current, "admin@example.com", {
      users: [
        { email: "admin@example.com", roles: ["admin"] },
        { email: "ada@example.com", roles: ["member"], first_name: "Ada" },
        { email: "new@example.com", roles: ["member"], first_name: "New" }
      ]
    })
    expect(planned.ok).toBe(true)
    const summary = Planner.summary(planned.plan)
    expect(Planner.isEmpty(planned.plan)).toBe(true)
    expect(planned.plan.unchanged).toEqual(["admin@example.com", "ada@example.com"])
    expect(planned.plan.skipped.map((skipped) => skipped.email)).toEqual(["new@example.com"])
    expect(summary.unchanged + summary.unlisted + summary.skipped).toBe(current.length)
  })

  it("the time left counts the latency observed, not the pacing only", () => {
    const changes: ReadonlyArray<Planner.Change> = Array.from(
      { length: 4 },
      (_, i) => ({ kind: "create", email: `user-${i}@example.com`, roles: ["member"] })
    )
    const plan: Planner.Plan = {
      mode: "additive",
      caller: "admin@example.com",
      changes,
      unchanged: [],
      unlisted: [],
      skipped: []
    }
    const run = Apply.makeRun<never>(plan, { rateLimits: false })
    expect(run.started(10_000)).toEqual({ _tag: "Started", total: 4, estimatedMillis: 0 })
    const [first, second, third, fourth] = run.changesOf("create")
    // one change a second: three seconds left after the first, then two, then one, then none
    const left = [first, second, third, fourth].map((item, i) => {
      const event = run.record({ ...item!, outcome: "applied" }, 10_000 + (i + 1) * 1_000)
      return event._tag === "Result" ? event.remainingMillis : undefined
    })
    expect(left).toEqual([3_000, 2_000, 1_000, 0])
  })

  it("the time left is never under what the rate limits allow", () => {
    const changes: ReadonlyArray<Planner.Change> = Array.from(
      { length: 3 },
      (_, i) => ({ kind: "create", email: `user-${i}@example.com`, roles: ["member"] })
    )
    const plan: Planner.Plan = {
      mode: "additive",
      caller: "admin@example.com",
      changes,
      unchanged: [],
      unlisted: [],
      skipped: []
    }
    const run = Apply.makeRun<never>(plan, {
      rateLimits: { create: 1, update: 1, windowMillis: 1_000, marginMillis: 0 }
    })
    run.started(0)
    const [first] = run.changesOf("create")
    const window = run.window("create")!
    const booked = Apply.book(window, 0)
    expect("slot" in booked).toBe(true)
    const event = run.record({ ...first!, outcome: "applied" }, 10)
    // observed: 10 ms a change; the window allows one a second
    expect(event._tag === "Result" && event.remainingMillis).toBeGreaterThanOrEqual(1_000)
  })
})
