/**
 * The `rockset-users` command from a cold start, as a user meets it: a fresh process per run, timed from
 * spawn to exit, against `node -e 0` on the same Node and core. Two commands: `--help` (the bundle's entry and
 * the help, which loads nothing else) and `plan` of a 100-user document against the emulator
 * (`rockset-emulator`, seeded with 100 users, in a process of its own on the server's core). The command is
 * bundled from `src/cli/bin.ts` as `scripts/build.mjs` bundles it for `bin/rockset-users.mjs`.
 */
import * as esbuild from "esbuild"
import { spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { cliBundleOptions } from "../scripts/cli-bundle.mjs"

export interface StartupResult {
  readonly runs: number
  /** Medians of the runs, in milliseconds. */
  readonly nodeMs: number
  readonly helpMs: number
  readonly planMs: number
  readonly helpRatio: number
  readonly planRatio: number
}

/** The same bundle as `scripts/build.mjs` makes for the published command, and the emulator's command. */
export const buildCommands = async (root: string, outdir: string): Promise<void> => {
  await esbuild.build(cliBundleOptions(root, outdir))
  await esbuild.build({
    entryPoints: [Path.join(root, "src/v3/emulator/bin.ts")],
    outfile: Path.join(outdir, "rockset-emulator.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning"
  })
}

/**
 * 100 desired users against the emulator's 100 seeded ones (user-1 … user-100, members) and its admin: 90
 * unchanged, 5 role changes, 4 creates; the 5 it does not list are kept (the additive mode), so a plan has
 * 9 changes to show and exits 2.
 */
const desiredDocument = (): string => {
  const entry = (email: string, role: string) => [`  - email: ${email}`, `    roles: [${role}]`]
  return [
    "users:",
    ...entry("admin@example.com", "admin"),
    ...Array.from({ length: 95 }, (_, i) => entry(`user-${i + 1}@example.com`, i < 90 ? "member" : "read-only")),
    ...Array.from({ length: 4 }, (_, i) => entry(`new-${i + 1}@example.com`, "member"))
  ].flat().join("\n") + "\n"
}

const startEmulator = (script: string, core: string) =>
  new Promise<{ readonly env: Record<string, string>; readonly stop: () => void }>((resolve, reject) => {
    const child = spawn(
      "taskset",
      ["-c", core, process.execPath, script, "--port", "0", "--no-rate-limits", "--seed-users", "100"],
      { stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      const server = /^ROCKSET_APISERVER=(.*)$/m.exec(out)?.[1]
      const key = /^ROCKSET_APIKEY=(.*)$/m.exec(out)?.[1]
      if (server !== undefined && key !== undefined) {
        resolve({ env: { ROCKSET_APISERVER: server, ROCKSET_APIKEY: key }, stop: () => child.kill("SIGTERM") })
      }
    })
    child.on("exit", (code) => reject(new Error(`rockset-emulator exited ${code}: ${out}`)))
  })

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Each command `runs` times, interleaved so that a busy moment hits all three alike, after one untimed run each. */
export const measureStartup = async (
  outdir: string,
  cores: { readonly server: string; readonly client: string },
  runs: number
): Promise<StartupResult> => {
  const emulator = await startEmulator(Path.join(outdir, "rockset-emulator.mjs"), cores.server)
  try {
    const document = Path.join(outdir, "org-100.yaml")
    Fs.writeFileSync(document, desiredDocument())
    const env = { ...process.env, ...emulator.env, NO_COLOR: "1" }
    const command = Path.join(outdir, "rockset-users.mjs")
    const cases = [
      { name: "node", args: ["-e", "0"], exit: 0, output: "" },
      { name: "help", args: [command, "--help"], exit: 0, output: "COMMANDS" },
      { name: "plan", args: [command, "plan", document], exit: 2, output: "Plan: 4 to create, 5 to update" }
    ] as const
    const times = new Map<string, Array<number>>(cases.map((c) => [c.name, []]))
    for (let run = -1; run < runs; run++) {
      for (const c of cases) {
        const started = performance.now()
        const result = spawnSync("taskset", ["-c", cores.client, process.execPath, ...c.args], {
          env,
          encoding: "utf8"
        })
        const elapsed = performance.now() - started
        if (result.status !== c.exit || !result.stdout.includes(c.output)) {
          throw new Error(
            `${c.name}: exit ${result.status}\n${result.stdout.slice(-1000)}\n${result.stderr.slice(-1000)}`
          )
        }
        if (run >= 0) times.get(c.name)!.push(elapsed)
      }
    }
    const nodeMs = median(times.get("node")!)
    const helpMs = median(times.get("help")!)
    const planMs = median(times.get("plan")!)
    return { runs, nodeMs, helpMs, planMs, helpRatio: helpMs / nodeMs, planRatio: planMs / nodeMs }
  } finally {
    emulator.stop()
  }
}
