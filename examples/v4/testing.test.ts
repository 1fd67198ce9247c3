/**
 * Testing your own code on Effect 4: swap the HttpClient for a scripted one and assert what was sent.
 * `TestClock` comes from `effect/testing`, and a fiber is started with `Effect.forkChild`.
 * `npm run test:v4` runs it (`@effect/vitest` 4.0.5 on vitest 5, Node 22).
 */
import { assert, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Redacted } from "effect"
import { ApiKey, Users } from "effect-rockset/v4"
import { ScriptedHttp } from "effect-rockset/v4/testing"
import { TestClock } from "effect/testing"

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
    const fiber = yield* Effect.forkChild(adminEmails)
    yield* TestClock.adjust("1 second") // the Retry-After; time is virtual in it.effect
    assert.deepStrictEqual(yield* Fiber.join(fiber), ["ada@example.com"])
    const scripted = yield* ScriptedHttp.ScriptedHttp
    assert.strictEqual(scripted.requests().length, 2)
    assert.strictEqual(scripted.requests()[0]?.path, "/v1/orgs/self/users")
  }).pipe(Effect.provide(Layer.merge(HttpTest, ApiKey.layer(Redacted.make("test-key"))))))
