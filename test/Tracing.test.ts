import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Fiber, Redacted, TestClock } from "effect"
import { ApiKey, Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import { createdUser, errorBody } from "./fixtures/live.js"
import { canaryKey } from "./helpers.js"

const email = "ada.lovelace@example.com"

describe("tracing", () => {
  it.effect("every operation is a span named after it, with route, status and attempts, and no email or key", () =>
    Effect.gen(function*() {
      const exporter = new InMemorySpanExporter()
      const operations: ReadonlyArray<Effect.Effect<unknown, unknown, Users.Requirements>> = [
        Users.create({ email, roles: ["member"] }),
        Users.deleteUser(email),
        Users.get(email),
        Users.getCurrentUser(),
        Users.list(),
        Users.listUnsubscribePreferences(),
        Users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] }),
        Users.update(email, { roles: ["admin"] })
      ]
      const scripted = yield* ScriptedHttp.make((_, index) =>
        index % 2 === 0
          ? ScriptedHttp.json(503, errorBody("NOT_READY", `not ready for ${email}`))
          : ScriptedHttp.json(200, { ...createdUser, email, data: { ...createdUser, email } })
      )
      const fiber = yield* Effect.fork(
        // read the spans inside the layer: shutting the SDK down clears the in-memory exporter
        Effect.forEach(operations, (operation) => Effect.either(operation), { discard: true }).pipe(
          Effect.map(() => exporter.getFinishedSpans()),
          Effect.provideService(HttpClient.HttpClient, scripted.client),
          Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
          Effect.provide(
            NodeSdk.layer(() => ({
              resource: { serviceName: "effect-rockset-test" },
              spanProcessor: new SimpleSpanProcessor(exporter)
            }))
          )
        )
      )
      yield* TestClock.adjust("1 minute")
      const spans = yield* Fiber.join(fiber)
      const names = spans.map((span) => span.name)
      assert.deepStrictEqual(names, [
        "Users.create",
        "Users.deleteUser",
        "Users.get",
        "Users.getCurrentUser",
        "Users.list",
        "Users.listUnsubscribePreferences",
        "Users.updateUnsubscribePreferences",
        "Users.update"
      ])
      const get = spans.find((span) => span.name === "Users.get")!
      assert.strictEqual(get.attributes["http.route"], "/v1/orgs/self/users/{user}")
      assert.strictEqual(get.attributes["http.request.method"], "GET")
      assert.strictEqual(get.attributes["http.response.status_code"], 200)
      assert.strictEqual(get.attributes["rockset.attempts"], 2)
      const retry = get.events.find((event) => event.name === "rockset.retry")
      assert.strictEqual(retry?.attributes?.["rockset.attempt"], 2)
      assert.strictEqual(retry?.attributes?.["rockset.retry.reason"], "NotReady (503)")
      assert.isNumber(retry?.attributes?.["rockset.retry.delay_ms"])

      const everything = JSON.stringify(spans.map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status
      })))
      assert.notInclude(everything, email)
      assert.notInclude(everything, "ada.lovelace")
      assert.notInclude(everything, canaryKey)
      assert.notInclude(everything, Buffer.from(canaryKey).toString("base64").replace(/=+$/, ""))
      assert.notInclude(everything, "url.full")
    }))
})
