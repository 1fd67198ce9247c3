/**
 * `npm run bench [-- --quick] [-- --only=<client|operation>,...] [-- --rounds=N]`
 *
 * Builds the server and client scripts, starts the server pinned to core 0, runs every case in a fresh
 * client process pinned to core 1, then the decode, heap and bundle measurements. Writes
 * `bench/results/<latest|quick>.json` and `.md`, and prints the table.
 */
import * as esbuild from "esbuild"
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import type { Case, ClientName, HeapResult, LoadResult, Operation } from "./client.js"
import type { DecodeResult } from "./decodeTiming.js"

const root = Path.resolve(import.meta.dirname, "..")
const buildDir = Path.join(root, ".tmp", "bench")
const resultsDir = Path.join(root, "bench", "results")

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = flag("only")?.split(",")
const rounds = Number(flag("rounds") ?? (quick ? 1 : 3))
const skip = new Set(flag("skip")?.split(",") ?? [])

const serverCore = "0"
const clientCore = Os.availableParallelism() > 1 ? "1" : "0"

const clients: ReadonlyArray<ClientName> = [
  "undici",
  "fetch",
  "fetch-signal",
  "rockset",
  "effect-raw",
  "effect-undici",
  "effect-lean",
  "effect-fetch",
  "effect-leanfetch",
  // the Effect 4 edition, on Node 22 beside raw undici 8 on the same Node (see `edition`)
  "undici-node22",
  "effect4-undici",
  "effect4-lean",
  "effect4-fetch",
  "effect4-leanfetch"
]

/**
 * Where a client's process runs: the Effect 3 edition's script on this Node, or the Effect 4 edition's,
 * bundled beside its development install (`bench/v4/node_modules` is `src/v4/node_modules`), on that
 * install's Node 22.
 */
const v4Node = Path.join(root, "src/v4/node_modules/node/bin/node")
const edition = (client: ClientName) =>
  client === "undici-node22" || client.startsWith("effect4-")
    ? { script: Path.join(root, "bench/v4/.tmp/client.mjs"), node: v4Node }
    : { script: Path.join(buildDir, "client.mjs"), node: process.execPath }
/** The raw undici row each client is compared with: the one on the same Node and undici. */
const floorOf = (client: ClientName): ClientName => edition(client).node === v4Node ? "undici-node22" : "undici"
const operations: ReadonlyArray<Operation> = ["get", "list50", "list10k", "create"]
const concurrencies = [1, 64] as const
/** The cases the targets are judged on: measured `rounds` times, interleaved, and reported as the median. */
const isTargetCase = (operation: Operation, concurrency: number) => operation === "get" && concurrency === 64

/**
 * The warm-up is long because the Effect rows need it: V8 takes about a second of load to optimise the
 * fiber runtime, and a 300 ms warm-up doubled their CPU per request while barely moving the raw rows'.
 */
const timing = (operation: Operation) =>
  quick
    ? { warmupMs: 1000, durationMs: operation === "list10k" ? 1500 : 1000 }
    : { warmupMs: 1500, durationMs: operation === "list10k" ? 2500 : 1500 }

/** The Effect floor (Effect.tryPromise around undici.request) is a reference for `get` only. */
/** The two reference rows (the Effect floor, fetch with a signal) are measured for `get` only. */
const measured = (client: ClientName, operation: Operation) =>
  (client !== "effect-raw" && client !== "fetch-signal") || operation === "get"

const log = (line: string) => process.stderr.write(line + "\n")

const build = async () => {
  await esbuild.build({
    entryPoints: {
      client: Path.join(root, "bench/client.ts"),
      server: Path.join(root, "bench/server.ts")
    },
    outdir: buildDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning"
  })
  await esbuild.build({
    entryPoints: { client: Path.join(root, "bench/v4/client.ts") },
    outdir: Path.join(root, "bench/v4/.tmp"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning"
  })
}

/** A script of the build, on this Node. */
const built = (script: string) => ({ script: Path.join(buildDir, script), node: process.execPath })

const pinned = (
  core: string,
  run: { readonly script: string; readonly node: string },
  scriptArgs: ReadonlyArray<string>,
  nodeFlags: ReadonlyArray<string> = []
) => ["-c", core, run.node, ...nodeFlags, run.script, ...scriptArgs]

const runJson = <A>(
  core: string,
  run: { readonly script: string; readonly node: string },
  scriptArgs: ReadonlyArray<string>,
  nodeFlags: ReadonlyArray<string> = []
) =>
  new Promise<A>((resolve, reject) => {
    const child = spawn("taskset", pinned(core, run, scriptArgs, nodeFlags), {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    child.stdout.on("data", (chunk) => (out += chunk))
    child.stderr.on("data", (chunk) => (err += chunk))
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? ""
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line))
      else reject(new Error(`${run.script} ${scriptArgs.join(" ")} exited ${code}: ${err.slice(-2000)}`))
    })
  })

