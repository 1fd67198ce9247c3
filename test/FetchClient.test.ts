import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as ApiKey from "../src/ApiKey.js"
import * as ApiServer from "../src/ApiServer.js"
import { FetchClient } from "../src/fetch/index.js"
import * as Policy from "../src/Policy.js"
import * as Users from "../src/Users.js"
import { createdUser } from "./fixtures/live.js"

const server = "https://api.usw2a1.rockset.com"

interface Seen {
  readonly input: string | URL | Request
  readonly init: RequestInit | undefined
}

/** A `fetch` that records its calls and answers with `respond` (a `Response`, or a promise of one). */
const recordingFetch = (respond: (init: RequestInit | undefined) => Promise<Response>) => {
  const seen: Array<Seen> = []
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    seen.push({ input, init })
    return respond(init)
  }) as typeof globalThis.fetch
  return { seen, fetch }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })
  )

const Config = Layer.mergeAll(ApiKey.layer(Redacted.make("fetch-key")), ApiServer.layer(server))

describe("FetchClient", () => {
  it.live("operations take the direct way, with the Fetch in context; a derived client goes through the platform", () =>
    Effect.gen(function*() {
      const { fetch, seen } = recordingFetch(() => json(200, createdUser))
      const client = yield* HttpClient.HttpClient.pipe(Effect.provide(FetchClient.layer))
      const get = (httpClient: HttpClient.HttpClient) =>
        Users.get(createdUser.email).pipe(
          Effect.provide(Config),
          Effect.provideService(HttpClient.HttpClient, httpClient),
          Effect.provideService(FetchHttpClient.Fetch, fetch)
        )

      const user = yield* get(client)
      assert.strictEqual(user.email, createdUser.email)
      // the direct way passes the URL as a string, and never follows a redirect
      const direct = seen[0]!
      assert.strictEqual(direct.input, `${server}/v1/orgs/self/users/${encodeURIComponent(createdUser.email)}`)
      assert.strictEqual(direct.init?.redirect, "manual")
      assert.strictEqual(direct.init?.method, "GET")
      assert.instanceOf(direct.init?.signal, AbortSignal)
      assert.strictEqual(new Headers(direct.init?.headers).get("authorization"), "ApiKey fetch-key")

      // the platform's client passes a URL object
      yield* get(HttpClient.mapRequest(client, (request) => request))
      assert.instanceOf(seen[1]!.input, URL)
      assert.strictEqual(String(seen[1]!.input), direct.input)
      assert.strictEqual(new Headers(seen[1]!.init?.headers).get("authorization"), "ApiKey fetch-key")
    }))

  it.live("make keeps the middleware of the client it is handed: no direct way around it", () =>
    Effect.gen(function*() {
      const { fetch, seen } = recordingFetch(() => json(200, createdUser))
      const platform = yield* HttpClient.HttpClient.pipe(Effect.provide(FetchHttpClient.layer))
      const tagged = FetchClient.make(
        HttpClient.mapRequest(platform, HttpClientRequest.setHeader("x-middleware", "ran"))
      )
      const user = yield* Users.get(createdUser.email).pipe(
        Effect.provide(Config),
        Effect.provideService(HttpClient.HttpClient, tagged),
        Effect.provideService(FetchHttpClient.Fetch, fetch)
      )
      assert.strictEqual(user.email, createdUser.email)
      assert.strictEqual(seen.length, 1)
      // through the platform's client (a URL object), with the middleware's header
      assert.instanceOf(seen[0]!.input, URL)
      assert.strictEqual(new Headers(seen[0]!.init?.headers).get("x-middleware"), "ran")
      // and a bare platform client handed to make is not taken for the layer's own either
      yield* Users.get(createdUser.email).pipe(
        Effect.provide(Config),
        Effect.provideService(HttpClient.HttpClient, FetchClient.make(platform)),
        Effect.provideService(FetchHttpClient.Fetch, fetch)
      )
      assert.instanceOf(seen[1]!.input, URL)
    }))

  it.live("a request fetch refuses to send (bad port) is a Transport failure that sent nothing", () =>
    Effect.gen(function*() {
      for (const runtime of [FetchClient.layer, FetchHttpClient.layer]) {
        const error = yield* Users.create({ email: "ada@example.com", roles: ["member"] }).pipe(
          Policy.withPolicy(Policy.noRetry),
          Effect.provide(
            Layer.mergeAll(ApiKey.layer(Redacted.make("fetch-key")), ApiServer.layer("http://127.0.0.1:9"))
          ),
          Effect.provide(runtime),
          Effect.flip
        )
        assert.strictEqual(error._tag, "Transport")
        assert.isFalse(error._tag === "Transport" && error.requestSent)
      }
    }))

  it.live("reads the status's error and Retry-After from the response", () =>
    Effect.gen(function*() {
      const { fetch, seen } = recordingFetch(() =>
        json(429, { message: "slow down", type: "RESOURCEEXCEEDED" }, { "retry-after": "7" })
      )
      const error = yield* Users.get(createdUser.email).pipe(
        Policy.withPolicy(Policy.noRetry),
        Effect.provide(Config),
        Effect.provide(FetchClient.layer),
        Effect.provideService(FetchHttpClient.Fetch, fetch),
        Effect.flip
      )
      assert.strictEqual(error._tag, "ResourceExceeded")
      assert.isTrue(
        "retryAfter" in error && error.retryAfter !== undefined && Duration.toMillis(error.retryAfter) === 7000
      )
      assert.strictEqual(seen.length, 1)
    }))

  it.live("aborts the request when the attempt's time is up, and when the call is interrupted", () =>
    Effect.gen(function*() {
      const signals: Array<AbortSignal> = []
      // never answers; rejects as fetch does once its signal is aborted
      const { fetch } = recordingFetch((init) =>
        new Promise<Response>((_resolve, reject) => {
          const signal = init!.signal!
          signals.push(signal)
          signal.addEventListener("abort", () => reject(signal.reason))
        })
      )
      const call = Users.get(createdUser.email).pipe(
        Effect.provide(Config),
        Effect.provide(FetchClient.layer),
        Effect.provideService(FetchHttpClient.Fetch, fetch)
      )

      const timedOut = yield* call.pipe(
        Policy.withPolicy(Policy.noRetry.pipe(Policy.withAttemptTimeout("50 millis"))),
        Effect.flip
      )
      assert.strictEqual(timedOut._tag, "Timeout")
      assert.isTrue(signals[0]!.aborted)

      const fiber = yield* Effect.fork(call)
      yield* Effect.sleep("20 millis")
      assert.isFalse(signals[1]!.aborted)
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isInterrupted(exit))
      assert.isTrue(signals[1]!.aborted)
    }))
})
