import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { rawRequest } from "./helpers.js"
import { exited, run, start } from "./process.js"

describe("the rockset-emulator command", () => {
  it.scopedLive("prints its URL and admin key, seeds users, and stops on SIGTERM", () =>
    Effect.gen(function*() {
      const running = yield* start([
        "--admin-key",
        "cli-admin-key",
        "--seed-users",
        "ada@example.com=member+read-only, bob@example.com",
        "--no-rate-limits"
      ])
      assert.match(running.output(), /^rockset-emulator listening on http:\/\/127\.0\.0\.1:\d+$/m)
      assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.strictEqual(running.apiKey, "cli-admin-key")
      const listed = yield* rawRequest(running.url, {
        path: "/v1/orgs/self/users",
        headers: { authorization: "ApiKey cli-admin-key" }
      })
      if (listed.outcome !== "response") throw new Error("expected a response")
      const users: ReadonlyArray<{ email: string; roles: ReadonlyArray<string> }> = JSON.parse(listed.body).data
      assert.deepStrictEqual(users.map((user) => [user.email, user.roles]), [
        ["admin@example.com", ["admin"]],
        ["ada@example.com", ["member", "read-only"]],
        ["bob@example.com", ["member"]]
      ])
      running.child.kill("SIGTERM")
      assert.notStrictEqual(yield* exited(running.child, 5_000), "still running")
    }), { timeout: 30_000 })

  it.scopedLive("--help exits 0; an unknown option exits 2 with the usage", () =>
    Effect.gen(function*() {
      const [help, bad] = yield* Effect.all([run(["--help"]), run(["--bogus"])], { concurrency: 2 })
      assert.strictEqual(help.code, 0)
      assert.include(help.output, "--data-file <path>")
      assert.strictEqual(bad.code, 2)
      assert.include(bad.output, "Unknown option '--bogus'")
      assert.include(bad.output, "Usage: rockset-emulator")
    }), { timeout: 30_000 })
})
