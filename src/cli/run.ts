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
import { commandNames } from "./help.js"
import { run } from "./main.js"

/** Where to look after a mistyped command line: the subcommand's help, when one was named, else the command's. */
const usageHint = (args: ReadonlyArray<string>): string => {
  const named = args.find((arg) => commandNames.includes(arg))
  return `Run 'rockset-users${named === undefined ? "" : ` ${named}`} --help' for the usage.\n`
}

// A bad flag or argument is printed by the command itself; here it gets the way to the usage, and exit code 1.
const program = run(process.argv).pipe(
  Effect.catchAll(() =>
    Effect.sync(() => {
      process.stderr.write(usageHint(process.argv.slice(2)))
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
