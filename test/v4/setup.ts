/**
 * Every file of the Effect 4 run (test/v4 and the runners both editions share, test/shared) ends by checking that
 * no module of Effect 3 was loaded in it: Effect 3 keeps its global values under `effect/GlobalValue` on
 * `globalThis` as soon as one of its modules loads, and Effect 4 never does.
 */
import { afterAll, expect } from "vitest"

afterAll(() => {
  expect("effect/GlobalValue" in globalThis, "a module of Effect 3 was loaded in the Effect 4 run").toBe(false)
})
