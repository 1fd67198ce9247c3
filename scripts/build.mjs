// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with its own declaration files, from every file
// in src/. dist/cjs gets a package.json of its own so that Node and TypeScript read its .js and .d.ts files
// as CommonJS.
//
// The entry points follow the files: src/v3/index.ts is `effect-rockset`, and each src/v3/<name>/index.ts is
// `effect-rockset/<name>` (testing, emulator, promise). The build writes their `exports` (and
// `typesVersions` for TypeScript's node10 resolution) into package.json, plus the `rockset-emulator` bin
// when src/v3/emulator/bin.ts exists and the `rockset-users` bin (bundled, see the end) when src/cli/bin.ts does,
// so adding an entry's index.ts is all it takes to ship it. package.json
// is only rewritten when that changes; commit the result.
//
// The Effect 4 edition's entry points follow its files the same way: src/v4/index.ts is `effect-rockset/v4`
// and each src/v4/<name>/index.ts is `effect-rockset/v4/<name>`. It is built by projects of its own
// (tsconfig.build-v4.json, tsconfig.build-v4-cjs.json), which resolve `effect` to Effect 4 (tsconfig.v4.json); the
// Effect 3 projects exclude src/v4 and this build fails if anything of it reaches their output. The Effect 4
// projects emit into a staging folder, with the core files the edition imports: the build checks that those
// are byte for byte the Effect 3 build's, keeps one copy, and moves v4/ in beside it, so dist/*/v4 imports
// the core by the same relative paths as src/v4 does.
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

/**
 * Each edition's folder under src/ and the subpath that names it: `effect-rockset` is src/v3 (Effect 3) and
 * `effect-rockset/v4` is src/v4 (Effect 4). An edition's index.ts is its subpath, and each <name>/index.ts in its
 * folder is `<subpath>/<name>`.
 */
const editions = [{ folder: "v3", subpath: "." }, { folder: "v4", subpath: "./v4" }]
/** Each entry point: its subpath in `exports` and its file under dist/<format>/, without the extension. */
const entries = editions.flatMap(({ folder, subpath }) => {
  const dir = path.join(root, "src", folder)
  const names = fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "internal")
    .map((entry) => entry.name)
    .filter((name) => fs.existsSync(path.join(dir, name, "index.ts")))
    .sort()
  return [
    { subpath, base: `${folder}/index` },
    ...names.map((name) => ({ subpath: `${subpath === "." ? "." : subpath}/${name}`, base: `${folder}/${name}/index` }))
  ]
})
const hasEmulatorBin = fs.existsSync(path.join(root, "src", "v3", "emulator", "bin.ts"))
const hasUsersBin = fs.existsSync(path.join(root, "src", "cli", "bin.ts"))

const entryPoints = {
  exports: {
    "./package.json": "./package.json",
    ...Object.fromEntries(entries.map(({ base, subpath }) => [subpath, conditions(base)])),
    "./internal/*": null
  },
  typesVersions: {
    "*": Object.fromEntries(
      entries.filter(({ subpath }) => subpath !== ".").map(({ base, subpath }) => [
        subpath.slice(2),
        [`./dist/cjs/${base}.d.ts`]
      ])
    )
  },
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
// `main`, `module` and `types` are the main entry's, for tools that read no `exports`.
const main = entries.find(({ subpath }) => subpath === ".").base
const legacy = { main: `./dist/cjs/${main}.js`, module: `./dist/esm/${main}.js`, types: `./dist/cjs/${main}.d.ts` }
const updated = {}
for (const [key, value] of Object.entries(rest)) {
  updated[key] = key in legacy ? legacy[key] : value
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

const fail = (message) => {
  process.stderr.write(`build: ${message}\n`)
  process.exit(1)
}
const filesUnder = (dir) =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .sort()
    : []
for (const format of ["esm", "cjs"]) {
  if (fs.existsSync(path.join(root, "dist", format, "v4"))) {
    fail(
      `dist/${format}/v4 came out of the Effect 3 build: something in src/ outside src/v4 imports the Effect 4 edition`
    )
  }
}

// The Effect 4 edition: ES modules with declarations (type-checked against
// Effect 4), then CommonJS, whose declarations are the ES module build's (the same text serves both: it
// names modules by their package specifiers and by relative paths).
{
  const staging = path.join(root, "dist", ".v4")
  for (const project of ["tsconfig.build-v4.json", "tsconfig.build-v4-cjs.json"]) {
    const { status } = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "-p", project],
      {
        cwd: root,
        stdio: "inherit"
      }
    )
    if (status !== 0) process.exit(status ?? 1)
  }
  for (const format of ["esm", "cjs"]) {
    const from = path.join(staging, format)
    const to = path.join(root, "dist", format)
    const stray = fs.readdirSync(from).filter((name) => name !== "v4" && name !== "core")
    if (stray.length > 0) {
      fail(`the Effect 4 build emitted ${stray.join(", ")}: src/v4 imports outside src/v4 and src/core`)
    }
    for (const file of filesUnder(path.join(from, "core"))) {
      const ours = path.join(from, "core", file)
      const theirs = path.join(to, "core", file)
      if (!fs.existsSync(theirs) || !fs.readFileSync(ours).equals(fs.readFileSync(theirs))) {
        fail(
          `dist/${format}/core/${file}: the Effect 4 build's differs from the Effect 3 build's (compare the tsconfigs)`
        )
      }
    }
    fs.renameSync(path.join(from, "v4"), path.join(to, "v4"))
  }
  for (const file of filesUnder(path.join(root, "dist", "esm", "v4")).filter((name) => name.endsWith(".d.ts"))) {
    fs.copyFileSync(path.join(root, "dist", "esm", "v4", file), path.join(root, "dist", "cjs", "v4", file))
  }
  fs.rmSync(staging, { recursive: true, force: true })
}

// The rockset-users command: ES modules under dist/bin, self-contained (scripts/cli-bundle.mjs says how).
if (hasUsersBin) {
  const esbuild = await import("esbuild")
  const { cliBundleOptions } = await import("./cli-bundle.mjs")
  await esbuild.build(cliBundleOptions(root, path.join(root, "dist", "bin")))
}
