/**
 * What every benchmark client process shares, whichever Effect it runs (`client.ts` for Effect 3 on the
 * project's Node, `v4/client.ts` for Effect 4 on Node 22): the case it was given, the raw calls, the load
 * window with its CPU meter, the heap measurement, and the one JSON line it prints. Nothing here imports
 * Effect.
 */
import { apiKey, email } from "./fixtures.js"

/**
 * The same names in both editions' processes; which edition (and Node) a row is, is the process it runs in.
 * - `undici`, `fetch`, `rockset`: the platform and the official client, no Effect (reported, no target);
 * - `platform-undici`, `platform-fetch`: what a user writes without this library, `HttpClient.get` and a
 *   Schema decode of the same user, on `NodeHttpClient.layerUndici` and on `FetchHttpClient.layer`;
 * - `effect-undici`, `effect-fetch`: `Users.get` on the same two layers.
 */
export type ClientName =
  | "undici"
  | "fetch"
  | "rockset"
  | "platform-undici"
  | "platform-fetch"
  | "effect-undici"
  | "effect-fetch"

export interface Case {
  readonly mode: "load" | "heap"
  readonly client: ClientName
  readonly concurrency: number
  readonly warmupMs: number
  readonly durationMs: number
  /** heap mode: calls in all, and the calls after which the first heap sample is taken. */
  readonly calls?: number
  readonly firstCalls?: number
  readonly port: number
}

export interface LoadResult {
  /** Calls that completed inside the measured window (whenever they started). */
  readonly requests: number
  readonly errors: number
  readonly elapsedMs: number
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** Client CPU time (user + system) per request over the measured window, in microseconds. */
  readonly cpuUsPerRequest: number
  readonly firstError?: string
}

export interface HeapResult {
  readonly calls: number
  readonly firstCalls: number
  readonly heapAfterFirstMB: number
  readonly heapAfterAllMB: number
  readonly growthMB: number
  readonly elapsedMs: number
}

export const spec: Case = JSON.parse(process.argv[2] ?? "{}")

/** The server's `/l50` prefix is part of every client's base URL, as it was when lists were measured too. */
export const baseUrl = () => `http://127.0.0.1:${spec.port}/l50`
export const userUrl = () => `${baseUrl()}/v1/orgs/self/users/${encodeURIComponent(email)}`

export const check = (result: unknown): void => {
  if (typeof result !== "object" || result === null || !("email" in result)) {
    throw new Error(`unexpected result: ${JSON.stringify(result).slice(0, 200)}`)
  }
}

export const headers = {
  authorization: `ApiKey ${apiKey}`,
  accept: "application/json",
  "user-agent": "bench/0.0.0"
}

export type Call = () => Promise<unknown>

/** `undici.request`, of whichever undici the client process runs (7 beside Effect 3, 8 beside Effect 4). */
export type UndiciRequest = (
  url: string,
  options: { readonly headers: Record<string, string> }
) => Promise<{ readonly body: { text(): Promise<string> } }>

export const undiciCall = (request: UndiciRequest): Call => {
  const url = userUrl()
  return async () => JSON.parse(await (await request(url, { headers })).body.text())
}

export const fetchCall = (): Call => {
  const url = userUrl()
  return async () => JSON.parse(await (await fetch(url, { headers })).text())
}

/** The raw calls (no library): undici or fetch of the process's Node; `undefined` for any other client. */
export const rawCall = (request: UndiciRequest, client: ClientName): Call | undefined =>
  client === "undici" ? undiciCall(request) : client === "fetch" ? fetchCall() : undefined

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

class Samples {
  values = new Float64Array(1 << 16)
  length = 0
  push(value: number) {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2)
      next.set(this.values)
      this.values = next
    }
    this.values[this.length++] = value
  }
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort()
  }
}

/** The process CPU time (µs) spent inside the measured window, sampled when it opens and when it closes. */
const cpuMeter = () => {
  let start: NodeJS.CpuUsage | undefined
  let used: NodeJS.CpuUsage | undefined
  const opens = setTimeout(() => {
    start = process.cpuUsage()
  }, spec.warmupMs)
  const closes = setTimeout(() => {
    used = process.cpuUsage(start)
  }, spec.warmupMs + spec.durationMs)
  return () => {
    clearTimeout(opens)
    clearTimeout(closes)
    // the last calls can end just before the closing timer runs: the window is then closing now
    used ??= start === undefined ? undefined : process.cpuUsage(start)
    return used === undefined ? Number.NaN : used.user + used.system
  }
}

/**
 * The measured window of a load case, opened when it is made: a warm-up, then `durationMs` in which calls
 * that complete are counted, with their latencies and the process's CPU time.
 */
export class LoadWindow {
  readonly samples = new Samples()
  errors = 0
  firstError: unknown
  private readonly measureFrom = performance.now() + spec.warmupMs
  private readonly end = this.measureFrom + spec.durationMs
  private readonly cpu = cpuMeter()

  /** Whether a call started now is still in the window (warm-up included). */
  open(now: number): boolean {
    return now < this.end
  }

  succeeded(startedAt: number): void {
    const now = performance.now()
    if (now >= this.measureFrom && now <= this.end) this.samples.push(now - startedAt)
  }

  failed(error: unknown): void {
    this.errors++
    this.firstError ??= error
  }

  result(): LoadResult {
    const sorted = this.samples.sorted()
    const count = this.samples.length
    return {
      cpuUsPerRequest: this.cpu() / count,
      requests: count,
      errors: this.errors,
      elapsedMs: spec.durationMs,
      rps: (count / spec.durationMs) * 1000,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      ...(this.firstError === undefined ? {} : { firstError: String(this.firstError) })
    }
  }
}

export const loadPromise = async (call: Call): Promise<LoadResult> => {
  check(await call())
  const window = new LoadWindow()
  const worker = async () => {
    for (let t0 = performance.now(); window.open(t0); t0 = performance.now()) {
      try {
        await call()
        window.succeeded(t0)
      } catch (error) {
        window.failed(error)
      }
    }
  }
  await Promise.all(Array.from({ length: spec.concurrency }, worker))
  return window.result()
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error("run with --expose-gc")
  collect()
  collect()
}
export const heapMB = () => {
  gc()
  return process.memoryUsage().heapUsed / (1024 * 1024)
}

export const heapResult = (
  calls: number,
  firstCalls: number,
  heapAfterFirstMB: number,
  heapAfterAllMB: number,
  start: number
): HeapResult => ({
  calls,
  firstCalls,
  heapAfterFirstMB,
  heapAfterAllMB,
  growthMB: heapAfterAllMB - heapAfterFirstMB,
  elapsedMs: performance.now() - start
})

/** Runs the case and prints its one JSON line, or its error and exit 1. */
export const report = (main: () => Promise<LoadResult | HeapResult>): void => {
  main().then(
    (result) => {
      process.stdout.write(JSON.stringify(result) + "\n")
      process.exit(0)
    },
    (error) => {
      process.stderr.write(String(error instanceof Error ? error.stack : error) + "\n")
      process.exit(1)
    }
  )
}
