// Writes the Effect 4 edition's twins: the modules of src/v4 whose text is their Effect 3 original's, but for
// the lines where the two Effect APIs differ. Each is written from its original (src/<path> gives
// src/v4/<path>), so there is one text to read and edit; the twins are not committed (this script writes a
// src/v4/.gitignore that names them, itself among them). `npm ci` writes them (the `prepare` script), and so
// does every script that reads src/v4 (check, test:v4, build, docs), so a twin is never older than its
// original where it is used.
//
// What an original says of its twin, in line comments of its own:
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
// `node scripts/twins.mjs` writes what changed; `--check` writes nothing and fails when a twin is not
// what its original makes (for a hook or a CI step).
import * as fs from "node:fs"
import * as path from "node:path"
import process from "node:process"

const root = path.resolve(import.meta.dirname, "..")
const src = path.join(root, "src")
const edition = path.join(src, "v4")

/** The originals (paths under src/) whose Effect 4 twin is written from them. */
export const twins = [
  "emulator/index.ts",
  "internal/call.ts",
  "fetch/index.ts",
  "index.ts",
  "internal/operation.ts",
  "internal/request.ts",
  "internal/signatures.ts",
  "internal/transport.ts",
  "OrgSync.ts",
  "promise/index.ts",
  "promise/RocksetClient.ts",
  "Regions.ts",
  "testing/index.ts",
  "testing/InMemoryUsers.ts",
  "testing/ScriptedHttp.ts",
  "undici/index.ts",
  "Users.ts"
]

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
  `// Written by scripts/twins.mjs from src/${original}: edit that file (its "// v4:" lines are this edition's).\n`

const directive = /^(\s*)\/\/ v4(\+)?:(?: (.*))?$/
const drop = /^\s*\/\/ v4-$/
const blockStart = /^\s*\/\/ v3 \{$/
const blockEnd = /^\s*\/\/ v3 \}$/

/**
 * The twin's lines from the original's, by its directives.
 *
 * @param {string} text
 * @param {string} where for the messages
 * @returns {Array<string>}
 */
export const applyDirectives = (text, where) => {
  const lines = text.split("\n")
  const out = []
  let index = 0
  const fail = (message) => {
    throw new Error(`${where}:${index + 1}: ${message}`)
  }
  /** Skips the line at `index`, or the `// v3 {` block that starts there. */
  const skipReplaced = () => {
    if (index >= lines.length) fail("a directive has no line after it to stand for")
    if (blockStart.test(lines[index])) {
      index += 1
      while (index < lines.length && !blockEnd.test(lines[index])) {
        if (directive.test(lines[index]) || drop.test(lines[index]) || blockStart.test(lines[index])) {
          fail("a `// v3 {` block holds a directive")
        }
        index += 1
      }
      if (index >= lines.length) fail("a `// v3 {` block has no `// v3 }`")
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
      out.push(line)
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
    // A run that stands for one line is indented as that line is (a formatter may indent a comment before
    // a closing bracket deeper than the bracket).
    const indent = !added && index < lines.length && !blockStart.test(lines[index])
      ? /^\s*/.exec(lines[index])[0]
      : match[1]
    out.push(...run.map((text) => text === "" ? "" : `${indent}${text}`))
    if (!added) skipReplaced()
  }
  return out
}

const importSpecifier = /(\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)"([^"]+)"/g

/**
 * The twin's text of one original.
 *
 * @param {string} original a path under src/
 * @param {string} text the original's text
 * @returns {string}
 */
export const twinText = (original, text) => {
  const from = path.dirname(path.join(src, original))
  const to = path.dirname(path.join(edition, original))
  const lines = applyDirectives(text, `src/${original}`).map((line) => {
    const comment = /^\s*(\*|\/\/|\/\*\*)/.test(line)
    let result = line.replace(importSpecifier, (whole, before, specifier) => {
      if (specifier.startsWith(".")) {
        const target = path.resolve(from, specifier)
        if (!target.startsWith(path.join(src, "core") + path.sep)) return whole
        const relative = path.relative(to, target)
        return `${before}"${relative.startsWith(".") ? relative : `./${relative}`}"`
      }
      if (specifier.startsWith("@effect/platform/")) {
        const name = specifier.slice("@effect/platform/".length)
        const moved = platformModules[name]
        if (moved === undefined) throw new Error(`src/${original}: no Effect 4 home for ${specifier}`)
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
        if (moved === undefined) throw new Error(`src/${original}: no Effect 4 home for @effect/platform's ${name}`)
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
  return header(original) + sortImports(lines).join("\n")
}

const importLine = /^(?:\s*\* )?import .* from "([^"]+)"$/

/** Each run of one-line imports (of code, or of an example) in the formatter's order (packages, then relative paths, each by specifier
 * ignoring case), since a moved specifier (`@effect/platform/…`, `./core/…`) may sort elsewhere. */
const sortImports = (lines) => {
  const out = []
  for (let start = 0; start < lines.length;) {
    let end = start
    const prefix = (line) => line.slice(0, line.indexOf("import"))
    while (end < lines.length && importLine.test(lines[end]) && prefix(lines[end]) === prefix(lines[start])) end += 1
    if (end === start) {
      out.push(lines[start])
      start += 1
      continue
    }
    const key = (line) => {
      const specifier = importLine.exec(line)[1].toLowerCase()
      return specifier.startsWith(".") ? `1${specifier}` : `0${specifier}`
    }
    out.push(...lines.slice(start, end).sort((a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    start = end
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

const ignoreFile = path.join(edition, ".gitignore")
const ignoreText = [
  "# Written by scripts/twins.mjs: the twins it writes from their Effect 3 originals, and this file.",
  "/.gitignore",
  ...twins.map((original) => `/${original}`),
  ""
].join("\n")

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
    if (current !== undefined && file !== ignoreFile && !current.startsWith("// Written by scripts/twins.mjs")) {
      throw new Error(
        `${path.relative(root, file)} was not written by scripts/twins.mjs: move its text to the original`
      )
    }
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  }
  for (const original of twins) {
    write(path.join(edition, original), twinText(original, fs.readFileSync(path.join(src, original), "utf8")))
  }
  write(ignoreFile, ignoreText)
  if (stale.length > 0) {
    process.stderr.write(`not what their originals make (run node scripts/twins.mjs): ${stale.join(", ")}\n`)
    process.exit(1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
