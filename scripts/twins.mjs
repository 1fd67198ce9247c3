// Writes the Effect 4 edition's twins: the modules of src/v4 whose text is their Effect 3 original's, but for
// the lines where the two Effect APIs differ. Each is written from its original (src/<path> gives
// src/v4/<path>), so there is one text to read and edit; the twins are not committed (this script writes a
// src/v4/.gitignore that names them, itself among them). `npm ci` writes them (the `prepare` script), and so
// does every script that reads src/v4 (check, test:v4, build, docs), so a twin is never older than its
// original where it is used.
//
// What an original says of its twin, in line comments of its own (a directive's line is the twin's text,
// which none of the rules below touch):
//   // v4: <line>       a run of these stands, in the twin, for the line that follows the run, or for the block
//                       `// v3 {` … `// v3 }` that follows it;
//   // v4+: <line>      a run of these is added to the twin, taking the place of nothing;
//   // v4-              the line that follows, or the `// v3 {` … `// v3 }` block, is not in the twin.
// The twin keeps each directive's indentation. Besides, for every twin:
//   - a relative import of the core (src/core) reaches it from src/v4; any other relative import is of the
//     edition's own modules, so it stands as it is and reaches the twin's sibling;
//   - `@effect/platform` modules are `effect/http` ones (Effect 4 moved HTTP into `effect`): the table below;
//   - examples and prose import `effect-rockset/v4` (or `effect-rockset/v4/<entry>`) where the original
//     imports `effect-rockset` (`effect-rockset/<entry>`);
//   - `@since` is at least the edition's first version.
//
// `node scripts/twins.mjs` writes what changed, and removes what it wrote that is no twin any more (a twin
// whose original left the lists); `--check` writes nothing and fails when a twin is not what its original
// makes, or one is left behind (for a hook or a CI step).
import * as fs from "node:fs"
import * as path from "node:path"
import process from "node:process"

const root = path.resolve(import.meta.dirname, "..")

/** The modules of src/ whose Effect 4 twin (src/v4/<the same path>) is written from them. */
const sourceTwins = [
  "emulator/Emulator.ts",
  "emulator/index.ts",
  "index.ts",
  "internal/call.ts",
  "internal/decoders.ts",
  "internal/operation.ts",
  "internal/request.ts",
  "internal/response.ts",
  "internal/signatures.ts",
  "OrgSync.ts",
  "promise/index.ts",
  "promise/RocksetClient.ts",
  "Policy.ts",
  "Regions.ts",
  "RocksetError.ts",
  "testing/index.ts",
  "testing/InMemoryUsers.ts",
  "testing/ScriptedHttp.ts",
  "Users.ts"
]

/** Each original (a path from the top) and its twin: src/'s, then the tests' and benchmarks'. */
export const twins = [
  ...sourceTwins.map((file) => [`src/${file}`, `src/v4/${file}`]),
  ["bench/client.ts", "bench/v4/client.ts"],
  ["examples/browser/main.ts", "examples/v4/browser/main.ts"],
  ["test/browser/browser.test.ts", "test/v4/browser.test.ts"],
  ["test/emulator/parity.test.ts", "test/v4/parity.test.ts"],
  ["test/emulator/middleware.test.ts", "test/v4/middleware.test.ts"],
  ["test/emulator/runtimes.test.ts", "test/v4/runtimes.test.ts"],
  ["test/emulator/statuses.test.ts", "test/v4/statuses.test.ts"],
  ["test/reliability/matrix.test.ts", "test/v4/matrix.test.ts"],
  ["test/reliability/policy-emulator.test.ts", "test/v4/policyEmulator.test.ts"],
  ["test/support/operationRuns.ts", "test/v4/operationRuns.ts"],
  ["test/support/propertyRuns.ts", "test/v4/propertyRuns.ts"],
  ["test/support/sockets.ts", "test/v4/sockets.ts"]
]

