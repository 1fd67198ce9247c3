import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import type * as Tracer from "effect/Tracer"
import * as ApiKey from "../src/v3/ApiKey.js"
import * as Policy from "../src/v3/Policy.js"
import * as Users from "../src/v3/Users.js"
import { getSpanMismatches } from "./scenarios/spans.js"
import { recordingTracer } from "./support/recordingTracer.js"

interface Seen {
  readonly parentSpan: Option.Option<Tracer.AnySpan>
  readonly requestInit: Option.Option<RequestInit>
  readonly tracerDisabled: boolean
}

/** A transport answering from a list of statuses, recording what each request saw of its fiber. */
const makeTransport = (statuses: ReadonlyArray<number>) => {
  const seen: Array<Seen> = []
  const client = HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(effect, (request: HttpClientRequest.HttpClientRequest) =>
        Effect.gen(function*() {
          seen.push({
            parentSpan: yield* Effect.option(Effect.currentParentSpan),
            requestInit: yield* Effect.serviceOption(FetchHttpClient.RequestInit),
            tracerDisabled: (yield* FiberRef.get(HttpClient.currentTracerDisabledWhen))(request)
          })
          const status = statuses[Math.min(seen.length - 1, statuses.length - 1)]!
          const body = status === 200
            ? { email: "ada@example.com", roles: ["member"] }
            : { message: "not ready", type: "NOT_READY" }
          return HttpClientResponse.fromWeb(request, new Response(JSON.stringify(body), { status }))
        })),
    Effect.succeed
  )
  return { seen, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

const provide = <A, E>(
  self: Effect.Effect<A, E, Users.Requirements>,
  transport: ReturnType<typeof makeTransport>
) => Effect.provide(self, Layer.merge(ApiKey.layer(Redacted.make("test-key")), transport.layer))

describe("execute: span and call context", () => {
  it.effect("records one Users.<op> span with its attributes, parent of what the transport runs", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      const transport = makeTransport([200])
      yield* provide(Users.get("ada@example.com"), transport).pipe(Effect.withTracer(tracer))
      const span = spans.find((s) => s.name === "Users.get")!
      assert.isDefined(span)
      assert.deepStrictEqual(getSpanMismatches(span, 1), [])
      assert.strictEqual(span.status._tag, "Ended")
      const seen = transport.seen[0]!
      assert.strictEqual(Option.getOrUndefined(seen.parentSpan)?.spanId, span.spanId)
      assert.isTrue(seen.tracerDisabled)
      assert.strictEqual(Option.getOrUndefined(seen.requestInit)?.redirect, "manual")
    }))

  it.effect("under Effect's built-in tracer the call's span is the caller's child; with tracing off none is recorded", () =>
    Effect.gen(function*() {
      const transport = makeTransport([200])
      yield* provide(Users.get("ada@example.com"), transport).pipe(Effect.withSpan("caller"))
      const parent = Option.getOrUndefined(transport.seen[0]!.parentSpan)
      assert.strictEqual(parent?._tag === "Span" ? parent.name : undefined, "Users.get")
      const grandparent = parent?._tag === "Span" ? Option.getOrUndefined(parent.parent) : undefined
      assert.strictEqual(grandparent?._tag === "Span" ? grandparent.name : undefined, "caller")
      const { spans, tracer } = recordingTracer()
      yield* provide(Users.get("ada@example.com"), transport).pipe(
        Effect.withSpan("caller"),
        Effect.withTracerEnabled(false),
        Effect.withTracer(tracer)
      )
      assert.deepStrictEqual(spans, [])
      for (const seen of transport.seen) {
        assert.isTrue(seen.tracerDisabled)
        assert.strictEqual(Option.getOrUndefined(seen.requestInit)?.redirect, "manual")
      }
      assert.strictEqual(transport.seen.length, 2)
    }))

  it.effect("keeps the caller's fetch options and tells fetch not to follow redirects", () =>
    Effect.gen(function*() {
      const transport = makeTransport([200])
      yield* provide(Users.get("ada@example.com"), transport).pipe(
        Effect.provideService(FetchHttpClient.RequestInit, { keepalive: true, redirect: "follow" })
      )
      const init = Option.getOrUndefined(transport.seen[0]!.requestInit)
      assert.deepStrictEqual(init, { keepalive: true, redirect: "manual" })
    }))

  it.effect("leaves the caller's context and tracer settings as they were", () =>
    Effect.gen(function*() {
      const transport = makeTransport([200])
      yield* provide(Users.get("ada@example.com"), transport)
      assert.isTrue(Option.isNone(yield* Effect.serviceOption(FetchHttpClient.RequestInit)))
      assert.isTrue(Option.isNone(yield* Effect.option(Effect.currentParentSpan)))
      const disabledWhen = yield* FiberRef.get(HttpClient.currentTracerDisabledWhen)
      assert.isFalse(disabledWhen(HttpClientRequest.get("http://127.0.0.1/")))
    }))

  it.effect("records retries as events, and runs the schedule in the call's context", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      const transport = makeTransport([503, 200])
      const scheduleSaw: Array<Option.Option<Tracer.AnySpan>> = []
      const schedule = Schedule.spaced("100 millis").pipe(
        Schedule.tapInput(() => Effect.map(Effect.option(Effect.currentParentSpan), (span) => scheduleSaw.push(span)))
      )
      const fiber = yield* Effect.fork(
        provide(Users.get("ada@example.com"), transport).pipe(
          Policy.withPolicy(Policy.defaultPolicy.pipe(Policy.withSchedule(schedule))),
          Effect.withTracer(tracer)
        )
      )
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      const span = spans.find((s) => s.name === "Users.get")!
      assert.strictEqual(span.attributes.get("rockset.attempts"), 2)
      assert.strictEqual(span.events[0]?.[0], "rockset.retry")
      assert.strictEqual(span.events[0]?.[1]?.["rockset.retry.reason"], "NotReady (503)")
      assert.strictEqual(Option.getOrUndefined(scheduleSaw[0]!)?.spanId, span.spanId)
      assert.strictEqual(transport.seen.length, 2)
      assert.isTrue(transport.seen.every((s) => s.tracerDisabled))
    }))
})
