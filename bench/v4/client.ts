/**
 * One benchmark case in its own process, for the Effect 4 edition on Node 22: `node v4-client.mjs '<json
 * Case>'` (see `../harness.ts` for what is measured and printed). `bench/main.ts` bundles it with Effect 4
 * (this folder's `node_modules` is the Effect 4 edition's development install) and runs it on that
 * install's Node 22, beside raw undici on the same Node (`undici-node22`), the reference its rows are judged
 * against.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Undici from "undici"
import * as ApiKey from "../../src/v4/ApiKey.js"
import * as ApiServer from "../../src/v4/ApiServer.js"
import { FetchClient } from "../../src/v4/fetch/index.js"
import { UndiciHttpClient } from "../../src/v4/undici/index.js"
import * as Users from "../../src/v4/Users.js"
import { apiKey, createInput, email } from "../fixtures.js"
import {
  baseUrl,
  check,
  type ClientName,
  heapMB,
  heapPromise,
  type HeapResult,
  heapResult,
  loadPromise,
  type LoadResult,
  LoadWindow,
  type Operation,
  rawCall,
  report,
  spec
} from "../harness.js"

const effectCall = (operation: Operation): Effect.Effect<unknown, unknown, Users.Requirements> => {
  switch (operation) {
    case "get":
      return Users.get(email)
    case "create":
      return Users.create(createInput)
    default:
      return Users.list()
  }
}

const effectLayer = (client: ClientName, operation: Operation): Layer.Layer<Users.Requirements, unknown> => {
  const httpClient: Layer.Layer<HttpClient.HttpClient> = client === "effect4-fetch"
    ? FetchHttpClient.layer
    : client === "effect4-leanfetch"
    ? FetchClient.layer
    : client === "effect4-lean"
    ? UndiciHttpClient.layer
    : NodeHttpClient.layerUndici
  return Layer.mergeAll(ApiKey.layer(Redacted.make(apiKey)), ApiServer.layer(baseUrl(operation)), httpClient)
}

// The two loops below are `client.ts`'s in Effect 4: the same text against the other major's `Effect`.
const loadEffect = (operation: Operation): Effect.Effect<LoadResult, unknown, Users.Requirements> =>
  Effect.gen(function*() {
    const call = effectCall(operation)
    check(operation, yield* call)
    const window = new LoadWindow()
    const worker = Effect.gen(function*() {
      for (let t0 = performance.now(); window.open(t0); t0 = performance.now()) {
        yield* Effect.match(call, {
          onSuccess: () => window.succeeded(t0),
          onFailure: (error) => window.failed(error)
        })
      }
    })
    yield* Effect.all(Array.from({ length: spec.concurrency }, () => worker), {
      concurrency: "unbounded",
      discard: true
    })
    return window.result()
  })

const heapEffect = (operation: Operation): Effect.Effect<HeapResult, unknown, Users.Requirements> =>
  Effect.gen(function*() {
    const calls = spec.calls ?? 100_000
    const firstCalls = spec.firstCalls ?? 1_000
    const call = effectCall(operation)
    const start = performance.now()
    for (let i = 0; i < firstCalls; i++) yield* call
    const heapAfterFirstMB = heapMB()
    for (let i = firstCalls; i < calls; i++) yield* call
    const heapAfterAllMB = heapMB()
    return heapResult(calls, firstCalls, heapAfterFirstMB, heapAfterAllMB, start)
  })

const main = async (): Promise<LoadResult | HeapResult> => {
  const call = rawCall(Undici.request, spec.client, spec.operation)
  if (call !== undefined) return spec.mode === "heap" ? heapPromise(call) : loadPromise(call)
  const program: Effect.Effect<LoadResult | HeapResult, unknown, Users.Requirements> = spec.mode === "heap"
    ? heapEffect(spec.operation)
    : loadEffect(spec.operation)
  return Effect.runPromise(
    program.pipe(Effect.provide(effectLayer(spec.client, spec.operation)), Effect.scoped)
  )
}

report(main)
