/**
 * Testing your own code: swap the HttpClient for a scripted one and assert what was sent.
 * Run with `npx vitest run examples/testing.test.ts`.
 */
import { assert, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import { ApiKey, Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"

// The code under test: the emails of every admin.
const adminEmails = Users.list().pipe(
  Effect.map((users) => users.filter((user) => user.roles?.includes("admin")).map((user) => user.email))
)

const HttpTest = ScriptedHttp.layer([
  ScriptedHttp.json(503, { message: "not ready", type: "NOT_READY" }, { "retry-after": "1" }),
  ScriptedHttp.json(200, { data: [{ email: "ada@example.com", roles: ["admin"] }] })
])

it.effect("lists the admins, retrying after the 503", () =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(adminEmails)
    yield* TestClock.adjust("1 second") // the Retry-After; time is virtual in it.effect
    assert.deepStrictEqual(yield* Fiber.join(fiber), ["ada@example.com"])
    const scripted = yield* ScriptedHttp.ScriptedHttp
    assert.strictEqual(scripted.requests().length, 2)
    assert.strictEqual(scripted.requests()[0]?.path, "/v1/orgs/self/users")
  }).pipe(Effect.provide(Layer.merge(HttpTest, ApiKey.layer(Redacted.make("test-key"))))))
