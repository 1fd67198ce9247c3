/**
 * The browser example (examples/browser) in headless Chromium, run by each edition against its emulator: how
 * Chromium is started, and what the page shows and does. Plain data.
 */

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

/** What the page must show once it is done. */
export const page = {
  /** The selector the page ends on, whichever way it ends. */
  ended: "#status[data-state=done], #status[data-state=failed]",
  state: "done",
  status: "Created 3 users; the organisation has 4.",
  created: [
    "ada@example.com (NEW, invite PENDING)",
    "grace@example.com (NEW, invite PENDING)",
    "alan@example.com (NEW, invite PENDING)"
  ],
  again: "Creating ada@example.com again: Conflict (409 ALREADYEXISTS)",
  /** The cells of each row of `#users`. */
  rows: [
    ["admin@example.com", "admin", "ACTIVE", "ACCEPTED"],
    ["ada@example.com", "member", "NEW", "PENDING"],
    ["grace@example.com", "member", "NEW", "PENDING"],
    ["alan@example.com", "member", "NEW", "PENDING"]
  ],
  // Chromium reports every 4xx in the console; the 409 is the one the page asked for.
  problems: ["console error: Failed to load resource: the server responded with a status of 409 (Conflict)"]
}

/** What the emulator must have seen: the organisation changed, every call cross-origin after a preflight. */
export const emulator = {
  users: ["admin@example.com", "ada@example.com", "grace@example.com", "alan@example.com"],
  preflight: { status: 204, method: "POST", headersInclude: "authorization" },
  /** `method status` of each request but the preflights. */
  calls: ["POST 200", "POST 200", "POST 200", "POST 409", "GET 200"]
}

/** What the page's own server must have seen (and never the key: the fragment stays in the browser). */
export const pageServer = { requests: ["GET /", "GET /bundle.js"] }