/**
 * Twins kept in git all the same: the README links to them, and a reader of the repository must find them.
 * The script writes them like the others, and `--check` (and test/scripts/twins.test.ts) fails when one is
 * not what its original makes.
 */
export const committedTwins = [
  ["examples/quickstart.ts", "examples/v4/quickstart.ts"]
]

/**
 * Where the Effect 4 edition has what an original imports of its own edition, beyond the twins and src/'s
 * modules (src/<path> is src/v4/<path>): the tests' helpers. Anything else an original imports (the core,
 * test/scenarios, scripts) is the same module for both.
 */
const counterparts = {
  "test/helpers.ts": "test/v4/helpers.ts",
  "test/emulator/helpers.ts": "test/v4/helpers.ts",
  "test/support/secrets.ts": "test/v4/helpers.ts"
}

/** The Effect 4 module of an original's relative import (paths from the top, as `.ts`). */
const counterpartOf = (target) => {
  const twin = [...twins, ...committedTwins].find(([original]) => original === target)
  if (twin !== undefined) return twin[1]
  if (counterparts[target] !== undefined) return counterparts[target]
  if (target.startsWith("src/") && !target.startsWith("src/core/") && !target.startsWith("src/v4/")) {
    return `src/v4/${target.slice("src/".length)}`
  }
  return target
}

/** The Effect 4 edition's first version: no twin's `@since` is older. */
const editionSince = "0.2.0"

/** Effect 3's platform modules and where Effect 4 has them. */
const platformModules = {
  "FetchHttpClient": "effect/http/FetchHttpClient",
  "Headers": "effect/http/Headers",
  "HttpBody": "effect/http/HttpBody",
  "HttpClient": "effect/http/HttpClient",
  "HttpClientError": "effect/http/HttpClientError",
  "HttpClientRequest": "effect/http/HttpClientRequest",
  "HttpClientResponse": "effect/http/HttpClientResponse",
  "HttpMethod": "effect/http/HttpMethod",
  "UrlParams": "effect/http/UrlParams"
}

const header = (original) =>
  `// Written by scripts/twins.mjs from ${original}: edit that file (its "// v4:" lines are this edition's).\n`

const directive = /^(\s*)\/\/ v4(\+)?:(?: (.*))?$/
const drop = /^\s*\/\/ v4-$/
const blockStart = /^\s*\/\/ v3 \{$/
const blockEnd = /^\s*\/\/ v3 \}$/

/**
 * The twin's lines from the original's, by its directives: each line of the original as it is, or a
 * directive's line, which is the twin's text already (`verbatim`: the rules below leave it alone).
 *
 * @param {string} text
 * @param {string} where for the messages
 * @returns {Array<{ text: string, verbatim: boolean }>}
 */
export const applyDirectives = (text, where) => {
  const lines = text.split("\n")
  const out = []
  let index = 0
  const fail = (message, at = index) => {
    throw new Error(`${where}:${at + 1}: ${message}`)
  }
  /** Skips the line at `index`, or the `// v3 {` block that starts there. */
  const skipReplaced = () => {
    if (index >= lines.length) fail("a directive has no line after it to stand for", index - 1)
    if (blockStart.test(lines[index])) {
      const start = index
      index += 1
      while (index < lines.length && !blockEnd.test(lines[index])) {
        if (directive.test(lines[index]) || drop.test(lines[index]) || blockStart.test(lines[index])) {
          fail("a `// v3 {` block holds a directive")
        }
        index += 1
      }
      if (index >= lines.length) fail("a `// v3 {` block has no `// v3 }`", start)
    } else if (directive.test(lines[index]) || drop.test(lines[index]) || blockEnd.test(lines[index])) {
      fail("a directive stands for another directive")
    }
    index += 1
  }
  while (index < lines.length) {
    const line = lines[index]
    if (drop.test(line)) {
      index += 1
      skipReplaced()
      continue
    }
    const match = directive.exec(line)
    if (match === null) {
      if (blockStart.test(line) || blockEnd.test(line)) fail("a `// v3` block without a `// v4:` run before it")
      out.push({ text: line, verbatim: false })
      index += 1
      continue
    }
    const added = match[2] === "+"
    const run = []
    while (index < lines.length) {
      const next = directive.exec(lines[index])
      if (next === null) break
      if ((next[2] === "+") !== added) fail("a run mixes `// v4:` and `// v4+:` lines")
      run.push(next[3] ?? "")
      index += 1
    }
    // A run is indented as the first line it stands for is (the formatter may indent a comment before a
    // closing bracket deeper than the bracket); a run that adds lines, as its directive is.
    const first = added ? undefined : lines[blockStart.test(lines[index] ?? "") ? index + 1 : index]
    const indent = first === undefined ? match[1] : /^\s*/.exec(first)[0]
    out.push(...run.map((text) => ({ text: text === "" ? "" : `${indent}${text}`, verbatim: true })))
    if (!added) skipReplaced()
  }
  return out
}

