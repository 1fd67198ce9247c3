import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Redacted } from "effect"
import * as HttpClient from "effect/http/HttpClient"
import { type Direct, type DirectRequest, withDirect } from "../../src/core/exchange/direct.js"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as Policy from "../../src/v4/Policy.js"
import * as ScriptedHttp from "../../src/v4/testing/ScriptedHttp.js"
import * as Users from "../../src/v4/Users.js"

const user = { email: "ada@example.com", roles: ["member"] }

/** A client whose runtime gave it a direct exchange that answers after a tick, or never; it counts cancels. */
const withExchange = (answer: "user" | "never") =>
  Effect.gen(function*() {
    const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(500, { message: "the HttpClient way" })])
    const seen: Array<DirectRequest> = []
    let cancelled = 0
    const direct: Direct<unknown> = (request, handler) => {
      seen.push(request)
      const timer = answer === "never"
        ? undefined
        : setTimeout(() => handler.onResponse(200, { header: () => undefined }, JSON.stringify(user)), 1)
      return {
        cancel() {
          cancelled++
          clearTimeout(timer)
        }
      }
    }
    return { client: withDirect(scripted.client, direct), seen, cancelled: () => cancelled, scripted }
  })

describe("the transports (Effect 4)", () => {
  it.live("a client with a direct exchange, under the live clock, is called through it", () =>
    Effect.gen(function*() {
      const { client, scripted, seen } = yield* withExchange("user")
      const found = yield* Users.get("ada@example.com").pipe(Effect.provideService(HttpClient.HttpClient, client))
      assert.strictEqual(found.email, "ada@example.com")
      assert.strictEqual(seen.length, 1)
      assert.strictEqual(seen[0]?.path, "/v1/orgs/self/users/ada%40example.com")
      assert.strictEqual(seen[0]?.timeoutMillis, 10_000)
      assert.strictEqual(scripted.requests().length, 0)
    }).pipe(Effect.provideService(ApiKey, Redacted.make("k"))))

  it.live("interrupting the call cancels the exchange", () =>
    Effect.gen(function*() {
      const { cancelled, client } = yield* withExchange("never")
      const fiber = yield* Effect.forkChild(
        Users.list().pipe(Effect.provideService(HttpClient.HttpClient, client))
      )
      yield* Effect.sleep("10 millis")
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(cancelled(), 1)
    }).pipe(Effect.provideService(ApiKey, Redacted.make("k"))))

  it.effect("under TestClock (not the live clock) the same client goes through HttpClient.execute", () =>
    Effect.gen(function*() {
      const { client, scripted, seen } = yield* withExchange("user")
      const error = yield* Effect.flip(
        Users.list().pipe(Effect.provideService(HttpClient.HttpClient, client), Policy.withPolicy(Policy.noRetry))
      )
      assert.strictEqual(error._tag, "InternalError")
      assert.strictEqual(seen.length, 0)
      assert.strictEqual(scripted.requests().length, 1)
    }).pipe(Effect.provideService(ApiKey, Redacted.make("k"))))

  it.live("a client changed by middleware has no direct exchange: its middleware runs", () =>
    Effect.gen(function*() {
      const { client, scripted, seen } = yield* withExchange("user")
      const tapped = HttpClient.mapRequest(client, (request) => request)
      const error = yield* Effect.flip(
        Users.list().pipe(Effect.provideService(HttpClient.HttpClient, tapped), Policy.withPolicy(Policy.noRetry))
      )
      assert.strictEqual(error._tag, "InternalError")
      assert.strictEqual(seen.length, 0)
      assert.strictEqual(scripted.requests().length, 1)
    }).pipe(Effect.provideService(ApiKey, Redacted.make("k"))))
})
