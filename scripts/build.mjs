// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with its own declaration files, from every file
// in src/. dist/cjs gets a package.json of its own so that Node and TypeScript read its .js and .d.ts files
// as CommonJS.
//
// The entry points follow the files: src/index.ts is `effect-rockset`, and each src/<name>/index.ts is
// `effect-rockset/<name>` (testing, emulator, promise). The build writes their `exports` (and
// `typesVersions` for TypeScript's node10 resolution) into package.json, plus the `rockset-emulator` bin
// when src/emulator/bin.ts exists and the `rockset-users` bin (bundled, see the end) when src/cli/bin.ts does,
// so adding an entry's index.ts is all it takes to ship it. package.json
// is only rewritten when that changes; commit the result.
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import process from "node:process"

const root = path.resolve(import.meta.dirname, "..")
const packageJsonPath = path.join(root, "package.json")

const conditions = (base) => ({
  import: { types: `./dist/esm/${base}.d.ts`, default: `./dist/esm/${base}.js` },
  require: { types: `./dist/cjs/${base}.d.ts`, default: `./dist/cjs/${base}.js` }
})

const subpaths = fs.readdirSync(path.join(root, "src"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "internal")
  .map((entry) => entry.name)
  .filter((name) => fs.existsSync(path.join(root, "src", name, "index.ts")))
  .sort()
const hasEmulatorBin = fs.existsSync(path.join(root, "src", "emulator", "bin.ts"))
const hasUsersBin = fs.existsSync(path.join(root, "src", "cli", "bin.ts"))

const entryPoints = {
  exports: {
    "./package.json": "./package.json",
    ".": conditions("index"),
    ...Object.fromEntries(subpaths.map((name) => [`./${name}`, conditions(`${name}/index`)])),
    "./internal/*": null
  },
  typesVersions: subpaths.length === 0
    ? undefined
    : { "*": Object.fromEntries(subpaths.map((name) => [name, [`./dist/cjs/${name}/index.d.ts`]])) },
  bin: hasEmulatorBin || hasUsersBin
    ? {
      ...(hasEmulatorBin ? { "rockset-emulator": "./bin/rockset-emulator.mjs" } : {}),
      ...(hasUsersBin ? { "rockset-users": "./bin/rockset-users.mjs" } : {})
    }
    : undefined
}

const current = fs.readFileSync(packageJsonPath, "utf8")
const pkg = JSON.parse(current)
const versionFile = fs.readFileSync(path.join(root, "src", "core", "version.ts"), "utf8")
if (!versionFile.includes(`version = ${JSON.stringify(pkg.version)}`)) {
  process.stderr.write(
    `src/core/version.ts does not say ${pkg.version} as package.json does: run scripts/version.mjs\n`
  )
  process.exit(1)
}
// Rebuilt in the same key order, with typesVersions and bin right after exports (undefined ones are dropped).
const { typesVersions: _typesVersions, bin: _bin, ...rest } = pkg
const updated = {}
for (const [key, value] of Object.entries(rest)) {
  updated[key] = value
  if (key === "exports") Object.assign(updated, entryPoints)
}
const next = JSON.stringify(updated, null, 2) + "\n"
if (next !== current) {
  fs.writeFileSync(packageJsonPath, next)
  process.stdout.write(`package.json: entry points now ${Object.keys(entryPoints.exports).join(", ")}; commit it\n`)
}

fs.rmSync(path.join(root, "dist"), { recursive: true, force: true })
for (const project of ["tsconfig.build.json", "tsconfig.build-cjs.json"]) {
  const { status } = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", project], {
    cwd: root,
    stdio: "inherit"
  })
  if (status !== 0) process.exit(status ?? 1)
}
fs.writeFileSync(path.join(root, "dist", "cjs", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n")

// The rockset-users command runs in a project that has only this package installed, whatever Effect it has:
// one self-contained file with effect, @effect/cli, the platform's Node runtime and yaml inside.
if (hasUsersBin) {
  const esbuild = await import("esbuild")
  await esbuild.build({
    entryPoints: [path.join(root, "src", "cli", "bin.ts")],
    outfile: path.join(root, "dist", "bin", "rockset-users.mjs"),
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
}
