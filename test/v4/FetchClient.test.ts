import { assert, describe, it } from "@effect/vitest"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import { directOf, type DirectRequest } from "../../src/core/exchange/direct.js"
import { FetchClient } from "../../src/v4/fetch/index.js"
import { httpClientCases } from "./httpClientCases.js"

httpClientCases("FetchClient.layer", FetchClient.layer)

interface Seen {
  readonly by: string
  readonly input: string | URL | Request
  readonly init: RequestInit | undefined
}

/** A `fetch` named `by` that records its calls in `seen` and answers 200 with an empty JSON object. */
const recordingFetch = (by: string, seen: Array<Seen>): typeof globalThis.fetch =>
  ((input: string | URL | Request, init?: RequestInit) => {
    seen.push({ by, input, init })
    return Promise.resolve(new Response("{}", { status: 200, headers: { "content-type": "application/json" } }))
  }) as typeof globalThis.fetch

const request: DirectRequest = {
  method: "POST",
  origin: "https://api.usw2a1.rockset.com",
  path: "/v1/orgs/self/users",
  headers: { "content-type": "application/json", "x-request": "own" },
  body: "{}",
  timeoutMillis: 2_000
}

/** One direct exchange of `client` in the call's context; the status it answered with. */
const directStatus = (client: HttpClient.HttpClient) =>
  Effect.gen(function*() {
    const direct = directOf<Context.Context<never>>(client)!
    const context = yield* Effect.context<never>()
    return yield* Effect.promise(() =>
      new Promise<number>((resolve, reject) => {
        direct(request, { onResponse: resolve, onFailure: reject, onTimeout: reject }, context)
      })
    )
  })

describe("FetchClient (Effect 4)", () => {
  it.effect("the direct way reads Fetch and RequestInit from the call's context, else from the layer's", () =>
    Effect.gen(function*() {
      const seen: Array<Seen> = []
      const client = yield* Effect.service(HttpClient.HttpClient).pipe(
        Effect.provide(FetchClient.layer.pipe(
          Layer.provide(Layer.succeed(FetchHttpClient.Fetch, recordingFetch("layer", seen))),
          Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { headers: { "x-init": "layer" } }))
        ))
      )
      assert.strictEqual(yield* directStatus(client), 200)
      assert.strictEqual(seen[0]?.by, "layer")
      assert.strictEqual(seen[0]?.input, `${request.origin}${request.path}`)
      assert.strictEqual(seen[0]?.init?.redirect, "manual")
      assert.strictEqual(seen[0]?.init?.body, "{}")
      const headers = new Headers(seen[0]?.init?.headers)
      assert.strictEqual(headers.get("x-init"), "layer")
      assert.strictEqual(headers.get("x-request"), "own")

      yield* directStatus(client).pipe(
        Effect.provideService(FetchHttpClient.Fetch, recordingFetch("call", seen)),
        Effect.provideService(FetchHttpClient.RequestInit, { headers: { "x-init": "call", "x-request": "init" } })
      )
      assert.strictEqual(seen[1]?.by, "call")
      const callHeaders = new Headers(seen[1]?.init?.headers)
      assert.strictEqual(callHeaders.get("x-init"), "call")
      // the request's own headers win over RequestInit's
      assert.strictEqual(callHeaders.get("x-request"), "own")

      // the HttpClient way reads the same settings, the same way round
      yield* client.get(`${request.origin}/v1/orgs/self/users`)
      assert.strictEqual(seen[2]?.by, "layer")
      yield* client.get(`${request.origin}/v1/orgs/self/users`).pipe(
        Effect.provideService(FetchHttpClient.Fetch, recordingFetch("call", seen))
      )
      assert.strictEqual(seen[3]?.by, "call")
    }))

  it.effect("make keeps the client it is handed, middleware included, and gives it no direct way", () =>
    Effect.gen(function*() {
      const seen: Array<Seen> = []
      const platform = yield* Effect.service(HttpClient.HttpClient).pipe(Effect.provide(FetchHttpClient.layer))
      const client = FetchClient.make(
        HttpClient.mapRequest(platform, HttpClientRequest.setHeader("x-mw", "ran"))
      )
      assert.isUndefined(directOf(client))
      assert.isUndefined(directOf(FetchClient.make(platform)))
      yield* client.get(`${request.origin}/v1/orgs/self/users`).pipe(
        Effect.provideService(FetchHttpClient.Fetch, recordingFetch("call", seen))
      )
      assert.strictEqual(new Headers(seen[0]?.init?.headers).get("x-mw"), "ran")
    }))
})
