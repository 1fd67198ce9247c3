import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as ApiKey from "../../src/v3/ApiKey.js"
import * as ApiServer from "../../src/v3/ApiServer.js"
import { Emulator } from "../../src/v3/emulator/index.js"
import * as Users from "../../src/v3/Users.js"
import { eventually, rawRequest, type RawResult } from "./helpers.js"
import { exited, start } from "./process.js"

const usersPath = "/v1/orgs/self/users"

/** A fresh directory, removed when the scope closes. */
const temporaryDirectory = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "rockset-emulator-"))),
  (directory) => Effect.sync(() => Fs.rmSync(directory, { recursive: true, force: true }))
)

const create = (url: string, apiKey: string, email: string): Effect.Effect<RawResult> =>
  rawRequest(url, {
    path: usersPath,
    method: "POST",
    headers: { authorization: `ApiKey ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ email, roles: ["member"] })
  })

const savedEmails = (file: string): ReadonlyArray<string> =>
  JSON.parse(Fs.readFileSync(file, "utf8")).users.map((user: { email: string }) => user.email)

describe("the data file", () => {
  it.scopedLive("a change is on disk before it is acknowledged, and is there after a restart", () =>
    Effect.gen(function*() {
      const file = Path.join(yield* temporaryDirectory, "state.json")
      const adminKey = yield* Effect.scoped(Effect.gen(function*() {
        const emulator = yield* Emulator.make({ dataFile: file, rateLimits: false })
        const key = Redacted.value(emulator.adminKey)
        assert.deepStrictEqual(savedEmails(file), ["admin@example.com"], "a new organisation is saved at once")
        const created = yield* create(emulator.url, key, "Ada@Example.com")
        assert.strictEqual(created.outcome === "response" && created.status, 200)
        // read as soon as the response is in: the save happened before it was sent
        assert.deepStrictEqual(savedEmails(file), ["admin@example.com", "ada@example.com"])
        yield* emulator.addUser({ email: "reader@example.com", roles: ["read-only"] })
        return key
      }))
      assert.isFalse(Fs.existsSync(`${file}.tmp`), "no temporary file is left behind")

      const restarted = yield* Emulator.make({ dataFile: file, rateLimits: false })
      assert.strictEqual(Redacted.value(restarted.adminKey), adminKey, "the admin key is kept")
      const users = yield* Users.list().pipe(
        Effect.provide(Layer.mergeAll(
          ApiKey.layer(restarted.adminKey),
          ApiServer.layer(restarted.url),
          FetchHttpClient.layer
        ))
      )
      assert.deepStrictEqual(users.map((user) => user.email), [
        "admin@example.com",
        "ada@example.com",
        "reader@example.com"
      ])
      assert.deepStrictEqual([users[1]?.state, users[1]?.invite_state], ["NEW", "PENDING"])
    }))

  it.scopedLive("a change that cannot be saved is refused with 500 and not applied", () =>
    Effect.gen(function*() {
      const directory = Path.join(yield* temporaryDirectory, "data")
      Fs.mkdirSync(directory)
      const emulator = yield* Emulator.make({ dataFile: Path.join(directory, "state.json"), rateLimits: false })
      Fs.rmSync(directory, { recursive: true })
      const refused = yield* create(emulator.url, Redacted.value(emulator.adminKey), "ada@example.com")
      if (refused.outcome !== "response") throw new Error("expected a response")
      assert.strictEqual(refused.status, 500)
      assert.strictEqual(JSON.parse(refused.body).type, "INTERNALERROR")
      assert.deepStrictEqual((yield* emulator.users).map((user) => user.email), ["admin@example.com"])
    }))

  it.scopedLive("a file that is not an emulator state stops the start and is left as it was", () =>
    Effect.gen(function*() {
      const file = Path.join(yield* temporaryDirectory, "state.json")
      Fs.writeFileSync(file, "{\"users\": \"nope\"}")
      const error = yield* Effect.flip(Effect.scoped(Emulator.make({ dataFile: file })))
      assert.strictEqual(error.reason, "DataFile")
      assert.strictEqual(Fs.readFileSync(file, "utf8"), "{\"users\": \"nope\"}")
    }))

  it.scopedLive("seed users, a fixed admin key, and reset back to the starting state", () =>
    Effect.gen(function*() {
      const file = Path.join(yield* temporaryDirectory, "state.json")
      const emulator = yield* Emulator.make({
        dataFile: file,
        adminKey: "my-fixed-key",
        seedUsers: [{ email: "seed@example.com", roles: ["member"] }],
        rateLimits: false
      })
      assert.strictEqual(Redacted.value(emulator.adminKey), "my-fixed-key")
      yield* create(emulator.url, "my-fixed-key", "later@example.com")
      assert.lengthOf(savedEmails(file), 3)
      yield* emulator.reset
      assert.deepStrictEqual(savedEmails(file), ["admin@example.com", "seed@example.com"])
      assert.lengthOf(yield* emulator.users, 2)
    }))
})

describe("the rockset-emulator process", () => {
  it.scopedLive(
    "killed with SIGKILL mid-run and restarted on the same file, it has lost nothing it acknowledged",
    () =>
      Effect.gen(function*() {
        const file = Path.join(yield* temporaryDirectory, "state.json")
        const first = yield* start(["--data-file", file, "--no-rate-limits"])
        const acknowledged: Array<string> = []
        const writer = yield* Effect.fork(Effect.forEach(
          Array.from({ length: 200 }, (_, i) => `user-${i}@example.com`),
          (email) =>
            Effect.map(create(first.url, first.apiKey, email), (result) => {
              if (result.outcome === "response" && result.status === 200) acknowledged.push(email)
            }),
          { discard: true }
        ))
        yield* eventually(Effect.sync(() => acknowledged.length), (count) => count >= 10, 500)
        first.child.kill("SIGKILL")
        assert.strictEqual(yield* exited(first.child), "SIGKILL")
        yield* Fiber.interrupt(writer)
        const known = [...acknowledged]
        assert.isAtLeast(known.length, 10)

        const second = yield* start(["--data-file", file, "--no-rate-limits"])
        assert.strictEqual(second.apiKey, first.apiKey, "the admin key survives")
        const listed = yield* rawRequest(second.url, {
          path: usersPath,
          headers: { authorization: `ApiKey ${second.apiKey}` }
        })
        if (listed.outcome !== "response") throw new Error("expected a response")
        const emails: ReadonlyArray<string> = JSON.parse(listed.body).data.map((user: { email: string }) => user.email)
        for (const email of known) assert.include(emails, email)
        assert.isAtMost(emails.length, known.length + 2, "at most the one in flight was saved without an answer")
      }),
    { timeout: 40_000 }
  )
})