const importSpecifier = /(\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)"([^"]+)"/g

/**
 * The twin's text of one original.
 *
 * @param {string} original the original's path from the top
 * @param {string} twin the twin's
 * @param {string} text the original's text
 * @returns {string}
 */
export const twinText = (original, twin, text) => {
  const lines = applyDirectives(text, original).map(({ text: line, verbatim }) => {
    if (verbatim) return line
    const comment = /^\s*(\*|\/\/|\/\*\*)/.test(line)
    let result = line.replace(importSpecifier, (whole, before, specifier) => {
      if (specifier.startsWith(".")) {
        const target = path.posix.join(path.posix.dirname(original), specifier).replace(/\.js$/, ".ts")
        const relative = path.posix.relative(path.posix.dirname(twin), counterpartOf(target)).replace(/\.ts$/, ".js")
        return `${before}"${relative.startsWith(".") ? relative : `./${relative}`}"`
      }
      if (specifier.startsWith("@effect/platform/")) {
        const name = specifier.slice("@effect/platform/".length)
        const moved = platformModules[name]
        if (moved === undefined) throw new Error(`${original}: no Effect 4 home for ${specifier}`)
        return `${before}"${moved}"`
      }
      if (specifier === "effect-rockset" || specifier.startsWith("effect-rockset/")) {
        return `${before}"effect-rockset/v4${specifier.slice("effect-rockset".length)}"`
      }
      return whole
    })
    // `import { FetchHttpClient } from "@effect/platform"` (an example's): a namespace import in Effect 4.
    result = result.replace(
      /^(\s*(?:\*\s*)?)import (type )?\{ ([A-Za-z]+) \} from "@effect\/platform"$/,
      (whole, indent, type, name) => {
        const moved = platformModules[name]
        if (moved === undefined) throw new Error(`${original}: no Effect 4 home for @effect/platform's ${name}`)
        return `${indent}import ${type ?? ""}* as ${name} from "${moved}"`
      }
    )
    if (comment) {
      result = result
        .replace(/`effect-rockset((?:\/[a-z]+)?)`/g, (_, entry) => `\`effect-rockset/v4${entry}\``)
        .replace(/@since (\d+\.\d+\.\d+)/, (whole, since) => `@since ${newer(since, editionSince)}`)
    }
    return result
  })
  const sorted = sortImports(lines)
  // after the module's own documentation, which docgen reads as the file's first comment
  const after = sorted[0]?.startsWith("/**") ? sorted.findIndex((line) => line.includes("*/")) + 1 : 0
  return [...sorted.slice(0, after), header(original).trimEnd(), ...sorted.slice(after)].join("\n")
}

const importEnd = /^(?:\s*\* )?(?:import .*|\}) from "([^"]+)"$/
const importStart = /^(?:\s*\* )?import /

