// The esbuild options of the `rockset-users` command, in one place for scripts/build.mjs (dist/bin, what the
// package ships), bench/startup.ts (the cold start of what ships) and test/scripts/cliBundle.test.ts.
//
// The command runs in a project that has only this package installed, whatever Effect it has: self-contained
// ES modules with effect, @effect/cli, the platform's Node runtime and yaml inside, nothing but Node's
// built-ins imported at run time. Split into chunks so that a start loads only what its subcommand needs
// (src/cli/main.ts imports the subcommands' work on demand): `--help` compiles and runs none of yaml, the
// client or the sync machinery. The entry is `<outdir>/rockset-users.mjs`, the chunks are under
// `<outdir>/chunks`.
import * as path from "node:path"

export const cliBundleOptions = (root, outdir) => ({
  entryPoints: { "rockset-users": path.join(root, "src", "cli", "bin.ts") },
  outdir,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "linked",
  // some bundled CommonJS modules call require() for Node built-ins
  banner: {
    js:
      "import { createRequire as __createRequire } from \"node:module\"; const require = __createRequire(import.meta.url);"
  },
  logLevel: "warning"
})
