// Type-checks every ```ts example in the JSDoc of each edition (src/v3 and src/v4, but the files docgen.json
// excludes: internal/ and bin.ts), with the examplesCompilerOptions of docgen.json, whose `paths` map
// `effect-rockset` and `effect-rockset/*` to src/v3; the Effect 4 edition's in a second run whose `paths` are
// tsconfig.v4.json's (`effect` is Effect 4, `effect-rockset/v4` is src/v4). `npm run docs` runs this instead of docgen's own example
// step (turned off with DOCGEN_RUN_EXAMPLES=false): @effect/docgen 0.5.2 skips the examples of classes and
// class members (every error class and service tag), and it runs the examples it checks, so an example that
// calls a server (a Promise facade's) or starts one (the emulator's) would reach out or hang. Each example is
// written to docs/.examples/<file>-L<line>.ts, so an error names the line of its fence; docs/.examples sits
// where docgen puts its examples, so the relative `paths` resolve the same. README.md's blocks are excerpts
// of the files in examples/, which tsconfig.json type-checks; test/Readme.test.ts checks they are.
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import process from "node:process"

const root = path.resolve(import.meta.dirname, "..")
const outDir = path.join(root, "docs", ".examples")
const { examplesCompilerOptions } = JSON.parse(fs.readFileSync(path.join(root, "docgen.json"), "utf8"))

// internal/ has no public examples
const skipped = new Set(["internal"])

const sourcesUnder = (dir) =>
  fs.readdirSync(path.join(root, dir), { recursive: true })
    .map((file) => path.join(dir, file))
    .filter((file) =>
      file.endsWith(".ts") && !file.split(path.sep).slice(dir.split("/").length).some((part) => skipped.has(part)) &&
      !file.endsWith("bin.ts")
    )
    .sort()
const sourceFiles = sourcesUnder("src/v3")

// The ```ts blocks of a file: in JSDoc comments for .ts files, anywhere for Markdown.
const examplesOf = (file) => {
  const markdown = file.endsWith(".md")
  const examples = []
  let inComment = markdown
  let example
  fs.readFileSync(path.join(root, file), "utf8").split("\n").forEach((line, index) => {
    if (line.trimStart().startsWith("/**")) inComment = true
    const text = markdown ? line : line.replace(/^\s*\* ?/, "")
    if (inComment && example === undefined && /^```(ts|typescript)\s*$/.test(text.trim())) {
      example = { line: index + 1, body: "" }
    } else if (inComment && example !== undefined && text.trim() === "```") {
      examples.push(example)
      example = undefined
    } else if (inComment && example !== undefined) {
      example.body += text + "\n"
    }
    if (!markdown && line.includes("*/")) inComment = false
  })
  if (example !== undefined) throw new Error(`${file}:${example.line}: unclosed example`)
  return examples
}

fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir, { recursive: true })
let count = 0
for (const file of sourceFiles) {
  for (const example of examplesOf(file)) {
    const name = `${file.replaceAll(path.sep, "_")}-L${example.line}.ts`
    fs.writeFileSync(path.join(outDir, name), example.body)
    count++
  }
}
fs.writeFileSync(
  path.join(outDir, "tsconfig.json"),
  JSON.stringify({ compilerOptions: examplesCompilerOptions, include: ["*.ts"] }, null, 2)
)

// The Effect 4 edition's examples, in docs/.examples/v4, with tsconfig.v4.json's `paths` (from where they are).
const v4Dir = path.join(outDir, "v4")
fs.mkdirSync(v4Dir)
let v4Count = 0
for (const file of sourcesUnder("src/v4")) {
  for (const example of examplesOf(file)) {
    fs.writeFileSync(path.join(v4Dir, `${file.replaceAll(path.sep, "_")}-L${example.line}.ts`), example.body)
    v4Count++
  }
}
const ts = createRequire(import.meta.url)("typescript")
const v4Paths = ts.readConfigFile(path.join(root, "tsconfig.v4.json"), ts.sys.readFile).config.compilerOptions.paths
fs.writeFileSync(
  path.join(v4Dir, "tsconfig.json"),
  JSON.stringify(
    {
      compilerOptions: {
        ...examplesCompilerOptions,
        paths: Object.fromEntries(
          Object.entries(v4Paths).map((
            [name, targets]
          ) => [name, targets.map((target) => path.relative(v4Dir, path.join(root, target)))])
        )
      },
      include: ["*.ts"]
    },
    null,
    2
  )
)

const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc")
const runs = [[outDir, count, "src/v3/"], [v4Dir, v4Count, "src/v4/"]]
for (const [dir, n, what] of runs) {
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], { encoding: "utf8" })
  if (result.status !== 0) {
    process.stdout.write(result.stdout + result.stderr)
    process.stderr.write(`\nOf ${n} examples in the JSDoc of ${what}, some do not compile (kept in ${dir})\n`)
    process.exit(1)
  }
}
fs.rmSync(outDir, { recursive: true, force: true })
process.stdout.write(`${count} examples type-checked (JSDoc of src/v3/), ${v4Count} with Effect 4 (src/v4/)\n`)
