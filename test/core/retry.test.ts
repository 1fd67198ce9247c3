import { describe, expect, it } from "vitest"
import type { FailureFacts } from "../../src/core/failure.js"
import {
  attemptLimit,
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

  it("waits for a rate-limit slot, booked at the time of the retry", () => {
    const limited: RetryRules = { ...rules, rateLimits: { create: 10, update: 50, read: 60 } }
    const state = fresh()
    // 60 reads booked in the minute before: the oldest, at 100 ms, leaves the window at 60.1 s
    state.slots.set("read", Array.from({ length: 60 }, (_, i) => 100 + i * 10))
    const decision = decide(input({ now: 1_000, deadline: 120_000, rules: limited }), 100, state)
    expect(decision).toMatchObject({ _tag: "Retry", delay: 59_100 })
    expect(decision._tag === "Retry" && decision.slot?.at(-1)).toBe(60_100)
    commit(state, "read", decision)
    expect(state.slots.get("read")?.length).toBe(60)
    expect(state.tokens).toBe(490)
  })

  it("books no slot when it stops", () => {
    const limited: RetryRules = { ...rules, rateLimits: { create: 10, update: 50, read: 60 } }
    const state = fresh()
    state.slots.set("read", Array.from({ length: 60 }, (_, i) => 100 + i * 10))
    const decision = decide(input({ now: 1_000, deadline: 30_000, rules: limited }), 100, state)
    expect(decision).toMatchObject({ _tag: "Stop", reason: "deadline" })
    commit(state, "read", decision)
    expect(state.slots.get("read")?.length).toBe(60)
    expect(state.tokens).toBe(500)
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
  it("a slot is the first time at which the last minute holds fewer sends than the limit", () => {
    expect(takeSlot(undefined, 60, 0)).toEqual({ wait: 0, slot: [0] })
    // 10 creates at 0 s, then one at 6 s: a bucket refilling at the rate would let it through, the window not
    const ten = Array.from({ length: 10 }, () => 0)
    expect(takeSlot(ten, 10, 6_000)).toEqual({ wait: 54_000, slot: [60_000] })
    // bookings that left the window are dropped
    expect(takeSlot([0, 10_000], 2, 70_000)).toEqual({ wait: 0, slot: [70_000] })
    // never before the last booking, so concurrent calls keep their order
    expect(takeSlot([5_000], 10, 1_000)).toEqual({ wait: 4_000, slot: [5_000, 5_000] })
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

describe("attemptLimit", () => {
  it("an attempt's own limit while the call has more left; the limit named is the attempt's", () => {
    expect(attemptLimit(10_000, 1_000, 2_000, 10_000)).toEqual({ scope: "attempt", millis: 2_000, limitMillis: 2_000 })
  })
  it("what is left of the call when that is less; the limit named is the whole call's, not what was left", () => {
    expect(attemptLimit(2_500, 2_147, 1_000, 2_500)).toEqual({ scope: "total", millis: 353, limitMillis: 2_500 })
  })
  it("never below 0 once the deadline has passed", () => {
    expect(attemptLimit(1_000, 1_200, 1_000, 1_000)).toEqual({ scope: "total", millis: 0, limitMillis: 1_000 })
  })
})
