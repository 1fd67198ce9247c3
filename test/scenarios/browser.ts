/**
 * The browser example in headless Chromium, run by each edition's test against its own emulator: when the test
 * runs, how Chromium is started and the page read (`showPage`, Promise code over playwright-core, the runner's
 * copy of it handed in), and what the page, the emulator and the page's server must have seen (`summary` of
 * what a runner saw, `expected` of it: plain values). Nothing of Effect: each runner brings its edition's.
 */
import { writeFileSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { BrowserType } from "playwright-core"
import { bundle, type Bundled, type Edition, pageAddress, servePage } from "../../scripts/browser-example.js"

export const chromiumPath = "/usr/bin/chromium"

// Without the background-networking flags Chromium keeps calling home, which a closed network turns into a flood.
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/** How long the page may take to end, and the test in all. */
export const pageTimeoutMillis = 30_000
export const testTimeoutMillis = 60_000

/**
 * Whether the test runs, and under what title. CI installs Chromium (.ci/run) and sets REQUIRE_CHROMIUM=1, so a
 * missing browser fails there (`missing` says why) instead of skipping as it does on a developer's machine.
 */
export const gate = (env: Readonly<Record<string, string | undefined>>, available: boolean) => {
  const runs = available || env["REQUIRE_CHROMIUM"] === "1"
  return {
    runs,
    available,
    title: runs
      ? "the page, bundled with esbuild, creates and lists users on an emulator of another origin"
      : `SKIPPED: ${chromiumPath} is absent (apt-get install chromium); the page is not tested in a browser`,
    /** For stderr, when the test skips. */
    notice: runs ? undefined : `browser test SKIPPED: ${chromiumPath} is absent (apt-get install chromium to run it)\n`,
    missing: `REQUIRE_CHROMIUM=1 but ${chromiumPath} is missing: install chromium`,
    /** Where to keep the page's screenshot, if anywhere. */
    screenshotTo: env["BROWSER_SCREENSHOT"] || undefined
  }
}

/** What the page showed once it ended, and what Chromium reported on the way. */
export interface PageView {
  readonly state: string | null
  readonly status: string | null
  readonly created: ReadonlyArray<string>
  readonly again: string | null
  /** The cells of each row of `#users`. */
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>
  readonly problems: ReadonlyArray<string>
  readonly screenshot: Uint8Array
}

export interface Shown {
  /** The key the page was given. */
  readonly apiKey: string
  readonly bundle: Bundled
  readonly page: PageView
  /** The page's origin, and what its server was asked for. */
  readonly pageServer: { readonly url: string; readonly requests: ReadonlyArray<string> }
}

const ended = "#status[data-state=done], #status[data-state=failed]"

/**
 * Bundles and serves the edition's page, opens it in a fresh Chromium profile on the emulator's URL and key, and
 * reads what it shows once it ends, whichever way. Fails at once when the {@link gate} let the test run without
 * the browser.
 */
export const showPage = async (
  chromium: BrowserType,
  edition: Edition,
  emulator: { readonly url: string; readonly apiKey: string },
  run: ReturnType<typeof gate>
): Promise<Shown> => {
  if (!run.available) throw new Error(run.missing)
  const built = await bundle(edition)
  const server = await servePage(edition)
  const profile = await mkdtemp(join(tmpdir(), "effect-rockset-chromium-"))
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs
    })
    try {
      const tab = await context.newPage()
      const problems: Array<string> = []
      tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
      tab.on("console", (message) => {
        if (message.type() === "error") problems.push(`console error: ${message.text()}`)
      })
      await tab.goto(pageAddress(server.url, emulator.url, emulator.apiKey))
      await tab.waitForSelector(ended, { timeout: pageTimeoutMillis })
      const page: PageView = {
        state: await tab.locator("#status").getAttribute("data-state"),
        status: await tab.locator("#status").textContent(),
        created: await tab.locator("#created li").allTextContents(),
        again: await tab.locator("#again").textContent(),
        rows: await tab.locator("#users tr").evaluateAll((rows) =>
          rows.map((row) => Array.from(row.querySelectorAll("td"), (cell) => cell.textContent))
        ),
        problems: [...problems],
        screenshot: await tab.screenshot({ fullPage: true })
      }
      if (run.screenshotTo !== undefined) writeFileSync(run.screenshotTo, page.screenshot)
      const pageServer = { url: server.url, requests: server.requests() }
      return { apiKey: emulator.apiKey, bundle: built, page, pageServer }
    } finally {
      await context.close()
    }
  } finally {
    await server.close()
    await rm(profile, { recursive: true, force: true })
  }
}

