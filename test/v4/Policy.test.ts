import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Schedule } from "effect"
import { defaults } from "../../src/core/policy.js"
import * as Policy from "../../src/v4/Policy.js"
import * as RocksetError from "../../src/v4/RocksetError.js"

const notReady = new RocksetError.NotReady({ operation: "get", status: 503 })
const throttled = new RocksetError.ResourceExceeded({ operation: "get", status: 429 })

const delays = (
  schedule: Schedule.Schedule<unknown, RocksetError.CallError>,
  input: RocksetError.CallError,
  n: number
) =>
  Effect.gen(function*() {
    const step = yield* Schedule.toStep(schedule)
    const out: Array<number> = []
    for (let i = 0; i < n; i++) {
      const [, delay] = yield* step(0, input)
      out.push(Duration.toMillis(delay))
    }
    return out
  })

describe("Policy (Effect 4)", () => {
  it("defaults to the core's numbers", () => {
    const policy = Policy.defaultPolicy
    assert.strictEqual(policy.maxAttempts, defaults.maxAttempts)
    assert.strictEqual(Duration.toMillis(policy.attemptTimeout), defaults.attemptTimeoutMillis)
    assert.strictEqual(Duration.toMillis(policy.totalTimeout), defaults.totalTimeoutMillis)
    assert.deepStrictEqual(policy.retryBudget, defaults.retryBudget)
    assert.isUndefined(policy.rateLimits)
    assert.strictEqual(policy.ambiguousCreate, "recover")
  })

  it("combinators replace one field and keep the others", () => {
    const policy = Policy.defaultPolicy.pipe(Policy.withMaxAttempts(5), Policy.withTotalTimeout("2 minutes"))
    assert.strictEqual(policy.maxAttempts, 5)
    assert.strictEqual(Duration.toMillis(policy.totalTimeout), 120_000)
    assert.strictEqual(Duration.toMillis(policy.attemptTimeout), defaults.attemptTimeoutMillis)
    assert.strictEqual(Policy.noRetry.maxAttempts, 1)
    assert.strictEqual(Policy.make({ maxAttempts: 0 }).maxAttempts, 1)
  })

  it.effect("full jitter stays under min(cap, base × 2^retry), from the larger base after a 429", () =>
    Effect.gen(function*() {
      const schedule = Policy.fullJitter({ base: "100 millis", throttlingBase: "1 second", cap: "300 millis" })
      for (let round = 0; round < 50; round++) {
        const [first = -1, second = -1, third = -1] = yield* delays(schedule, notReady, 3)
        assert.isTrue(first >= 0 && first < 100, `first ${first}`)
        assert.isTrue(second >= 0 && second < 200, `second ${second}`)
        assert.isTrue(third >= 0 && third < 300, `third ${third}`)
        const [afterThrottling = -1] = yield* delays(schedule, throttled, 1)
        assert.isTrue(afterThrottling >= 0 && afterThrottling < 300, `throttled ${afterThrottling}`)
      }
      const spread = new Set(yield* delays(schedule, notReady, 20))
      assert.isAbove(spread.size, 1, "the delays are random")
    }))

  it.effect("the policy in force is the default until one is provided, and the per-call one wins", () =>
    Effect.gen(function*() {
      const read = Effect.gen(function*() {
        return (yield* Policy.CurrentPolicy).maxAttempts
      })
      assert.strictEqual(yield* read, defaults.maxAttempts)
      assert.strictEqual(yield* read.pipe(Policy.withPolicy(Policy.noRetry)), 1)
      const app = Policy.layer(Policy.make({ maxAttempts: 7 }))
      assert.strictEqual(yield* read.pipe(Effect.provide(app)), 7)
      assert.strictEqual(yield* read.pipe(Policy.withPolicy(Policy.noRetry), Effect.provide(app)), 1)
    }))
})
