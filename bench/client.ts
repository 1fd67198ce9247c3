/**
 * One benchmark case in its own process, for the raw clients, `@rockset/client` and the Effect 3 edition:
 * `node client.mjs '<json Case>'` (see `harness.ts` for what is measured and printed; its Effect 4
 * counterpart is `v4/client.ts`).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import rocksetPackage from "@rockset/client"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Undici from "undici"
import { ApiKey, ApiServer, UserAgent, Users, UsersSchema } from "../src/v3/index.js"
import { apiKey, email } from "./fixtures.js"
import {
  baseUrl,
  type Call,
  check,
  type ClientName,
  heapMB,
  type HeapResult,
  heapResult,
  loadPromise,
  type LoadResult,
  LoadWindow,
  rawCall,
  report,
  spec,
  userUrl
} from "./harness.js"

export type { Case, ClientName, HeapResult, LoadResult } from "./harness.js"

const rocksetCall = (): Call => {
  const rockset = rocksetPackage.default(apiKey, baseUrl())
  return () => rockset.users.getUser(email)
}

type Get = Effect.Effect<unknown, unknown, Users.Requirements>

/**
 * What a user writes without this library: the same GET with the same headers (the library's own
 * `User-Agent` included), its status checked and its body decoded with the same schema, which keeps the
 * undeclared keys as `Users.get` does.
 */
const platformGet: Effect.Effect<Get> = Effect.gen(function*() {
  const options = {
    headers: { authorization: `ApiKey ${apiKey}`, accept: "application/json", "user-agent": yield* UserAgent.UserAgent }
  }
  const decode = HttpClientResponse.schemaBodyJson(UsersSchema.User)
  const url = userUrl()
  return HttpClient.get(url, options).pipe(Effect.flatMap(HttpClientResponse.filterStatusOk), Effect.flatMap(decode))
})

const callOf = (client: ClientName): Effect.Effect<Get> =>
  client === "platform-undici" || client === "platform-fetch" ? platformGet : Effect.succeed(Users.get(email))

const layerOf = (client: ClientName): Layer.Layer<Users.Requirements, unknown> =>
  Layer.mergeAll(
    ApiKey.layer(Redacted.make(apiKey)),
    ApiServer.layer(baseUrl()),
    client === "platform-fetch" || client === "effect-fetch" ? FetchHttpClient.layer : NodeHttpClient.layerUndici
  )

const loadEffect = (call: Get): Effect.Effect<LoadResult, unknown, Users.Requirements> =>
  Effect.gen(function*() {
    check(yield* call)
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

/**
 * The calls run `spec.concurrency` at a time (so that 100,000 take seconds, not minutes, on a busy machine),
 * and the heap is sampled when none is in flight: what is left then is what the calls kept.
 */
const heapEffect = (call: Get): Effect.Effect<HeapResult, unknown, Users.Requirements> =>
  Effect.gen(function*() {
    const calls = spec.calls ?? 100_000
    const firstCalls = spec.firstCalls ?? 1_000
    const callsOf = (count: number) =>
      Effect.all(
        Array.from({ length: spec.concurrency }, (_, worker) =>
          Effect.gen(function*() {
            for (let i = worker; i < count; i += spec.concurrency) yield* call
          })),
        { concurrency: "unbounded", discard: true }
      )
    const start = performance.now()
    yield* callsOf(firstCalls)
    const heapAfterFirstMB = heapMB()
    yield* callsOf(calls - firstCalls)
    const heapAfterAllMB = heapMB()
    return heapResult(calls, firstCalls, heapAfterFirstMB, heapAfterAllMB, start)
  })

const main = async (): Promise<LoadResult | HeapResult> => {
  const call = spec.client === "rockset" ? rocksetCall() : rawCall(Undici.request, spec.client)
  if (call !== undefined) return loadPromise(call)
  const program = Effect.flatMap(
    callOf(spec.client),
    (call): Effect.Effect<LoadResult | HeapResult, unknown, Users.Requirements> =>
      spec.mode === "heap" ? heapEffect(call) : loadEffect(call)
  )
  return Effect.runPromise(program.pipe(Effect.provide(layerOf(spec.client))))
}

report(main)
