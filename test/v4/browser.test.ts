import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { existsSync } from "node:fs"
import { chromium } from "playwright-core"
import * as Emulator from "../../src/v4/emulator/Emulator.js"
import { chromiumPath, expected, gate, showPage, summary, testTimeoutMillis } from "../scenarios/browser.js"

const run = gate(process.env, existsSync(chromiumPath))
if (run.notice !== undefined) process.stderr.write(run.notice)
// it.live is scoped in Effect 4's @effect/vitest (it.scopedLive in Effect 3's): the emulator stops with the test.
const browserTest = run.runs ? it.live : it.live.skip

describe("browser example (examples/v4/browser) in headless Chromium, Effect 4", () => {
  browserTest(run.title, () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.make({ rateLimits: false })
      const apiKey = Redacted.value(emulator.adminKey)
      const shown = yield* Effect.promise(() => showPage(chromium, "v4", { url: emulator.url, apiKey }, run))
      const seen = { users: yield* emulator.users, requests: yield* emulator.requests }
      assert.deepStrictEqual(summary({ ...shown, emulator: seen }), expected(4))
    }), testTimeoutMillis)
})
