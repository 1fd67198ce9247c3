import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Redacted, Tracer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as ScriptedHttp from "../../src/v4/testing/ScriptedHttp.js"
import * as Users from "../../src/v4/Users.js"
import { canaryKey } from "../scenarios/secrets.js"
import { getSpanMismatches } from "../scenarios/spans.js"

const email = "ada.lovelace@example.com"
const user = { email, roles: ["member"] }

/** A tracer that keeps every span it makes. */
const recording = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, tracer }
}

const run = <A, E>(self: Effect.Effect<A, E, Users.Requirements>, replies: Parameters<typeof ScriptedHttp.layer>[0]) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(Effect.result(self))
    yield* TestClock.adjust("1 minute")
    return yield* Fiber.join(fiber)
  }).pipe(Effect.provideService(ApiKey, Redacted.make(canaryKey)), Effect.provide(ScriptedHttp.layer(replies)))

describe("tracing (Effect 4)", () => {
  it.effect("a call under a real tracer is one span Users.<op>: route, method, attempts, outcome, status, retries", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recording()
      yield* run(Users.get(email), [
        ScriptedHttp.json(503, { message: "not ready", type: "NOT_READY" }),
        ScriptedHttp.json(200, user)
      ]).pipe(Effect.withTracer(tracer))
      const names = spans.map((span) => span.name)
      assert.deepStrictEqual(names, ["Users.get"], "one span, the platform's request span off")
      const span = spans[0]!
      assert.deepStrictEqual(getSpanMismatches(span, 2), [])
      const retries = span.events.filter(([name]) => name === "rockset.retry")
      assert.strictEqual(retries.length, 1)
      assert.strictEqual(retries[0]![2]["rockset.attempt"], 2)
      assert.strictEqual(retries[0]![2]["rockset.retry.reason"], "NotReady (503)")
      const everything = JSON.stringify(
        [...span.attributes.entries(), span.events],
        (_, value) => typeof value === "bigint" ? String(value) : value
      )
      assert.notInclude(everything, email)
      assert.notInclude(everything, canaryKey)
    }))

  it.effect("a failed call's span says so; with tracing disabled there is none", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recording()
      yield* run(Users.list(), [ScriptedHttp.json(404, { message: "no", type: "NOTFOUND" })]).pipe(
        Effect.withTracer(tracer)
      )
      assert.strictEqual(spans[0]?.attributes.get("rockset.outcome"), "failure")
      assert.strictEqual(spans[0]?.attributes.get("http.response.status_code"), 404)
      const off = recording()
      yield* run(Users.list(), [ScriptedHttp.json(200, { data: [] })]).pipe(
        Effect.withTracer(off.tracer),
        Effect.withTracerEnabled(false)
      )
      assert.deepStrictEqual(off.spans.map((span) => span.name), [])
    }))
})
