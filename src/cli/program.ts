/**
 * The `rockset-users` command (loaded by `bin.ts`): help, written out by `help.ts` without loading `@effect/cli`
 * or anything else (a cold start pays for every module it compiles and runs); any other arguments go to
 * `run.ts`, which parses and runs them.
 *
 * @internal
 */
import * as Help from "./help.js"

const help = Help.requested(process.argv.slice(2))
if (help !== undefined) process.stdout.write(help)
else await import("./run.js")
