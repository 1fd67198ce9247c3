import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { existsSync } from "node:fs"
import { chromium } from "playwright-core"
import { Emulator } from "../../src/v3/emulator/index.js"
import { chromiumPath, expected, gate, showPage, summary, testTimeoutMillis } from "../scenarios/browser.js"

const run = gate(process.env, existsSync(chromiumPath))
if (run.notice !== undefined) process.stderr.write(run.notice)
const browserTest = run.runs ? it.scopedLive : it.scopedLive.skip

describe("browser example (examples/browser) in headless Chromium", () => {
  browserTest(run.title, () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.make({ rateLimits: false })
      const apiKey = Redacted.value(emulator.adminKey)
      const shown = yield* Effect.promise(() => showPage(chromium, "v3", { url: emulator.url, apiKey }, run))
      const seen = { users: yield* emulator.users, requests: yield* emulator.requests }
      assert.deepStrictEqual(summary({ ...shown, emulator: seen }), expected(3))
    }), testTimeoutMillis)
})
