/**
 * `npm run bench:hotpath [-- --only=<name>,...] [-- --rounds=N] [-- --calls=N]`
 *
 * Client CPU time per call (user + system, best of the rounds), in one process pinned to core 1, against
 * the benchmark server pinned to core 0. CPU time per call is much less sensitive to a busy machine than
 * requests per second, so this is the number each optimisation of the hot path is judged by. Run it under
 * `node --cpu-prof` (see BENCHMARKS.md) to see where the time goes.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { spawn } from "node:child_process"
import * as Path from "node:path"
import * as Undici from "undici"
import { ApiKey } from "../src/ApiKey.js"
import * as ApiServer from "../src/ApiServer.js"
import { FetchClient } from "../src/fetch/index.js"
import { UndiciHttpClient } from "../src/undici/index.js"
import * as Users from "../src/Users.js"
import { apiKey, createBody, createInput, email, getBody, listBody } from "./fixtures.js"

const args = process.argv.slice(2)
const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = flag("only")?.split(",")
const rounds = Number(flag("rounds") ?? 5)
const calls = Number(flag("calls") ?? 4000)
const concurrency = Number(flag("concurrency") ?? 64)

const startServer = () =>
  new Promise<{ readonly port: number; readonly stop: () => void }>((resolve, reject) => {
    const child = spawn(
      "taskset",
      ["-c", "0", process.execPath, "--import", "tsx", Path.resolve("bench/server.ts")],
      { stdio: ["pipe", "pipe", "inherit"] }
    )
    child.stdout.once("data", (chunk: Buffer) =>
      resolve({
        port: (JSON.parse(chunk.toString()) as { port: number }).port,
        stop: () => child.kill()
      }))
    child.on("error", reject)
  })

const main = async () => {
  const server = await startServer()
  const base = `http://127.0.0.1:${server.port}/l50`
  const server0 = ApiServer.make(base)
  if (server0._tag === "Left") throw new Error("bad server url")
  const contextOf = (client: HttpClient.HttpClient) =>
    Context.make(ApiKey, Redacted.make(apiKey)).pipe(
      Context.add(HttpClient.HttpClient, client),
      Context.add(ApiServer.ApiServer, server0.right)
    )
  const lean = contextOf(UndiciHttpClient.make(new Undici.Agent()))
  const platform = contextOf(NodeHttpClient.makeUndici(new Undici.Agent()))
  const platformFetch = await Effect.runPromise(Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer))
  const fetchContext = contextOf(platformFetch)
  const leanFetchContext = contextOf(
    await Effect.runPromise(Effect.provide(HttpClient.HttpClient, FetchClient.layer))
  )
  // No I/O at all: canned responses one microtask away, so that only the library's own cost is measured.
  const bodies = { GET: getBody(), LIST: listBody(50), POST: createBody() }
  const memory = contextOf(HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (request) =>
      Effect.flatMap(request, (request) =>
        Effect.promise(() =>
          Promise.resolve(HttpClientResponse.fromWeb(
            request,
            new Response(
              request.method === "POST" ? bodies.POST : request.url.endsWith("/users") ? bodies.LIST : bodies.GET,
              { status: 200, headers: { "content-type": "application/json" } }
            )
          ))
        )),
    Effect.succeed
  ))
  const url = `${base}/v1/orgs/self/users/${encodeURIComponent(email)}`
  const headers = { authorization: `ApiKey ${apiKey}`, accept: "application/json", "user-agent": "bench/0.0.0" }

  const decoder = new TextDecoder()
  const dispatcher = new Undici.Agent()
  const origin = new URL(base).origin
  const path = url.slice(origin.length)
  // One `Dispatcher.dispatch` collecting the body, in one `Effect.async`: the cheapest way from Effect to undici.
  const viaDispatch = Effect.async<unknown, Error>((resume) => {
    const chunks: Array<Buffer> = []
    dispatcher.dispatch({ origin, path, method: "GET", headers }, {
      // undici takes a handler as one of its new kind only when it has `onRequestStart`
      onRequestStart: () => {},
      onResponseData: (_controller, chunk) => {
        chunks.push(chunk)
      },
      onResponseEnd: () => resume(Effect.succeed(JSON.parse(decoder.decode(Buffer.concat(chunks))))),
      onResponseError: (_controller, error) => resume(Effect.fail(error))
    })
  })
  // The same with a canceler, as an interruptible call needs.
  const viaDispatchCancelable = Effect.async<unknown, Error>((resume) => {
    const chunks: Array<Buffer> = []
    let controller: Undici.Dispatcher.DispatchController | undefined
    dispatcher.dispatch({ origin, path, method: "GET", headers }, {
      onRequestStart: (started) => {
        controller = started
      },
      onResponseData: (_controller, chunk) => {
        chunks.push(chunk)
      },
      onResponseEnd: () => resume(Effect.succeed(JSON.parse(decoder.decode(Buffer.concat(chunks))))),
      onResponseError: (_controller, error) => resume(Effect.fail(error))
    })
    return Effect.sync(() => controller?.abort(new Error("interrupted")))
  })
  // Each variant is one call, run over and over by every worker; the context, when there is one, is provided
  // once around all of a worker's calls, as an application provides its layers once.
  const variants: Record<
    string,
    readonly [Effect.Effect<unknown, unknown, Users.Requirements>, Context.Context<Users.Requirements>?]
  > = {
    "get: Effect.tryPromise(undici.request)": [
      Effect.tryPromise(async () => JSON.parse(await (await Undici.request(url, { headers })).body.text()))
    ],
    "get: Effect.async(dispatcher.dispatch)": [viaDispatch],
    "get: Effect.async(dispatcher.dispatch) with a canceler": [viaDispatchCancelable],
    "get: effect-rockset on lean undici": [Users.get(email), lean],
    "get: effect-rockset on platform undici": [Users.get(email), platform],
    "get: effect-rockset on fetch": [Users.get(email), fetchContext],
    "get: effect-rockset on lean fetch": [Users.get(email), leanFetchContext],
    "get: Effect.promise(fetch with a signal)": [
      Effect.promise(async () =>
        JSON.parse(await (await fetch(url, { headers, signal: new AbortController().signal })).text())
      )
    ],
    "list50: effect-rockset on lean undici": [Users.list(), lean],
    "create: effect-rockset on lean undici": [Users.create(createInput), lean],
    "get: in memory, Response + text + JSON.parse": [
      Effect.promise(() =>
        new Response(bodies.GET, { status: 200, headers: { "content-type": "application/json" } }).text()
      ).pipe(Effect.map(JSON.parse))
    ],
    "get: effect-rockset in memory": [Users.get(email), memory],
    "create: effect-rockset in memory": [Users.create(createInput), memory]
  }

  const best = new Map<string, number>()
  for (let round = 0; round < rounds; round++) {
    for (const [name, [call, context]] of Object.entries(variants)) {
      if (only !== undefined && !only.some((o) => name.includes(o))) continue
      const perWorker = Math.ceil(calls / concurrency)
      const worker = (n: number) =>
        Effect.gen(function*() {
          for (let i = 0; i < n; i++) yield* call
        }).pipe(Effect.provide(context ?? Context.empty() as Context.Context<Users.Requirements>))
      const run = (n: number) =>
        Effect.all(Array.from({ length: concurrency }, () => worker(n)), { concurrency: "unbounded", discard: true })
      const cpuUs = await Effect.runPromise(Effect.gen(function*() {
        yield* run(Math.ceil(perWorker / 4))
        const start = process.cpuUsage()
        yield* run(perWorker)
        const used = process.cpuUsage(start)
        return (used.user + used.system) / (perWorker * concurrency)
      }))
      best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, cpuUs))
    }
  }
  server.stop()
  process.stdout.write(`client CPU per call, concurrency ${concurrency}, best of ${rounds} rounds of ${calls} calls\n`)
  for (const [name, cpuUs] of best) process.stdout.write(`${name.padEnd(44)} ${cpuUs.toFixed(0).padStart(5)} µs\n`)
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(String(error) + "\n")
  process.exit(1)
})
