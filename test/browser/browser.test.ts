import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chromium } from "playwright-core"
import { bundle, pageAddress, servePage } from "../../scripts/browser-example.js"
import { Emulator } from "../../src/emulator/index.js"
import {
  chromiumArgs,
  chromiumPath,
  emulator as expectedEmulator,
  page as expectedPage,
  pageServer,
  pageTimeoutMillis,
  testTimeoutMillis
} from "../scenarios/browser.js"

// CI installs Chromium (.ci/run) and sets this, so a missing browser fails there instead of skipping.
const required = process.env["REQUIRE_CHROMIUM"] === "1"
const available = existsSync(chromiumPath)

const tempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), prefix))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )

if (!available && !required) {
  process.stderr.write(`browser test SKIPPED: ${chromiumPath} is absent (apt-get install chromium to run it)\n`)
}
const browserTest = available || required ? it.scopedLive : it.scopedLive.skip
const title = available || required
  ? "the page, bundled with esbuild, creates and lists users on an emulator of another origin"
  : `SKIPPED: ${chromiumPath} is absent (apt-get install chromium); the page is not tested in a browser`

describe("browser example (examples/browser) in headless Chromium", () => {
  browserTest(title, () =>
    Effect.gen(function*() {
      assert.isTrue(available, `REQUIRE_CHROMIUM=1 but ${chromiumPath} is missing: install chromium`)
      const emulator = yield* Emulator.make({ rateLimits: false })
      const built = yield* Effect.promise(() => bundle("v3"))
      assert.deepStrictEqual(built.errors, [])
      const page = yield* Effect.acquireRelease(Effect.promise(() => servePage("v3")), (page) =>
        Effect.promise(page.close))

      const profile = yield* tempDir("effect-rockset-chromium-")
      const context = yield* Effect.acquireRelease(
        Effect.promise(() =>
          chromium.launchPersistentContext(profile, {
            executablePath: chromiumPath,
            headless: true,
            args: chromiumArgs
          })
        ),
        (context) =>
          Effect.promise(() => context.close())
      )
      const tab = yield* Effect.promise(() => context.newPage())
      const problems: Array<string> = []
      tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
      tab.on("console", (message) => {
        if (message.type() === "error") problems.push(`console error: ${message.text()}`)
      })

      const apiKey = Redacted.value(emulator.adminKey)
      yield* Effect.promise(() => tab.goto(pageAddress(page.url, emulator.url, apiKey)))
      yield* Effect.promise(() => tab.waitForSelector(expectedPage.ended, { timeout: pageTimeoutMillis }))
      const status = yield* Effect.promise(() => tab.locator("#status").textContent())
      assert.strictEqual(
        yield* Effect.promise(() => tab.locator("#status").getAttribute("data-state")),
        expectedPage.state,
        status ?? ""
      )
      assert.strictEqual(status, expectedPage.status)
      assert.deepStrictEqual(
        yield* Effect.promise(() => tab.locator("#created li").allTextContents()),
        expectedPage.created
      )
      assert.strictEqual(yield* Effect.promise(() => tab.locator("#again").textContent()), expectedPage.again)
      const rows = yield* Effect.promise(() =>
        tab.locator("#users tr").evaluateAll((rows) =>
          rows.map((row) => Array.from(row.querySelectorAll("td"), (cell) => cell.textContent))
        )
      )
      assert.deepStrictEqual(rows, expectedPage.rows)
      assert.deepStrictEqual(problems, expectedPage.problems)

      const shots = yield* tempDir("effect-rockset-screenshot-")
      const screenshot = join(shots, "page.png")
      yield* Effect.promise(() => tab.screenshot({ path: screenshot, fullPage: true }))
      assert.strictEqual(readFileSync(screenshot).subarray(1, 4).toString("latin1"), "PNG")
      const keep = process.env["BROWSER_SCREENSHOT"]
      if (keep !== undefined && keep !== "") copyFileSync(screenshot, keep)

      // The organisation really changed, and every call came from the page's origin, after a CORS preflight.
      assert.deepStrictEqual((yield* emulator.users).map((user) => user.email), expectedEmulator.users)
      const log = yield* emulator.requests
      assert.isTrue(log.every((record) => record.headers["origin"] === page.url), "every request is cross-origin")
      const preflight = log.find((record) => record.method === "OPTIONS")
      assert.strictEqual(preflight?.status, expectedEmulator.preflight.status)
      assert.strictEqual(preflight?.headers["access-control-request-method"], expectedEmulator.preflight.method)
      assert.include(
        preflight?.headers["access-control-request-headers"] ?? "",
        expectedEmulator.preflight.headersInclude
      )
      assert.deepStrictEqual(
        log.filter((record) => record.method !== "OPTIONS").map((record) => `${record.method} ${record.status}`),
        expectedEmulator.calls
      )
      // The fragment stays in the browser: the page's server never saw the key.
      assert.includeMembers([...page.requests()], pageServer.requests)
      assert.isTrue(page.requests().every((request) => !request.includes(apiKey)))
    }), testTimeoutMillis)
})
