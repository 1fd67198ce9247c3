/**
 * `npm run bench [-- --quick] [-- --only=<client>,...] [-- --skip=<part>,...] [-- --rounds=N]`
 *
 * What a user of either edition feels, each as a ratio within this run: `Users.get` against the same GET
 * written by hand on the same platform layer (load), the heap over many calls (heap), decoding the
 * 10,000-user list against `JSON.parse` (decode), the browser bundle against the hand-written GET's
 * (bundle), the `rockset-users` command from a cold start against `node -e 0` (startup) and sync's pacing
 * against the limits' minimum (sync). `--skip` takes those part names; `--only` limits the load and heap
 * rows to some clients. Writes `bench/results/<latest|quick>.json` and `.md`, and prints the table.
 */
import * as esbuild from "esbuild"
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import * as Effect4 from "../scripts/effect4.mjs"
import type { Case, ClientName, HeapResult, LoadResult } from "./client.js"
import type { DecodeResult } from "./decode.js"
import { buildCommands, measureStartup, type StartupResult } from "./startup.js"
import type { PacingRun } from "./sync.js"

const root = Path.resolve(import.meta.dirname, "..")
const buildDir = Path.join(root, ".tmp", "bench")
const v4BuildDir = Path.join(Effect4.install, ".tmp", "bench")
const resultsDir = Path.join(root, "bench", "results")

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = flag("only")?.split(",")
const rounds = Number(flag("rounds") ?? (quick ? 1 : 3))
const skip = new Set(flag("skip")?.split(",") ?? [])

const cores = { server: "0", client: Os.availableParallelism() > 1 ? "1" : "0" }

type Edition = 3 | 4

/**
 * Where an edition's processes run: the Effect 3 edition's scripts on this Node, the Effect 4 edition's
 * bundled into its development install's folder (dev/effect4, so that `effect` there is Effect 4) and run on
 * that install's Node 22, so that its raw rows are Node 22's undici and fetch.
 */
const editions = {
  3: { label: "Effect 3", node: process.execPath, dir: buildDir },
  4: { label: "Effect 4", node: Effect4.node, dir: v4BuildDir }
} as const
const script = (edition: Edition, name: string) => ({
  node: editions[edition].node,
  script: Path.join(editions[edition].dir, `${name}.mjs`)
})

/**
 * Every load row, in the order of a round: each `Users.get` row right after the hand-written GET on its
 * layer, so that a noisy moment hits both alike. `@rockset/client` runs in the Effect 3 process only.
 */
const rows: ReadonlyArray<readonly [Edition, ClientName]> = [
  [3, "undici"],
  [3, "fetch"],
  [3, "rockset"],
  [3, "platform-undici"],
  [3, "effect-undici"],
  [3, "platform-fetch"],
  [3, "effect-fetch"],
  [4, "undici"],
  [4, "fetch"],
  [4, "platform-undici"],
  [4, "effect-undici"],
  [4, "platform-fetch"],
  [4, "effect-fetch"]
]
/** The hand-written GET on the same layer, which a `Users.get` row is judged against. */
const platformOf = { "effect-undici": "platform-undici", "effect-fetch": "platform-fetch" } as const
/** At 64 in flight the rows are judged, over `rounds` interleaved rounds; at 1 they are reported. */
const concurrencies = [64, 1] as const
const judgedConcurrency = 64

/**
 * The warm-up is long, in a quick run too, because the Effect rows need it: V8 takes about a second of load
 * to optimise the fiber runtime, and a 300 ms warm-up doubled their CPU per request while barely moving the
 * raw rows'.
 */
const timing = { warmupMs: 1500, durationMs: quick ? 1000 : 1500 }
const heapCalls = quick ? 20_000 : 100_000
const decodeIterations = quick ? 10 : 30
const startupRuns = quick ? 5 : 11
const syncRuns = quick ? 1 : 3

const goals = { platform: 0.9, bundleKiB: 10, startup: 2, heapMB: 2, pacing: 1.05 }

const log = (line: string) => process.stderr.write(line + "\n")

