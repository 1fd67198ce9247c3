import * as Effect from "effect/Effect"
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

/** The command's entry point, run from source through tsx (as `npm run users` does). */
export const launcher = fileURLToPath(new URL("../../src/cli/bin.ts", import.meta.url))
const root = fileURLToPath(new URL("../../", import.meta.url))
/** tsx's loader by its path, so that a child started in another directory finds it. */
const tsx = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href

export interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment of a child: ours without any Rockset settings, plus `env`. */
const environment = (env: Readonly<Record<string, string | undefined>>) => {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" }
  delete base["ROCKSET_APIKEY"]
  delete base["ROCKSET_APISERVER"]
  return { ...base, ...env }
}

/** Starts `rockset-users args`; `onStart` sees the child (to kill it), `input` is written to its stdin. */
export const runCli = (
  args: ReadonlyArray<string>,
  options: {
    readonly env?: Readonly<Record<string, string | undefined>>
    readonly input?: string
    readonly onStart?: (child: ChildProcess) => void
    readonly timeoutMillis?: number
    /** The working directory (the repository's root by default). */
    readonly cwd?: string
  } = {}
): Effect.Effect<Finished> =>
  Effect.async<Finished>((resume) => {
    const child = spawn(process.execPath, ["--import", tsx, launcher, ...args], {
      cwd: options.cwd ?? root,
      env: environment(options.env ?? {}),
      stdio: ["pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
    if (options.input !== undefined) child.stdin.end(options.input)
    else child.stdin.end()
    options.onStart?.(child)
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMillis ?? 30_000)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      // let the pipes drain
      setImmediate(() => resume(Effect.succeed({ code, signal, stdout, stderr })))
    })
    return Effect.sync(() => {
      clearTimeout(timer)
      child.kill("SIGKILL")
    })
  })
