import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as RateWindow from "../../src/core/rateWindow.js"

const seed = 20261201

describe("RateWindow", () => {
  it("paces a token bucket's failure case: 10 at 0 s, then the 11th waits for the first to leave the window", () => {
    const window = RateWindow.make({ limit: 10, windowMillis: 60_000 })
    for (let i = 0; i < 10; i++) expect(window.reserve(0)).toBe(0)
    // a token bucket refilling at 10/min would send this one at 6 s: 11 in one minute, a 429
    expect(window.reserve(6_000)).toBe(54_000)
    expect(window.reserve(6_000)).toBe(54_000)
    expect(window.state()).toEqual([60_000, 60_000])
  })

  it("never books a slot before an earlier one, and adds the margin to each window", () => {
    const window = RateWindow.make({ limit: 2, windowMillis: 1_000, marginMillis: 50 })
    expect([window.reserve(0), window.reserve(0), window.reserve(0), window.reserve(0), window.reserve(0)])
      .toEqual([0, 0, 1_050, 1_050, 2_100])
    // a booking a whole window (and margin) before the latest can no longer block anything
    expect(window.state()).toEqual([2_100])
    expect(window.peek(0)).toBe(2_100)
  })

  it("sends at once while the window has room, however the requests are spread", () => {
    const window = RateWindow.make({ limit: 3, windowMillis: 1_000 })
    expect([window.reserve(0), window.reserve(400), window.reserve(800), window.reserve(1_000)]).toEqual([0, 0, 0, 0])
    expect(window.reserve(1_100)).toBe(300)
  })

  it("property: whatever the arrival times, no window of the server's length holds more than the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { maxLength: 200 }),
        (limit, windowMillis, gaps) => {
          const window = RateWindow.make({ limit, windowMillis })
          let now = 0
          const sent: Array<number> = []
          for (const gap of gaps) {
            now += gap
            sent.push(now + window.reserve(now))
          }
          expect(RateWindow.keepsTo(sent, { limit, windowMillis })).toBe(true)
          // and it is not slower than it has to be: a send waits only when the window before it is full
          for (let i = 0; i < sent.length; i++) {
            const at = sent[i]!
            const arrived = gaps.slice(0, i + 1).reduce((a, b) => a + b, 0)
            if (at > arrived) {
              const inWindow = sent.slice(0, i).filter((t) => at - t < windowMillis + 1).length
              expect(inWindow).toBeGreaterThanOrEqual(limit)
            }
          }
        }
      ),
      { seed, numRuns: 300 }
    )
  })

  it("property: a burst of n requests at once finishes exactly at the minimum the limit allows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 500 }), (limit, count) => {
        const window = RateWindow.make({ limit, windowMillis: 1_000 })
        let last = 0
        for (let i = 0; i < count; i++) last = window.reserve(0)
        expect(last).toBe(RateWindow.minimumMillis(count, { limit, windowMillis: 1_000 }))
        expect(window.state().length).toBeLessThanOrEqual(limit)
      }),
      { seed, numRuns: 200 }
    )
  })

  it("keepsTo sees the 11th request of a token bucket", () => {
    const bucket = [...Array.from({ length: 10 }, () => 0), 6_000]
    expect(RateWindow.keepsTo(bucket, { limit: 10, windowMillis: 60_000 })).toBe(false)
    expect(RateWindow.keepsTo([...bucket.slice(0, 10), 60_000], { limit: 10, windowMillis: 60_000 })).toBe(true)
  })
})

describe("RateWindow.settle", () => {
  it("measures the next window from when the answer came, not from when it was sent", () => {
    const window = RateWindow.make({ limit: 2, windowMillis: 1_000 })
    expect([window.reserve(0), window.reserve(0)]).toEqual([0, 0])
    // the first took 40 ms (a new connection), the second 5 ms
    window.settle(0, 40)
    window.settle(0, 5)
    expect(window.state()).toEqual([5, 40])
    expect([window.reserve(100), window.reserve(100)]).toEqual([905, 940])
    // a booking that is gone, or a time before the slot, changes nothing
    window.settle(7, 9_000)
    window.settle(1_005, 1_000)
    expect(window.state()).toEqual([1_005, 1_040])
  })

  it("property: sends keep to the limit by their arrival, whatever each latency, when answers settle their booking", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 200 })), { maxLength: 100 }),
        (limit, steps) => {
          const windowMillis = 1_000
          const window = RateWindow.make({ limit, windowMillis })
          let now = 0
          const arrivals: Array<number> = []
          // one request at a time: each is answered before the next one reserves
          for (const [gap, latency] of steps) {
            now += gap
            const slot = now + window.reserve(now)
            arrivals.push(slot + latency)
            now = slot + latency
            window.settle(slot, now)
          }
          expect(RateWindow.keepsTo(arrivals, { limit, windowMillis })).toBe(true)
        }
      ),
      { seed, numRuns: 300 }
    )
  })
})
