/**
 * The `rockset-users` command's entry point: bundled with its dependencies at build time (see
 * scripts/build.mjs), so it runs wherever the package is installed.
 *
 * @internal
 */
import * as Module from "node:module"

// Node 22.1 and later can keep the code V8 compiles for the command's modules on disk and start from it the
// next time (Node 20 has no such cache); only the modules loaded after this call are kept, hence the import
if (typeof Module.enableCompileCache === "function") Module.enableCompileCache()
await import("./program.js")