const startServer = () =>
  new Promise<{ readonly port: number; readonly child: ChildProcess }>((resolve, reject) => {
    const child = spawn("taskset", pinned(serverCore, built("server.mjs"), []), {
      cwd: root,
      stdio: ["pipe", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      const line = out.split("\n")[0] ?? ""
      if (out.includes("\n")) resolve({ port: (JSON.parse(line) as { port: number }).port, child })
    })
    child.on("exit", (code) => reject(new Error(`server exited ${code}`)))
  })

interface CaseResult extends LoadResult {
  readonly client: ClientName
  readonly operation: Operation
  readonly concurrency: number
  /** Requests per second of each round, for the target cases. */
  readonly roundsRps: ReadonlyArray<number>
  readonly ratioToFloor?: number
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const selected = (client: ClientName, operation: Operation) =>
  only === undefined || only.includes(client) || only.includes(operation)

const runLoad = async (port: number): Promise<Array<CaseResult>> => {
  const results: Array<CaseResult> = []
  for (const operation of operations) {
    for (const concurrency of concurrencies) {
      const caseRounds = isTargetCase(operation, concurrency) ? rounds : 1
      const byClient = new Map<ClientName, Array<LoadResult>>()
      for (let round = 0; round < caseRounds; round++) {
        for (const client of clients) {
          if (!selected(client, operation) || !measured(client, operation)) continue
          const spec: Case = { mode: "load", client, operation, concurrency, port, ...timing(operation) }
          const result = await runJson<LoadResult>(clientCore, edition(client), [JSON.stringify(spec)])
          log(
            `${operation.padEnd(8)} c=${String(concurrency).padEnd(3)} ${client.padEnd(14)} ${
              fmt(result.rps, 0).padStart(7)
            } req/s  p50 ${fmt(result.p50Ms)} ms  p99 ${fmt(result.p99Ms)} ms  cpu ${
              fmt(result.cpuUsPerRequest, 0)
            } us/req${result.errors > 0 ? `  ERRORS ${result.errors}: ${result.firstError}` : ""}`
          )
          byClient.set(client, [...(byClient.get(client) ?? []), result])
        }
      }
      const caseResults = [...byClient].map(([client, runs]): CaseResult => {
        const rps = runs.map((run) => run.rps)
        const chosen = runs.find((run) => run.rps === median(rps)) ?? runs[0]!
        return { ...chosen, rps: median(rps), client, operation, concurrency, roundsRps: rps }
      })
      for (const result of caseResults) {
        const floor = caseResults.find((other) => other.client === floorOf(result.client))
        results.push(floor === undefined ? result : { ...result, ratioToFloor: result.rps / floor.rps })
      }
    }
  }
  return results
}

interface HeapCase extends HeapResult {
  readonly client: ClientName
}

const runHeap = async (port: number): Promise<Array<HeapCase>> => {
  const heapClients: ReadonlyArray<ClientName> = [
    "effect-lean",
    "effect-leanfetch",
    "effect4-lean",
    "effect4-leanfetch"
  ]
  const calls = quick ? 20_000 : 100_000
  const out: Array<HeapCase> = []
  for (const client of heapClients) {
    if (only !== undefined && !only.includes(client)) continue
    const spec: Case = {
      mode: "heap",
      client,
      operation: "get",
      concurrency: 1,
      warmupMs: 0,
      durationMs: 0,
      calls,
      firstCalls: 1_000,
      port
    }
    const result = await runJson<HeapResult>(clientCore, edition(client), [JSON.stringify(spec)], ["--expose-gc"])
    log(
      `heap     ${client.padEnd(14)} after ${result.firstCalls}: ${
        result.heapAfterFirstMB.toFixed(1)
      } MB, after ${result.calls}: ${result.heapAfterAllMB.toFixed(1)} MB (growth ${result.growthMB.toFixed(2)} MB, ${
        (result.elapsedMs / 1000).toFixed(1)
      } s)`
    )
    out.push({ ...result, client })
  }
  return out
}

interface BundleResult {
  readonly name: string
  readonly description: string
  readonly minifiedBytes: number
  readonly gzipBytes: number
}

const bundles = [
  {
    name: "effect-floor",
    file: "bench/bundle/floor.ts",
    description: "Effect alone: Effect.runPromise(Effect.succeed(1))"
  },
  {
    name: "platform-fetch",
    file: "bench/bundle/platform.ts",
    description: "plain @effect/platform: one GET through FetchHttpClient + Schema"
  },
  {
    name: "effect-rockset",
    file: "bench/bundle/app.ts",
    description: "effect-rockset: Users.get through FetchHttpClient"
  },
  {
    name: "effect4-floor",
    file: "bench/v4/bundle/floor.ts",
    description: "Effect 4 alone: Effect.runPromise(Effect.succeed(1))"
  },
  {
    name: "effect-rockset-v4",
    file: "bench/v4/bundle/app.ts",
    description: "effect-rockset/v4: Users.get through Effect 4's FetchHttpClient"
  }
] as const

const runBundles = async (): Promise<Array<BundleResult>> => {
  const out: Array<BundleResult> = []
  for (const bundle of bundles) {
    const result = await esbuild.build({
      entryPoints: [Path.join(root, bundle.file)],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "warning"
    })
    const code = result.outputFiles[0]!.contents
    const gzip = Zlib.gzipSync(code, { level: 9 }).length
    out.push({ name: bundle.name, description: bundle.description, minifiedBytes: code.length, gzipBytes: gzip })
    log(
      `bundle   ${bundle.name.padEnd(15)} ${(code.length / 1024).toFixed(1)} KiB min, ${
        (gzip / 1024).toFixed(1)
      } KiB gzip`
    )
  }
  return out
}

/** Numbers for the table; a case with no sample has `null` (NaN in JSON). */
const fmt = (value: number | null | undefined, digits = 2) =>
  value === undefined ? "" : value === null || Number.isNaN(value) ? "n/a" : value.toFixed(digits)

interface Results {
  readonly date: string
  readonly mode: "full" | "quick"
  readonly rounds: number
  readonly machine: Record<string, string | number>
  readonly load: ReadonlyArray<CaseResult>
  readonly decode?: DecodeResult
  /** The same case in the Effect 4 edition, on its Node. */
  readonly decodeV4?: DecodeResult
  readonly heap: ReadonlyArray<HeapCase>
  readonly bundles: ReadonlyArray<BundleResult>
  readonly targets: ReadonlyArray<Target>
}

interface Target {
  readonly name: string
  readonly value: number | undefined
  readonly goal: string
  readonly met: boolean | undefined
}

const rpsOf = (load: ReadonlyArray<CaseResult>, client: ClientName, operation: Operation, concurrency: number) =>
  load.find((r) => r.client === client && r.operation === operation && r.concurrency === concurrency)?.rps

const bundleSize = (bundleResults: ReadonlyArray<BundleResult>, name: string) =>
  bundleResults.find((b) => b.name === name)?.minifiedBytes

const ratio = (a: number | undefined, b: number | undefined) => a === undefined || b === undefined ? undefined : a / b

const targetsOf = (
  load: ReadonlyArray<CaseResult>,
  decode: DecodeResult | undefined,
  decodeV4: DecodeResult | undefined,
  heap: ReadonlyArray<HeapCase>,
  bundleResults: ReadonlyArray<BundleResult>
): Array<Target> => {
  const at = (goal: number, comparison: "min" | "max", name: string, value: number | undefined): Target => ({
    name,
    value,
    goal: `${comparison === "min" ? ">=" : "<="} ${goal}`,
    met: value === undefined ? undefined : comparison === "min" ? value >= goal : value <= goal
  })
  const lean = rpsOf(load, "effect-lean", "get", 64)
  const platform = rpsOf(load, "effect-undici", "get", 64)
  const floor = rpsOf(load, "undici", "get", 64)
  const rockset = rpsOf(load, "rockset", "get", 64)
  return [
    at(0.8, "min", "effect-lean / raw undici, get c=64", ratio(lean, floor)),
    at(1.3, "min", "effect-lean / @rockset/client, get c=64", ratio(lean, rockset)),
    at(0.8, "min", "effect-undici (platform layerUndici) / raw undici, get c=64", ratio(platform, floor)),
    at(1.3, "min", "effect-undici (platform layerUndici) / @rockset/client, get c=64", ratio(platform, rockset)),
    at(
      0.9,
      "min",
      "effect-leanfetch / raw fetch, get c=64",
      ratio(rpsOf(load, "effect-leanfetch", "get", 64), rpsOf(load, "fetch", "get", 64))
    ),
    at(
      0.9,
      "min",
      "effect-leanfetch / raw fetch with an AbortSignal, get c=64",
      ratio(rpsOf(load, "effect-leanfetch", "get", 64), rpsOf(load, "fetch-signal", "get", 64))
    ),
    at(
      0.9,
      "min",
      "effect-fetch (platform FetchHttpClient) / raw fetch, get c=64",
      ratio(rpsOf(load, "effect-fetch", "get", 64), rpsOf(load, "fetch", "get", 64))
    ),
    // the Effect 4 edition against raw undici 8 on its own Node 22
    at(
      1.0,
      "min",
      "effect4-lean / raw undici (Node 22, undici 8), get c=64",
      ratio(rpsOf(load, "effect4-lean", "get", 64), rpsOf(load, "undici-node22", "get", 64))
    ),
    at(
      0.8,
      "min",
      "effect4-undici (platform layerUndici) / raw undici (Node 22, undici 8), get c=64",
      ratio(rpsOf(load, "effect4-undici", "get", 64), rpsOf(load, "undici-node22", "get", 64))
    ),
    at(
      0.9,
      "min",
      "effect4-leanfetch / raw fetch, get c=64",
      ratio(rpsOf(load, "effect4-leanfetch", "get", 64), rpsOf(load, "fetch", "get", 64))
    ),
    at(
      1,
      "max",
      "bundle of one Users.get, Effect 4 edition / Effect 3 edition (min)",
      ratio(bundleSize(bundleResults, "effect-rockset-v4"), bundleSize(bundleResults, "effect-rockset"))
    ),
    at(2, "max", "decode 10,000 users / JSON.parse", decode?.ratio),
    at(2, "max", "decode 10,000 users / JSON.parse, Effect 4 edition", decodeV4?.ratio),
    ...heap.map((h) => at(10, "max", `heap growth MB, ${h.calls} calls (${h.client})`, h.growthMB))
  ]
}

const table = (results: Results): string => {
  const lines: Array<string> = []
  lines.push(`Run: ${results.date}, ${results.mode} mode, target cases median of ${results.rounds} rounds.`)
  lines.push(
    `Machine: ${results.machine.cpu} (${results.machine.cores} cores), Node ${results.machine.node}, ${results.machine.os}.`
  )
  lines.push("")
  lines.push("| operation | conc. | client | req/s | p50 ms | p99 ms | x floor | client CPU µs/req |")
  lines.push("|---|---:|---|---:|---:|---:|---:|---:|")
  for (const r of results.load) {
    const spread = r.roundsRps.length > 1
      ? ` (${Math.min(...r.roundsRps).toFixed(0)}–${Math.max(...r.roundsRps).toFixed(0)})`
      : ""
    lines.push(
      `| ${r.operation} | ${r.concurrency} | ${r.client} | ${r.rps.toFixed(0)}${spread} | ${fmt(r.p50Ms)} | ${
        fmt(r.p99Ms)
      } | ${fmt(r.ratioToFloor)} | ${fmt(r.cpuUsPerRequest, 0)} |`
    )
  }
  for (const [edition, d] of [["Effect 3", results.decode], ["Effect 4", results.decodeV4]] as const) {
    if (d === undefined) continue
    lines.push("")
    lines.push(
      `Decode of the ${d.users}-user list (${(d.bodyBytes / 1e6).toFixed(1)} MB), ${edition} edition: JSON.parse ${
        fmt(d.parseMs)
      } ms, parse + schema ${fmt(d.decodeMs)} ms, ratio ${fmt(d.ratio)}` +
        (d.schemaMs === undefined ?
          "" :
          `; Schema's own decoding alone ${fmt(d.schemaMs)} ms, ratio ${fmt(d.schemaRatio)}`) +
        ` (median of ${d.iterations}).`
    )
  }
  if (results.heap.length > 0) {
    lines.push("")
    lines.push("| heap (get, sequential) | after first | after all | growth |")
    lines.push("|---|---:|---:|---:|")
    for (const h of results.heap) {
      lines.push(
        `| ${h.client}, ${h.firstCalls} / ${h.calls} calls | ${fmt(h.heapAfterFirstMB, 1)} MB | ${
          fmt(h.heapAfterAllMB, 1)
        } MB | ${fmt(h.growthMB)} MB |`
      )
    }
  }
  if (results.bundles.length > 0) {
    lines.push("")
    lines.push("| bundle (browser, minified) | min KiB | gzip KiB |")
    lines.push("|---|---:|---:|")
    for (const b of results.bundles) {
      lines.push(`| ${b.description} | ${fmt(b.minifiedBytes / 1024, 1)} | ${fmt(b.gzipBytes / 1024, 1)} |`)
    }
    for (
      const [floorName, appName, label] of [
        ["effect-floor", "effect-rockset", "effect-rockset beyond Effect 3's floor"],
        ["effect4-floor", "effect-rockset-v4", "effect-rockset/v4 beyond Effect 4's floor"]
      ] as const
    ) {
      const floor = results.bundles.find((b) => b.name === floorName)
      const app = results.bundles.find((b) => b.name === appName)
      if (floor === undefined || app === undefined) continue
      lines.push("")
      lines.push(
        `${label}: +${fmt((app.minifiedBytes - floor.minifiedBytes) / 1024, 1)} KiB min, +${
          fmt((app.gzipBytes - floor.gzipBytes) / 1024, 1)
        } KiB gzip.`
      )
    }
  }
  lines.push("")
  lines.push("| target | value | goal | met |")
  lines.push("|---|---:|---|---|")
  for (const t of results.targets) {
    lines.push(`| ${t.name} | ${fmt(t.value)} | ${t.goal} | ${t.met === undefined ? "n/a" : t.met ? "yes" : "NO"} |`)
  }
  return lines.join("\n") + "\n"
}

const main = async () => {
  const started = performance.now()
  await build()
  const { child: server, port } = await startServer()
  try {
    log(`server on 127.0.0.1:${port} (core ${serverCore}), clients on core ${clientCore}`)
    const load = skip.has("load") ? [] : await runLoad(port)
    const heap = skip.has("heap") ? [] : await runHeap(port)
    const bundleResults = skip.has("bundle") ? [] : await runBundles()
    const cpu = Os.cpus()[0]?.model ?? "unknown"
    const results: Results = {
      date: new Date().toISOString(),
      mode: quick ? "quick" : "full",
      rounds,
      machine: {
        cpu,
        cores: Os.availableParallelism(),
        memoryGiB: Math.round(Os.totalmem() / 2 ** 30),
        node: process.versions.node,
        os: `${Os.type()} ${Os.release()}`,
        serverCore,
        clientCore,
        loadAverage: Os.loadavg().map((l) => l.toFixed(2)).join(" ")
      },
      load,
      heap,
      bundles: bundleResults,
      targets: targetsOf(load, undefined, undefined, heap, bundleResults)
    }
    Fs.mkdirSync(resultsDir, { recursive: true })
    const name = flag("out") ?? (quick || only !== undefined || skip.size > 0 ? "quick" : "latest")
    Fs.writeFileSync(Path.join(resultsDir, `${name}.json`), JSON.stringify(results, null, 2) + "\n")
    const markdown = table(results)
    Fs.writeFileSync(Path.join(resultsDir, `${name}.md`), markdown)
    process.stdout.write("\n" + markdown)
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; wrote bench/results/${name}.json and .md`)
  } finally {
    server.kill("SIGTERM")
  }
}

try {
  execFileSync("taskset", ["-c", "0", "true"])
} catch {
  log("taskset (util-linux) is required to pin the server and the client to separate cores")
  process.exit(1)
}
main().catch((error) => {
  log(String(error instanceof Error ? error.stack : error))
  process.exit(1)
})
