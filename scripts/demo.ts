/**
 * `npm run demo`: starts the emulator on a free port, runs every file in `examples/` against it (each in
 * its own process, with ROCKSET_APISERVER and ROCKSET_APIKEY set, on a freshly reset organisation), and
 * exits non-zero if any of them fails.
 *
 * The Effect 4 edition's examples (`examples/v4/`) run the same way on the Node 22 of its development install
 * (dev/effect4, see scripts/install-v4.mjs), with tsx reading tsconfig.v4.json, whose `paths` make `effect`
 * Effect 4 there.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Data, Effect, Redacted } from "effect"
import { spawn } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Emulator } from "../src/v3/emulator/index.js"
import * as Effect4 from "./effect4.mjs"

const root = fileURLToPath(new URL("../", import.meta.url))
const runnable = (folder: string) =>
  existsSync(new URL(`../${folder}/`, import.meta.url))
    ? readdirSync(new URL(`../${folder}/`, import.meta.url))
      // Tests run under `npm test`, and so does examples/browser, which needs a browser.
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .sort()
      .map((file) => `${folder}/${file}`)
    : []
// The Node each example runs on and the tsconfig tsx reads: the one running this and tsconfig.json for the
// Effect 3 edition, the edition's Node 22 and tsconfig.v4.json for v4.
const examples: ReadonlyArray<{ readonly file: string; readonly node: string; readonly tsconfig: string }> = [
  ...runnable("examples").map((file) => ({ file, node: process.execPath, tsconfig: "tsconfig.json" })),
  ...runnable("examples/v4").map((file) => ({ file, node: Effect4.node, tsconfig: "tsconfig.v4.json" }))
]

class DemoFailed extends Data.TaggedError("DemoFailed")<{ readonly failed: ReadonlyArray<string> }> {
  override get message() {
    return `demo: ${this.failed.length} of ${examples.length} examples failed: ${this.failed.join(", ")}`
  }
}

const runExample = (example: (typeof examples)[number], env: Readonly<Record<string, string>>) =>
  Effect.async<number | null>((resume) => {
    const child = spawn(example.node, ["--import", "tsx", example.file], {
      cwd: root,
      env: { ...process.env, ...env, TSX_TSCONFIG_PATH: example.tsconfig },
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
  for (const example of examples) {
    const file = example.file
    yield* emulator.reset
    yield* Console.log(`\n> ${file}${example.node === Effect4.node ? " (Effect 4, Node 22)" : ""}`)
    const code = yield* runExample(example, env)
    if (code === 0) {
      yield* Console.log(`ok ${file}`)
    } else {
      failed.push(file)
      yield* Console.log(`FAILED ${file} (exit ${code})`)
    }
  }
  if (failed.length > 0) return yield* new DemoFailed({ failed })
  yield* Console.log(`\ndemo: all ${examples.length} examples ran against the emulator`)
})

NodeRuntime.runMain(program.pipe(Effect.provide(Emulator.layer())))