/**
 * Each run of imports (of code, or of an example) in the formatter's order: packages, then relative paths,
 * each by specifier ignoring case. A moved specifier (`@effect/platform/…`, `./core/…`) may sort elsewhere.
 */
const sortImports = (lines) => {
  const out = []
  for (let index = 0; index < lines.length;) {
    const run = []
    const prefix = /^(\s*\* )?/.exec(lines[index])[0]
    while (index < lines.length && importStart.test(lines[index]) && lines[index].startsWith(prefix)) {
      let end = index
      while (end < lines.length && !importEnd.test(lines[end])) end += 1
      if (end === lines.length) break
      run.push({ lines: lines.slice(index, end + 1), specifier: importEnd.exec(lines[end])[1].toLowerCase() })
      index = end + 1
    }
    if (run.length === 0) {
      out.push(lines[index])
      index += 1
      continue
    }
    const key = ({ specifier }) => specifier.startsWith(".") ? `1${specifier}` : `0${specifier}`
    run.sort((a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
    for (const statement of run) out.push(...statement.lines)
  }
  return out
}

const newer = (a, b) => {
  const [x, y] = [a, b].map((version) => version.split(".").map(Number))
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) return x[i] > y[i] ? a : b
  }
  return a
}

/** Each folder that holds twins, with the .gitignore that names them (and itself) there. */
const ignoreFiles = () => {
  const byFolder = new Map()
  for (const [, twin] of twins) {
    const folder = path.posix.dirname(twin)
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), twin.slice(folder.length + 1)])
  }
  return [...byFolder].map(([folder, names]) => [
    `${folder}/.gitignore`,
    [
      "# Written by scripts/twins.mjs: the twins it writes here from their Effect 3 originals, and this file.",
      "/.gitignore",
      ...names.sort().map((name) => `/${name}`),
      ""
    ].join("\n")
  ])
}

const writtenHere = /^(\/\/|#) Written by scripts\/twins\.mjs/m

/**
 * The files this script once wrote that are no twin (or .gitignore of twins) any more, under the folders that
 * hold twins: a twin whose original left the lists stays behind in a checkout (it is not in git), and would
 * still be type-checked and built.
 */
const leftBehind = () => {
  const expected = new Set(
    [...twins, ...committedTwins].map(([, twin]) => twin).concat(ignoreFiles().map(([file]) => file))
  )
  const roots = new Set([...twins, ...committedTwins].map(([, twin]) => twin.split("/").slice(0, 2).join("/")))
  return [...roots].flatMap((folder) =>
    fs.existsSync(path.join(root, folder))
      ? fs.readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
        .filter((entry) =>
          entry.isFile() && !path.relative(root, entry.parentPath).split(path.sep).includes("node_modules")
        )
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
        .filter((file) => !expected.has(file) && writtenHere.test(fs.readFileSync(path.join(root, file), "utf8")))
      : []
  )
}

const main = () => {
  const check = process.argv.includes("--check")
  const stale = []
  const write = (file, text) => {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined
    if (current === text) return
    if (check) {
      stale.push(path.relative(root, file))
      return
    }
    if (current !== undefined && !writtenHere.test(current)) {
      throw new Error(
        `${path.relative(root, file)} was not written by scripts/twins.mjs: move its text to the original`
      )
    }
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  }
  for (const [original, twin] of [...twins, ...committedTwins]) {
    write(path.join(root, twin), twinText(original, twin, fs.readFileSync(path.join(root, original), "utf8")))
  }
  for (const [file, text] of ignoreFiles()) write(path.join(root, file), text)
  for (const file of leftBehind()) {
    if (check) {
      stale.push(file)
      continue
    }
    fs.rmSync(path.join(root, file))
    const folder = path.dirname(path.join(root, file))
    if (fs.readdirSync(folder).length === 0) fs.rmdirSync(folder)
  }
  if (stale.length > 0) {
    process.stderr.write(`not what their originals make (run node scripts/twins.mjs): ${stale.join(", ")}\n`)
    process.exit(1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
