/**
 * `npm run bench:hotpath [-- --only=<name>,...] [-- --rounds=N] [-- --calls=N]`
 *
 * Client CPU time per call (user + system, best of the rounds), in one process pinned to core 1, against
 * the benchmark server pinned to core 0: `Users.get` beside the hand-written `HttpClient.get` + Schema on
 * the same client (the platform's undici and fetch layers, and an in-memory client that isolates our own
 * cost from any I/O). CPU time per call is much less sensitive to a busy machine than requests per second,
 * so this is the number to judge one change by. Run it under `node --cpu-prof` (see BENCHMARKS.md) to see
 * where the time goes.
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
import { ApiKey, ApiServer, UserAgent, Users, UsersSchema } from "../src/v3/index.js"
import { apiKey, email, getBody } from "./fixtures.js"

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
    Context.make(ApiKey.ApiKey, Redacted.make(apiKey)).pipe(
      Context.add(HttpClient.HttpClient, client),
      Context.add(ApiServer.ApiServer, server0.right)
    )
  const platform = contextOf(NodeHttpClient.makeUndici(new Undici.Agent()))
  const fetchContext = contextOf(await Effect.runPromise(Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer)))
  // No I/O at all: a canned response one microtask away, so that only the client's own cost is measured.
  const body = getBody()
  const memory = contextOf(HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (request) =>
      Effect.flatMap(request, (request) =>
        Effect.promise(() =>
          Promise.resolve(HttpClientResponse.fromWeb(
            request,
            new Response(body, { status: 200, headers: { "content-type": "application/json" } })
          ))
        )),
    Effect.succeed
  ))
  const url = `${base}/v1/orgs/self/users/${encodeURIComponent(email)}`
  const userAgent = await Effect.runPromise(Effect.gen(function*() {
    return yield* UserAgent.UserAgent
  }))
  const headers = { authorization: `ApiKey ${apiKey}`, accept: "application/json", "user-agent": userAgent }
  // What a user writes without the library, as bench/client.ts has it: the baseline of `Users.get`.
  const handWritten = HttpClient.get(url, { headers }).pipe(
    Effect.flatMap(HttpClientResponse.filterStatusOk),
    Effect.flatMap(HttpClientResponse.schemaBodyJson(UsersSchema.User))
  )
  // Each variant is one call, run over and over by every worker; the context, when there is one, is provided
  // once around all of a worker's calls, as an application provides its layers once.
  const variants: Record<
    string,
    readonly [Effect.Effect<unknown, unknown, Users.Requirements>, Context.Context<Users.Requirements>?]
  > = {
    "get: Effect.tryPromise(undici.request)": [
      Effect.tryPromise(async () => JSON.parse(await (await Undici.request(url, { headers })).body.text()))
    ],
    "get: HttpClient.get + Schema on layerUndici": [handWritten, platform],
    "get: Users.get on layerUndici": [Users.get(email), platform],
    "get: HttpClient.get + Schema on FetchHttpClient": [handWritten, fetchContext],
    "get: Users.get on FetchHttpClient": [Users.get(email), fetchContext],
    "get: HttpClient.get + Schema in memory": [handWritten, memory],
    "get: Users.get in memory": [Users.get(email), memory]
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
  for (const [name, cpuUs] of best) process.stdout.write(`${name.padEnd(48)} ${cpuUs.toFixed(0).padStart(5)} µs\n`)
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(String(error) + "\n")
  process.exit(1)
})
