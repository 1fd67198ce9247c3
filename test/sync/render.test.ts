import { describe, expect, it } from "@effect/vitest"
import type { OrgSync } from "effect-rockset"
import * as Render from "../../src/cli/render.js"

const plain = { color: false }

describe("rockset-users output", () => {
  it("durations for people", () => {
    expect([0, 999, 1_000, 59_001, 60_000, 3_599_000, 3_600_000 + 5 * 60_000].map(Render.duration)).toEqual([
      "0 s",
      "1 s",
      "1 s",
      "1 min 0 s",
      "1 min 0 s",
      "59 min 59 s",
      "1 h 5 min"
    ])
  })

  it("a progress bar with counts and the time left; colour only when asked", () => {
    const event: Extract<OrgSync.Event, { _tag: "Result" }> = {
      _tag: "Result",
      result: { index: 3, change: { kind: "delete", email: "x@example.com", roles: [] }, outcome: "applied" },
      done: 10,
      failed: 2,
      total: 40,
      remainingMillis: 185_000
    }
    expect(Render.progressBar(event, plain, 8)).toBe("[##------] 10/40  8 done, 2 failed  ~ 3 min 5 s left")
    expect(Render.progressBar(event, { color: true }, 8)).toContain("\u001b[31m2 failed\u001b[0m")
  })

  it("the plan table: a line per change and skipped change, then the counts", () => {
    const plan: OrgSync.Plan = {
      mode: "additive",
      caller: "admin@example.com",
      changes: [
        { kind: "create", email: "new@example.com", roles: ["member"], first_name: "N" },
        { kind: "update", email: "a@example.com", roles: { from: ["member"], to: ["admin"] } }
      ],
      unchanged: ["admin@example.com"],
      unlisted: ["old@example.com"],
      skipped: [{ email: "p@example.com", field: "names", reason: "invite-pending" }]
    }
    expect(Render.planTable(plan, plain).split("\n")).toEqual([
      "  + create  new@example.com  roles: member; name: N",
      "  ~ update  a@example.com    roles: member → admin",
      "  ! skip    p@example.com    names: invite pending, set once accepted",
      "",
      "Plan: 1 to create, 1 to update (1 role, 0 name), 0 to delete.",
      "1 unchanged, 1 not listed (kept: additive mode), 1 skipped. Mode: additive.",
      ""
    ])
  })
})