const build = async () => {
  const common = {
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning"
  } as const
  await esbuild.build({
    ...common,
    entryPoints: ["client", "server", "decode", "sync"].map((name) => Path.join(root, `bench/${name}.ts`)),
    outdir: buildDir,
    target: "node20"
  })
  await esbuild.build({
    ...common,
    entryPoints: ["client", "decode"].map((name) => Path.join(root, `bench/v4/${name}.ts`)),
    outdir: v4BuildDir,
    // left to Node, which finds them in the install from the bundle's folder (tsconfig.v4.json would bundle them)
    external: [...Effect4.packages],
    target: "node22"
  })
  await buildCommands(root, buildDir)
}

type Script = ReturnType<typeof script>

const pinned = (core: string, run: Script, scriptArgs: ReadonlyArray<string>, nodeFlags: ReadonlyArray<string>) => [
  "-c",
  core,
  run.node,
  ...nodeFlags,
  run.script,
  ...scriptArgs
]

/** Runs a script pinned to the client core and reads the last line it prints, one JSON value. */
const runJson = <A>(run: Script, scriptArgs: ReadonlyArray<string>, nodeFlags: ReadonlyArray<string> = []) =>
  new Promise<A>((resolve, reject) => {
    const child = spawn("taskset", pinned(cores.client, run, scriptArgs, nodeFlags), {
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
    const child = spawn("taskset", pinned(cores.server, script(3, "server"), [], []), {
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

interface LoadRow extends LoadResult {
  readonly edition: Edition
  readonly client: ClientName
  readonly concurrency: number
  /** Requests per second of each round; `rps` is their median. */
  readonly roundsRps: ReadonlyArray<number>
  /** For a `Users.get` row: its requests per second over the hand-written GET's on the same layer. */
  readonly ratioToPlatform?: number
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * Two rows' requests per second as the median of their ratios round by round: the two runs of a round were
 * measured one after the other, so a busy minute weighs on both, which a ratio of two medians ignores.
 */
const pairedRatio = (a: LoadRow | undefined, b: LoadRow | undefined): number | undefined =>
  a === undefined || b === undefined || a.roundsRps.length !== b.roundsRps.length
    ? undefined
    : median(a.roundsRps.map((rps, round) => rps / b.roundsRps[round]!))

/** Numbers for the tables; a case with no sample has `null` (NaN in JSON). */
const fmt = (value: number | null | undefined, digits = 2) =>
  value === undefined ? "" : value === null || Number.isNaN(value) ? "n/a" : value.toFixed(digits)

const selected = (client: ClientName) => only === undefined || only.includes(client)

const runLoad = async (port: number): Promise<Array<LoadRow>> => {
  const out: Array<LoadRow> = []
  for (const concurrency of concurrencies) {
    const runs = new Map<string, Array<LoadResult>>()
    for (let round = 0; round < (concurrency === judgedConcurrency ? rounds : 1); round++) {
      for (const [edition, client] of rows) {
        if (!selected(client)) continue
        const spec: Case = { mode: "load", client, concurrency, port, ...timing }
        const result = await runJson<LoadResult>(script(edition, "client"), [JSON.stringify(spec)])
        log(
          `get c=${String(concurrency).padEnd(3)} ${editions[edition].label} ${client.padEnd(16)} ${
            fmt(result.rps, 0).padStart(7)
          } req/s  p50 ${fmt(result.p50Ms)} ms  p99 ${fmt(result.p99Ms)} ms  cpu ${
            fmt(result.cpuUsPerRequest, 0)
          } us/req${result.errors > 0 ? `  ERRORS ${result.errors}: ${result.firstError}` : ""}`
        )
        const key = `${edition} ${client}`
        runs.set(key, [...(runs.get(key) ?? []), result])
      }
    }
    const caseRows = rows.flatMap(([edition, client]): Array<LoadRow> => {
      const results = runs.get(`${edition} ${client}`)
      if (results === undefined) return []
      const rps = results.map((result) => result.rps)
      const chosen = results.find((result) => result.rps === median(rps)) ?? results[0]!
      return [{ ...chosen, rps: median(rps), edition, client, concurrency, roundsRps: rps }]
    })
    for (const row of caseRows) {
      const { client, edition } = row
      const platformClient = client === "effect-undici" || client === "effect-fetch" ? platformOf[client] : undefined
      const platform = caseRows.find((other) => other.edition === edition && other.client === platformClient)
      const ratioToPlatform = pairedRatio(row, platform)
      out.push(ratioToPlatform === undefined ? row : { ...row, ratioToPlatform })
    }
  }
  return out
}

interface HeapRow extends HeapResult {
  readonly edition: Edition
  readonly client: ClientName
}

/** `Users.get` on the platform's undici layer, in each edition. */
const runHeap = async (port: number): Promise<Array<HeapRow>> => {
  const out: Array<HeapRow> = []
  for (const edition of [3, 4] as const) {
    const client = "effect-undici"
    if (!selected(client)) continue
    const spec: Case = {
      mode: "heap",
      client,
      concurrency: judgedConcurrency,
      warmupMs: 0,
      durationMs: 0,
      calls: heapCalls,
      firstCalls: 1_000,
      port
    }
    const result = await runJson<HeapResult>(script(edition, "client"), [JSON.stringify(spec)], ["--expose-gc"])
    log(
      `heap ${editions[edition].label} ${client}: after ${result.firstCalls} calls ${
        fmt(result.heapAfterFirstMB, 1)
      } MB, after ${result.calls} ${fmt(result.heapAfterAllMB, 1)} MB (growth ${fmt(result.growthMB)} MB, ${
        fmt(result.elapsedMs / 1000, 1)
      } s)`
    )
    out.push({ ...result, edition, client })
  }
  return out
}

interface DecodeRow extends DecodeResult {
  readonly edition: Edition
}

const runDecode = async (): Promise<Array<DecodeRow>> => {
  const out: Array<DecodeRow> = []
  for (const edition of [3, 4] as const) {
    const result = await runJson<DecodeResult>(script(edition, "decode"), [String(decodeIterations)])
    log(
      `decode ${editions[edition].label}: JSON.parse ${fmt(result.parseMs)} ms, + Schema ${fmt(result.decodeMs)} ms: x${
        fmt(result.ratio)
      }`
    )
    out.push({ ...result, edition })
  }
  return out
}

interface BundleRow {
  readonly edition: Edition
  readonly name: "floor" | "platform" | "app"
  readonly description: string
  readonly minifiedBytes: number
  readonly gzipBytes: number
}

const bundles: ReadonlyArray<Omit<BundleRow, "minifiedBytes" | "gzipBytes"> & { readonly file: string }> = [
  { edition: 3, name: "floor", file: "bench/bundle/floor.ts", description: "Effect alone" },
  {
    edition: 3,
    name: "platform",
    file: "bench/bundle/platform.ts",
    description: "HttpClient.get + Schema (UsersSchema.User), FetchHttpClient"
  },
  { edition: 3, name: "app", file: "bench/bundle/app.ts", description: "Users.get, FetchHttpClient" },
  { edition: 4, name: "floor", file: "bench/v4/bundle/floor.ts", description: "Effect alone" },
  {
    edition: 4,
    name: "platform",
    file: "bench/v4/bundle/platform.ts",
    description: "HttpClient.get + Schema (UsersSchema.User), FetchHttpClient"
  },
  { edition: 4, name: "app", file: "bench/v4/bundle/app.ts", description: "Users.get, FetchHttpClient" }
]

/** What a browser app ships: esbuild, minified and tree-shaken, then gzip at level 9. */
const runBundles = async (): Promise<Array<BundleRow>> => {
  const out: Array<BundleRow> = []
  for (const { file, ...bundle } of bundles) {
    const result = await esbuild.build({
      entryPoints: [Path.join(root, file)],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "warning"
    })
    const code = result.outputFiles[0]!.contents
    const row = { ...bundle, minifiedBytes: code.length, gzipBytes: Zlib.gzipSync(code, { level: 9 }).length }
    log(
      `bundle ${editions[row.edition].label} ${row.name}: ${fmt(row.minifiedBytes / 1024, 1)} KiB min, ${
        fmt(row.gzipBytes / 1024, 1)
      } KiB gzip`
    )
    out.push(row)
  }
  return out
}

const runStartup = async (): Promise<StartupResult> => {
  const result = await measureStartup(buildDir, cores, startupRuns)
  log(
    `startup node -e 0 ${fmt(result.nodeMs, 0)} ms, --help ${fmt(result.helpMs, 0)} ms (x${
      fmt(result.helpRatio)
    }), plan ${fmt(result.planMs, 0)} ms (x${fmt(result.planRatio)})`
  )
  return result
}

const runSync = async (): Promise<ReadonlyArray<PacingRun>> => {
  const { runs } = await runJson<{ runs: ReadonlyArray<PacingRun> }>(script(3, "sync"), [
    "--json",
    `--runs=${syncRuns}`
  ])
  for (const run of runs) {
    log(`sync ${fmt(run.elapsed, 0)} ms, x${fmt(run.elapsed / run.minimum, 3)} the minimum, ${run.throttled} x 429`)
  }
  return runs
}

interface Target {
  readonly measure: string
  readonly edition: string
  readonly value: number | undefined
  /** `undefined`: reported beside the targets, with no goal of its own. */
  readonly goal?: string
  readonly met?: boolean | undefined
}

interface Results {
  readonly date: string
  readonly mode: "full" | "quick"
  readonly rounds: number
  readonly wallSeconds: number
  readonly machine: Record<string, string | number>
  readonly targets: ReadonlyArray<Target>
  readonly load: ReadonlyArray<LoadRow>
  readonly heap: ReadonlyArray<HeapRow>
  readonly decode: ReadonlyArray<DecodeRow>
  readonly bundles: ReadonlyArray<BundleRow>
  readonly startup?: StartupResult
  readonly sync: ReadonlyArray<PacingRun>
}

/** Client CPU per call of `a` over `b`'s, in the median round of each (steadier than requests per second). */
const cpuRatio = (a: LoadRow | undefined, b: LoadRow | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : a.cpuUsPerRequest / b.cpuUsPerRequest

const targetsOf = (results: Omit<Results, "targets" | "date" | "mode" | "rounds" | "wallSeconds" | "machine">) => {
  const atMost = (goal: number) => (value: number | undefined) => ({
    goal: `<= ${goal}`,
    met: value === undefined ? undefined : value <= goal
  })
  const target = (
    measure: string,
    edition: string,
    value: number | undefined,
    judge?: (value: number | undefined) => Pick<Target, "goal" | "met">
  ): Target => ({ measure, edition, value, ...judge?.(value) })
  const rowOf = (edition: Edition, client: ClientName, concurrency: number) =>
    results.load.find((r) => r.edition === edition && r.client === client && r.concurrency === concurrency)
  const out: Array<Target> = []
  for (const edition of [3, 4] as const) {
    const label = editions[edition].label
    for (const [layer, client] of [["layerUndici", "effect-undici"], ["FetchHttpClient", "effect-fetch"]] as const) {
      out.push(
        target(
          `Users.get / HttpClient.get + Schema, ${layer}, c=64 (req/s, median of ${rounds} rounds' ratios)`,
          label,
          pairedRatio(rowOf(edition, client, 64), rowOf(edition, platformOf[client], 64)),
          (value) => ({ goal: `>= ${goals.platform}`, met: value === undefined ? undefined : value >= goals.platform })
        ),
        target(
          `the same by client CPU per call (HttpClient.get + Schema's / Users.get's), ${layer}, c=64`,
          label,
          cpuRatio(rowOf(edition, platformOf[client], 64), rowOf(edition, client, 64))
        ),
        target(
          `Users.get / HttpClient.get + Schema, ${layer}, c=1`,
          label,
          pairedRatio(rowOf(edition, client, 1), rowOf(edition, platformOf[client], 1))
        )
      )
    }
    out.push(
      target(
        "Users.get on layerUndici / raw undici, c=64",
        label,
        pairedRatio(rowOf(edition, "effect-undici", 64), rowOf(edition, "undici", 64))
      ),
      target(
        "Users.get on FetchHttpClient / raw fetch, c=64",
        label,
        pairedRatio(rowOf(edition, "effect-fetch", 64), rowOf(edition, "fetch", 64))
      )
    )
    if (edition === 3) {
      out.push(
        target(
          "Users.get on layerUndici / @rockset/client, c=64",
          label,
          pairedRatio(rowOf(edition, "effect-undici", 64), rowOf(edition, "rockset", 64))
        )
      )
    }
  }
  for (const edition of [3, 4] as const) {
    const size = (name: BundleRow["name"]) =>
      results.bundles.find((b) => b.edition === edition && b.name === name)?.gzipBytes
    const app = size("app")
    const platform = size("platform")
    out.push(
      target(
        "browser bundle, Users.get − HttpClient.get + Schema (KiB gzip)",
        editions[edition].label,
        app === undefined || platform === undefined ? undefined : (app - platform) / 1024,
        atMost(goals.bundleKiB)
      )
    )
  }
  out.push(
    target(
      "rockset-users --help, cold start / node -e 0",
      "Effect 3",
      results.startup?.helpRatio,
      atMost(goals.startup)
    ),
    target(
      "rockset-users plan (100 users, emulator), cold start / node -e 0",
      "Effect 3",
      results.startup?.planRatio,
      atMost(goals.startup)
    )
  )
  for (const heap of results.heap) {
    out.push(
      target(
        `heap growth over ${heap.calls} Users.get on layerUndici (MB)`,
        editions[heap.edition].label,
        heap.growthMB,
        atMost(goals.heapMB)
      )
    )
  }
  for (const decode of results.decode) {
    out.push(
      target("list of 10,000 users, JSON.parse + Schema / JSON.parse", editions[decode.edition].label, decode.ratio)
    )
  }
  if (results.sync.length > 0) {
    const worst = Math.max(...results.sync.map((run) => run.elapsed / run.minimum))
    out.push(
      target(
        `sync pacing, worst of ${results.sync.length} runs / the limits' minimum`,
        "Effect 3",
        worst,
        atMost(goals.pacing)
      ),
      target(
        "sync pacing, answers 429",
        "Effect 3",
        results.sync.reduce((sum, run) => sum + run.throttled, 0),
        atMost(0)
      )
    )
  }
  // a part that was skipped has no figure: its rows are left out
  return out.filter((target) => target.value !== undefined)
}

const clientLabels: Record<ClientName, string> = {
  undici: "raw undici.request",
  fetch: "raw fetch",
  rockset: "@rockset/client",
  "platform-undici": "HttpClient.get + Schema, layerUndici",
  "effect-undici": "Users.get, layerUndici",
  "platform-fetch": "HttpClient.get + Schema, FetchHttpClient",
  "effect-fetch": "Users.get, FetchHttpClient"
}

const table = (results: Results): string => {
  const m = results.machine
  const lines = [
    `Run: ${results.date}, ${results.mode} mode, ${results.rounds} round(s) at c=64, ${results.wallSeconds} s in all.`,
    `Machine: ${m.cpu} (${m.cores} cores), Node ${m.node} (Effect 3) and ${m.nodeV4} (Effect 4), ${m.os}, load ${m.loadAverage}.`,
    "",
    "| measure | edition | figure | goal | met |",
    "|---|---|---:|---|---|"
  ]
  for (const t of results.targets) {
    const met = t.goal === undefined ? "" : t.met === undefined ? "n/a" : t.met ? "yes" : "NO"
    lines.push(`| ${t.measure} | ${t.edition} | ${fmt(t.value)} | ${t.goal ?? "none"} | ${met} |`)
  }
  if (results.load.length > 0) {
    lines.push(
      "",
      "| get | conc. | client | req/s | p50 ms | p99 ms | client CPU µs/req | x hand-written GET |",
      "|---|---:|---|---:|---:|---:|---:|---:|"
    )
    for (const r of results.load) {
      const spread = r.roundsRps.length > 1
        ? ` (${Math.min(...r.roundsRps).toFixed(0)}–${Math.max(...r.roundsRps).toFixed(0)})`
        : ""
      lines.push(
        `| ${editions[r.edition].label} | ${r.concurrency} | ${clientLabels[r.client]} | ${
          r.rps.toFixed(0)
        }${spread} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.cpuUsPerRequest, 0)} | ${fmt(r.ratioToPlatform)} |${
          r.errors > 0 ? ` ${r.errors} errors` : ""
        }`
      )
    }
  }
  if (results.bundles.length > 0) {
    lines.push("", "| browser bundle (esbuild, minified) | edition | min KiB | gzip KiB |", "|---|---|---:|---:|")
    for (const b of results.bundles) {
      lines.push(
        `| ${b.description} | ${editions[b.edition].label} | ${fmt(b.minifiedBytes / 1024, 1)} | ${
          fmt(b.gzipBytes / 1024, 1)
        } |`
      )
    }
  }
  const s = results.startup
  if (s !== undefined) {
    lines.push(
      "",
      `Cold start, median of ${s.runs} fresh processes: \`node -e 0\` ${
        fmt(s.nodeMs, 0)
      } ms, \`rockset-users --help\` ${fmt(s.helpMs, 0)} ms, \`rockset-users plan\` of 100 users against the emulator ${
        fmt(s.planMs, 0)
      } ms.`
    )
  }
  for (const h of results.heap) {
    lines.push(
      "",
      `Heap, ${editions[h.edition].label}, Users.get on layerUndici, 64 in flight: ${
        fmt(h.heapAfterFirstMB, 1)
      } MB after ${h.firstCalls} calls, ${fmt(h.heapAfterAllMB, 1)} MB after ${h.calls}.`
    )
  }
  for (const d of results.decode) {
    lines.push(
      "",
      `Decode, ${editions[d.edition].label}, the ${d.users}-user list (${fmt(d.bodyBytes / 1e6, 1)} MB): JSON.parse ${
        fmt(d.parseMs)
      } ms, JSON.parse + Schema ${fmt(d.decodeMs)} ms (median of ${d.iterations}).`
    )
  }
  for (const [i, run] of results.sync.entries()) {
    lines.push(
      "",
      `Sync pacing, run ${i + 1}: 100 creates + 100 role changes in ${
        fmt(run.elapsed, 0)
      } ms (minimum ${run.minimum} ms), ${run.applied} applied, ${run.failed} failed, ${run.throttled} × 429 of ${run.requests} requests, no window over the limit: ${
        run.windowsKept ? "yes" : "NO"
      }.`
    )
  }
  return lines.join("\n") + "\n"
}

const main = async () => {
  const started = performance.now()
  await build()
  const { child: server, port } = await startServer()
  try {
    log(`server on 127.0.0.1:${port} (core ${cores.server}), clients on core ${cores.client}`)
    const parts = {
      load: skip.has("load") ? [] : await runLoad(port),
      heap: skip.has("heap") ? [] : await runHeap(port),
      decode: skip.has("decode") ? [] : await runDecode(),
      bundles: skip.has("bundle") ? [] : await runBundles(),
      ...(skip.has("startup") ? {} : { startup: await runStartup() }),
      sync: skip.has("sync") ? [] : await runSync()
    }
    const v4Node = execFileSync(editions[4].node, ["--version"], { encoding: "utf8" }).trim().replace(/^v/, "")
    const results: Results = {
      date: new Date().toISOString(),
      mode: quick ? "quick" : "full",
      rounds,
      wallSeconds: Math.round((performance.now() - started) / 1000),
      machine: {
        cpu: Os.cpus()[0]?.model ?? "unknown",
        cores: Os.availableParallelism(),
        memoryGiB: Math.round(Os.totalmem() / 2 ** 30),
        node: process.versions.node,
        nodeV4: v4Node,
        os: `${Os.type()} ${Os.release()}`,
        serverCore: cores.server,
        clientCore: cores.client,
        loadAverage: Os.loadavg().map((l) => l.toFixed(2)).join(" ")
      },
      targets: targetsOf(parts),
      ...parts
    }
    Fs.mkdirSync(resultsDir, { recursive: true })
    // a partial run never replaces the full run's figures
    const name = flag("out") ?? (quick || only !== undefined || skip.size > 0 ? "quick" : "latest")
    Fs.writeFileSync(Path.join(resultsDir, `${name}.json`), JSON.stringify(results, null, 2) + "\n")
    const markdown = table(results)
    Fs.writeFileSync(Path.join(resultsDir, `${name}.md`), markdown)
    process.stdout.write("\n" + markdown)
    log(`done in ${results.wallSeconds} s; wrote bench/results/${name}.json and .md`)
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
