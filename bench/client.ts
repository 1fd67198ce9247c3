// v4: /**
// v4:  * One benchmark case in its own process, for the Effect 4 edition on Node 22: `node v4-client.mjs '<json
// v4:  * Case>'` (see `../harness.ts` for what is measured and printed). `bench/main.ts` bundles it with Effect 4
// v4:  * (this folder's `node_modules` is the Effect 4 edition's development install) and runs it on that
// v4:  * install's Node 22, beside raw undici on the same Node (`undici-node22`), the reference its rows are judged
// v4:  * against.
// v4:  */
// v3 {
/**
 * One benchmark case in its own process, for the raw clients, `@rockset/client` and the Effect 3 edition:
 * `node client.mjs '<json Case>'` (see `harness.ts` for what is measured and printed; its twin `v4/client.ts`,
 * written from this file by scripts/twins.mjs, is the Effect 4 edition's).
 */
// v3 }
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
// v4-
import rocksetPackage from "@rockset/client"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Undici from "undici"
import * as ApiKey from "../src/ApiKey.js"
import * as ApiServer from "../src/ApiServer.js"
import { FetchClient } from "../src/fetch/index.js"
import { UndiciHttpClient } from "../src/undici/index.js"
import * as Users from "../src/Users.js"
import { apiKey, createInput, email } from "./fixtures.js"
import {
  baseUrl,
  // v4-
  type Call,
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
  // v4: spec
  spec,
  // v4-
  undiciCall
} from "./harness.js"
// v4-
// v3 {

export type { Case, ClientName, HeapResult, LoadResult, Operation } from "./harness.js"

const rocksetCall = (operation: Operation): Call => {
  const rockset = rocksetPackage.default(apiKey, baseUrl(operation))
  switch (operation) {
    case "get":
      return () => rockset.users.getUser(email)
    case "create":
      return async () => (await rockset.users.createUser(createInput)).data
    default:
      return async () => (await rockset.users.listUsers()).data
  }
}

/** The Effect floor: `Effect.tryPromise` around the raw undici call, no library. */
const effectRawCall = (operation: Operation): Effect.Effect<unknown, unknown> => {
  const call = undiciCall(Undici.request, operation)
  return Effect.tryPromise(call)
}
// v3 }

const effectCall = (operation: Operation): Effect.Effect<unknown, unknown, Users.Requirements> => {
  // v4-
  if (spec.client === "effect-raw") return effectRawCall(operation)
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
  // v4: const httpClient: Layer.Layer<HttpClient.HttpClient> = client === "effect4-fetch"
  const httpClient: Layer.Layer<HttpClient.HttpClient> = client === "effect-fetch"
    ? FetchHttpClient.layer
    // v4: : client === "effect4-leanfetch"
    : client === "effect-leanfetch"
    ? FetchClient.layer
    // v4: : client === "effect4-lean"
    : client === "effect-lean"
    ? UndiciHttpClient.layer
    : NodeHttpClient.layerUndici
  return Layer.mergeAll(ApiKey.layer(Redacted.make(apiKey)), ApiServer.layer(baseUrl(operation)), httpClient)
}

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
  // v4: const call = rawCall(Undici.request, spec.client, spec.operation)
  // v3 {
  const call = spec.client === "rockset"
    ? rocksetCall(spec.operation)
    : rawCall(Undici.request, spec.client, spec.operation)
  // v3 }
  if (call !== undefined) return spec.mode === "heap" ? heapPromise(call) : loadPromise(call)
  const program: Effect.Effect<LoadResult | HeapResult, unknown, Users.Requirements> = spec.mode === "heap"
    ? heapEffect(spec.operation)
    : loadEffect(spec.operation)
  return Effect.runPromise(
    program.pipe(Effect.provide(effectLayer(spec.client, spec.operation)), Effect.scoped)
  )
}

report(main)
