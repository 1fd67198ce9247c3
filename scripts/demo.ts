/**
 * `npm run demo`: starts the emulator on a free port, runs every file in `examples/` against it (each in
 * its own process, with ROCKSET_APISERVER and ROCKSET_APIKEY set, on a freshly reset organisation), and
 * exits non-zero if any of them fails.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Data, Effect, Redacted } from "effect"
import { spawn } from "node:child_process"
import { readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Emulator } from "../src/emulator/index.js"

const root = fileURLToPath(new URL("../", import.meta.url))
const examples = readdirSync(new URL("../examples/", import.meta.url))
  // Tests run under `npm test`, and so does examples/browser, which needs a browser.
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
  .sort()

class DemoFailed extends Data.TaggedError("DemoFailed")<{ readonly failed: ReadonlyArray<string> }> {
  override get message() {
    return `demo: ${this.failed.length} of ${examples.length} examples failed: ${this.failed.join(", ")}`
  }
}

const runExample = (file: string, env: Readonly<Record<string, string>>) =>
  Effect.async<number | null>((resume) => {
    const child = spawn(process.execPath, ["--import", "tsx", `examples/${file}`], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"]
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000)
    child.once("exit", (code) => {
      clearTimeout(timer)
      resume(Effect.succeed(code))
    })
    return Effect.sync(() => {
      clearTimeout(timer)
      child.kill("SIGKILL")
    })
  })

const program = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const env = { ROCKSET_APISERVER: emulator.url, ROCKSET_APIKEY: Redacted.value(emulator.adminKey) }
  yield* Console.log(`rockset-emulator listening on ${emulator.url}`)
  const failed: Array<string> = []
  for (const file of examples) {
    yield* emulator.reset
    yield* Console.log(`\n> examples/${file}`)
    const code = yield* runExample(file, env)
    if (code === 0) {
      yield* Console.log(`ok examples/${file}`)
    } else {
      failed.push(file)
      yield* Console.log(`FAILED examples/${file} (exit ${code})`)
    }
  }
  if (failed.length > 0) return yield* new DemoFailed({ failed })
  yield* Console.log(`\ndemo: all ${examples.length} examples ran against the emulator`)
})

NodeRuntime.runMain(program.pipe(Effect.provide(Emulator.layer())))