/** What a runner saw: the page through {@link showPage}, then its emulator's users and request log. */
export interface Observed extends Shown {
  readonly emulator: {
    readonly users: ReadonlyArray<{ readonly email: string }>
    readonly requests: ReadonlyArray<{
      readonly method: string
      readonly status: number | null
      readonly headers: Readonly<Record<string, string>>
    }>
  }
}

/** `part` when `text` holds it, else all of `text`, for a readable difference. */
const holding = (text: string, part: string) => text.includes(part) ? part : text

const preflight = { status: 204, method: "POST", headersInclude: "authorization" }
const pageRequests = ["GET /", "GET /bundle.js"]

/** What was seen, in the shape of {@link expected}: where they differ, the difference shows what went wrong. */
export const summary = (observed: Observed) => {
  const { emulator, page, pageServer } = observed
  const options = emulator.requests.find((record) => record.method === "OPTIONS")
  return {
    bundle: {
      errors: observed.bundle.errors.map((error) => error.text),
      effectMajors: observed.bundle.effectVersions.map((version) => Number(version.split(".")[0]))
    },
    page: {
      state: page.state,
      status: page.status,
      created: page.created,
      again: page.again,
      rows: page.rows,
      problems: page.problems,
      screenshot: String.fromCharCode(...page.screenshot.subarray(1, 4))
    },
    // The organisation really changed, and every call came from the page's origin, after a CORS preflight.
    emulator: {
      users: emulator.users.map((user) => user.email),
      otherOrigins: [...new Set(emulator.requests.map((record) => record.headers["origin"]))]
        .filter((origin) => origin !== pageServer.url),
      preflight: options && {
        status: options.status,
        method: options.headers["access-control-request-method"],
        headersInclude: holding(options.headers["access-control-request-headers"] ?? "", preflight.headersInclude)
      },
      /** `method status` of each request but the preflights. */
      calls: emulator.requests.filter((record) => record.method !== "OPTIONS").map((r) => `${r.method} ${r.status}`)
    },
    // The fragment stays in the browser: the page's server never saw the key.
    pageServer: {
      requested: pageRequests.filter((request) => pageServer.requests.includes(request)),
      sawTheKey: pageServer.requests.some((request) => request.includes(observed.apiKey))
    }
  }
}

/** What an edition's runner must see, with the one `effect` of its major in the bundle. */
export const expected = (effectMajor: 3 | 4): ReturnType<typeof summary> => ({
  bundle: { errors: [], effectMajors: [effectMajor] },
  page: {
    state: "done",
    status: "Created 3 users; the organisation has 4.",
    created: [
      "ada@example.com (NEW, invite PENDING)",
      "grace@example.com (NEW, invite PENDING)",
      "alan@example.com (NEW, invite PENDING)"
    ],
    again: "Creating ada@example.com again: Conflict (409 ALREADYEXISTS)",
    rows: [
      ["admin@example.com", "admin", "NEW", "ACCEPTED"],
      ["ada@example.com", "member", "NEW", "PENDING"],
      ["grace@example.com", "member", "NEW", "PENDING"],
      ["alan@example.com", "member", "NEW", "PENDING"]
    ],
    // Chromium reports every 4xx in the console; the 409 is the one the page asked for.
    problems: ["console error: Failed to load resource: the server responded with a status of 409 (Conflict)"],
    screenshot: "PNG"
  },
  emulator: {
    users: ["admin@example.com", "ada@example.com", "grace@example.com", "alan@example.com"],
    otherOrigins: [],
    preflight,
    calls: ["POST 200", "POST 200", "POST 200", "POST 409", "GET 200"]
  },
  pageServer: { requested: pageRequests, sawTheKey: false }
})
