import { assert, describe } from "@effect/vitest"
import { major, scopedLive } from "@test/edition"
import { Emulator } from "effect-rockset/emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { existsSync } from "node:fs"
import { chromium } from "playwright-core"
import { editions } from "../../scripts/browser-example.js"
import { chromiumPath, expected, gate, showPage, summary, testTimeoutMillis } from "../scenarios/browser.js"

const run = gate(process.env, existsSync(chromiumPath))
if (run.notice !== undefined) process.stderr.write(run.notice)
const browserTest = run.runs ? scopedLive : scopedLive.skip
const edition = `v${major}` as const

describe(`browser example (${editions[edition]}) in headless Chromium`, () => {
  browserTest(run.title, () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.make({ rateLimits: false })
      const apiKey = Redacted.value(emulator.adminKey)
      const shown = yield* Effect.promise(() => showPage(chromium, edition, { url: emulator.url, apiKey }, run))
      const seen = { users: yield* emulator.users, requests: yield* emulator.requests }
      assert.deepStrictEqual(summary({ ...shown, emulator: seen }), expected(major))
    }), testTimeoutMillis)
})
