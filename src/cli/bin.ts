/**
 * The `rockset-users` command's entry point: bundled with its dependencies into one file at build time
 * (see scripts/build.mjs), so it runs wherever the package is installed.
 *
 * @internal
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import { run } from "./main.js"

// A bad flag is printed with the usage by the command itself; it only needs exit code 1 here.
const program = run(process.argv).pipe(
  Effect.catchAll(() =>
    Effect.sync(() => {
      process.exitCode = 1
    })
  ),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, { disablePrettyLogger: true })
