/**
 * Runs a `rockset-users` subcommand on the process's arguments, with the Node layers `@effect/cli` needs (loaded
 * by `program.ts` once it is clear that the arguments ask for more than help).
 *
 * @internal
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { run } from "./main.js"

// A bad flag is printed with the usage by the command itself; it only needs exit code 1 here.
const program = run(process.argv).pipe(
  Effect.catchAll(() =>
    Effect.sync(() => {
      process.exitCode = 1
    })
  ),
  // what @effect/cli asks for and no more: NodeContext.layer would load child_process and the worker machinery
  // at every start
  Effect.provide(Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer))
)

NodeRuntime.runMain(program, {
  disablePrettyLogger: true,
  // Ctrl-C (SIGINT) or SIGTERM interrupts the command, which then exits 130 as shells expect; otherwise the code
  // the subcommand set (the runtime would exit 0 after a signal)
  teardown: (exit, onExit) =>
    onExit(
      Exit.isFailure(exit)
        ? Cause.isInterruptedOnly(exit.cause) ? 130 : 1
        : typeof process.exitCode === "number"
        ? process.exitCode
        : 0
    )
})
