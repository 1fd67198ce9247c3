import { describe, expect, it } from "vitest"
import type { FailureFacts } from "../../src/core/failure.js"
import {
  type ClientState,
  commit,
  decide,
  precheck,
  refund,
  type RetryInput,
  type RetryRules,
  takeSlot
} from "../../src/core/retry.js"

const budget = { capacity: 500, retryCost: 10, throttlingCost: 5, successRefund: 1 }
const rules: RetryRules = { maxAttempts: 3, ambiguousCreate: "recover", retryBudget: budget, rateLimits: undefined }
const notReady: FailureFacts = { _tag: "NotReady", status: 503 }
const throttled: FailureFacts = { _tag: "ResourceExceeded", status: 429 }
const internal: FailureFacts = { _tag: "InternalError", status: 500 }
const notFound: FailureFacts = { _tag: "NotFound", status: 404 }

const input = (patch: Partial<RetryInput> = {}): RetryInput => ({
  rules,
  kind: "read",
  failure: notReady,
  retryAfterMillis: undefined,
  attempts: 1,
  now: 1_000,
  deadline: 31_000,
  ...patch
})

const fresh = (tokens = 500): ClientState => ({ tokens, slots: new Map() })

describe("the retry decision", () => {
  it("waits what the schedule proposes, never less than 0, and costs a retry", () => {
    expect(decide(input(), 80, fresh())).toEqual({ _tag: "Retry", delay: 80, cost: 10, slot: undefined })
    expect(decide(input(), -5, fresh())).toMatchObject({ _tag: "Retry", delay: 0 })
  })

  it("Retry-After is a floor under the schedule's delay", () => {
    expect(decide(input({ retryAfterMillis: 2_000 }), 80, fresh())).toMatchObject({ _tag: "Retry", delay: 2_000 })
    expect(decide(input({ retryAfterMillis: 10 }), 80, fresh())).toMatchObject({ _tag: "Retry", delay: 80 })
  })

  it("stops when the retry would start at or after the deadline", () => {
    expect(decide(input({ retryAfterMillis: 30_000 }), 0, fresh())).toMatchObject({ _tag: "Stop", reason: "deadline" })
    expect(decide(input({ retryAfterMillis: 29_999 }), 0, fresh())).toMatchObject({ _tag: "Retry", delay: 29_999 })
  })

  it("stops when the budget cannot pay; a 429 costs the throttling price", () => {
    expect(decide(input(), 0, fresh(9))).toMatchObject({ _tag: "Stop", reason: "budget" })
    expect(decide(input({ failure: throttled }), 0, fresh(9))).toMatchObject({ _tag: "Retry", cost: 5 })
    expect(decide(input({ rules: { ...rules, retryBudget: undefined } }), 0, fresh(0))).toMatchObject({
      _tag: "Retry",
      cost: 0
    })
  })

  it("waits for a rate-limit slot, taken at the time of the retry", () => {
    const limited: RetryRules = { ...rules, rateLimits: { create: 10, update: 50, read: 60 } }
    const state = fresh()
    // the bucket is empty: one read a second comes back
    state.slots.set("read", { available: 0, updatedAt: 1_000 })
    const decision = decide(input({ rules: limited }), 100, state)
    expect(decision).toMatchObject({ _tag: "Retry", delay: 900 })
    // the slot is not taken yet at 1100 ms: the decision says what it found there
    expect(decision.slot).toEqual({ available: 0.1, updatedAt: 1_100 })
    commit(state, "read", decision)
    expect(state.slots.get("read")).toEqual({ available: 0.1, updatedAt: 1_100 })
    expect(state.tokens).toBe(490)
  })

  it("stops after the last attempt, before asking the schedule", () => {
    expect(precheck(input({ attempts: 3 }))).toBe("maxAttempts")
    expect(decide(input({ attempts: 3 }), 0, fresh())).toMatchObject({ _tag: "Stop", reason: "maxAttempts" })
    expect(precheck(input({ attempts: 2 }))).toBeUndefined()
  })

  it("repeats a create after an ambiguous failure only with the recovery", () => {
    const create = input({ kind: "create", failure: internal })
    expect(precheck(create)).toBeUndefined()
    expect(precheck({ ...create, rules: { ...rules, ambiguousCreate: "fail" } })).toBe("ambiguousCreate")
    // a create that surely did nothing is repeated either way
    expect(precheck({ ...create, failure: notReady, rules: { ...rules, ambiguousCreate: "fail" } })).toBeUndefined()
    // an update is idempotent
    expect(precheck({ ...create, kind: "update", rules: { ...rules, ambiguousCreate: "fail" } })).toBeUndefined()
  })

  it("does not repeat what is not transient", () => {
    expect(precheck(input({ failure: notFound }))).toBe("notTransient")
    expect(precheck(input({ failure: { _tag: "Timeout", scope: "total" } }))).toBe("notTransient")
    expect(precheck(input({ failure: { _tag: "Transport", requestSent: false, code: "CERT_HAS_EXPIRED" } }))).toBe(
      "notTransient"
    )
  })

  it("stops when the schedule is done", () => {
    expect(decide(input(), undefined, fresh())).toMatchObject({ _tag: "Stop", reason: "scheduleDone" })
  })

  it("keeps today's order: the deadline is checked before the budget", () => {
    expect(decide(input({ retryAfterMillis: 40_000 }), 0, fresh(0))).toMatchObject({ reason: "deadline" })
  })
})

describe("the client's state", () => {
  it("a slot refills continuously and is taken when one request is available", () => {
    const first = takeSlot(undefined, 60, 0)
    expect(first).toEqual({ wait: 0, slot: { available: 59, updatedAt: 0 } })
    expect(takeSlot({ available: 0.5, updatedAt: 0 }, 60, 0)).toEqual({
      wait: 500,
      slot: { available: 0.5, updatedAt: 0 }
    })
    expect(takeSlot({ available: 0.5, updatedAt: 0 }, 60, 500).wait).toBe(0)
  })

  it("a success refunds what the last retry cost, or the success refund, up to the capacity", () => {
    const state = fresh(100)
    refund(state, budget, 1, 0)
    expect(state.tokens).toBe(101)
    refund(state, budget, 2, 5)
    expect(state.tokens).toBe(106)
    state.tokens = 499
    refund(state, budget, 3, 10)
    expect(state.tokens).toBe(500)
  })
})
