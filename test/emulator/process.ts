import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

/**
 * The command's entry point, run from source through tsx (as `npm run emulator` does). The published
 * launcher, `bin/rockset-emulator.mjs` over the build, is exercised by `npm run smoke:pack`.
 */
export const launcher = fileURLToPath(new URL("../../src/v3/emulator/bin.ts", import.meta.url))
const root = fileURLToPath(new URL("../../", import.meta.url))

export interface Running {
  readonly child: ChildProcess
  readonly url: string
  readonly apiKey: string
  readonly output: () => string
}

/** Waits for a child to exit (at most `millis`), returning its exit code or signal. */
export const exited = (child: ChildProcess, millis = 10_000): Effect.Effect<string> =>
  Effect.async<string>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return resume(Effect.succeed(String(child.exitCode ?? child.signalCode)))
    }
    const timer = setTimeout(() => resume(Effect.succeed("still running")), millis)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      resume(Effect.succeed(String(code ?? signal)))
    })
    return Effect.sync(() => clearTimeout(timer))
  })

/**
 * Runs the `rockset-emulator` command for the life of the scope and reads the URL and key it prints.
 * The process is killed when the scope closes, whatever happened.
 */
export const start = (args: ReadonlyArray<string>): Effect.Effect<Running, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<Running, Error>((resume) => {
      const child = spawn(process.execPath, ["--import", "tsx", launcher, "--port", "0", ...args], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"]
      })
      let output = ""
      let settled = false
      const settle = (effect: Effect.Effect<Running, Error>) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resume(effect)
      }
      const timer = setTimeout(() => {
        child.kill("SIGKILL")
        settle(Effect.fail(new Error(`the emulator did not start in time:\n${output}`)))
      }, 15_000)
      const collect = (chunk: Buffer) => {
        output += chunk.toString("utf8")
        const url = /^ROCKSET_APISERVER=(\S+)$/m.exec(output)?.[1]
        const apiKey = /^ROCKSET_APIKEY=(\S+)$/m.exec(output)?.[1]
        if (url !== undefined && apiKey !== undefined) {
          settle(Effect.succeed({ child, url, apiKey, output: () => output }))
        }
      }
      child.stdout.on("data", collect)
      child.stderr.on("data", collect)
      child.once("exit", (code) => settle(Effect.fail(new Error(`the emulator exited (${code}):\n${output}`))))
    }),
    ({ child }) =>
      Effect.gen(function*() {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
        yield* exited(child)
      })
  )

/** Runs the command to completion (for `--help` and bad options). */
export const run = (
  args: ReadonlyArray<string>
): Effect.Effect<{ readonly code: number | null; readonly output: string }> =>
  Effect.async((resume) => {
    const child = spawn(process.execPath, ["--import", "tsx", launcher, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")))
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000)
    child.once("exit", (code) => {
      clearTimeout(timer)
      resume(Effect.succeed({ code, output }))
    })
    return Effect.sync(() => {
      clearTimeout(timer)
      child.kill("SIGKILL")
    })
  })
