/**
 * `tsx bench/overhead.ts` (pin it: `taskset -c 1`)
 *
 * The library's own CPU per `get`, with no I/O at all: once through a direct exchange that answers on a
 * microtask (the path the lean runtimes take), once through an in-memory `HttpClient` (the path any other
 * client takes). Far less noisy than `bench:hotpath` on a shared machine, so it is the one to compare two
 * versions of the call loop with; `bench:hotpath` says what a user sees.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { ApiKey } from "../src/ApiKey.js"
import * as ApiServer from "../src/ApiServer.js"
import { type Direct, withDirect } from "../src/core/exchange/direct.js"
import * as Users from "../src/Users.js"
import { apiKey, email, getBody } from "./fixtures.js"

const body = getBody()
const memoryClient = HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
  (request) =>
    Effect.flatMap(
      request,
      (request) =>
        Effect.promise(() => Promise.resolve(HttpClientResponse.fromWeb(request, new Response(body, { status: 200 }))))
    ),
  Effect.succeed
)
const headers = { header: (_: string) => undefined }
const fake: Direct<unknown> = (_request, handler) => {
  let cancelled = false
  queueMicrotask(() => {
    if (!cancelled) handler.onResponse(200, headers, body)
  })
  return {
    cancel() {
      cancelled = true
    }
  }
}
const directClient = withDirect(
  HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (r) => Effect.flatMap(r, () => Effect.die("no")),
    Effect.succeed
  ),
  fake
)
const server0 = ApiServer.make("http://127.0.0.1:1/l50")
if (server0._tag === "Left") throw new Error()
const ctx = (client: HttpClient.HttpClient) =>
  Context.make(ApiKey, Redacted.make(apiKey)).pipe(
    Context.add(HttpClient.HttpClient, client),
    Context.add(ApiServer.ApiServer, server0.right)
  )
const variants: Record<string, ReturnType<typeof ctx>> = {
  "direct (fake exchange)": ctx(directClient),
  "HttpClient (in memory)": ctx(memoryClient)
}
const rounds = 10, concurrency = 64, perWorker = 200
const main = async () => {
  const best = new Map<string, number>()
  for (let round = 0; round < rounds; round++) {
    for (const [name, context] of Object.entries(variants)) {
      const worker = (n: number) =>
        Effect.gen(function*() {
          for (let i = 0; i < n; i++) yield* Users.get(email)
        }).pipe(Effect.provide(context))
      const run = (n: number) =>
        Effect.all(Array.from({ length: concurrency }, () => worker(n)), { concurrency: "unbounded", discard: true })
      const us = await Effect.runPromise(Effect.gen(function*() {
        yield* run(50)
        const start = process.cpuUsage()
        yield* run(perWorker)
        const used = process.cpuUsage(start)
        return (used.user + used.system) / (perWorker * concurrency)
      }))
      best.set(name, Math.min(best.get(name) ?? Infinity, us))
    }
  }
  for (const [name, us] of best) process.stdout.write(`${name.padEnd(30)} ${us.toFixed(1)} µs\n`)
}
main().then(() => process.exit(0), (error) => {
  process.stderr.write(String(error) + "\n")
  process.exit(1)
})
