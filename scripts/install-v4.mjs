// Installs the Effect 4 edition's development dependencies (src/v4/package.json: Effect 4, vitest 5 and Node 22
// itself, from the npm registry) beside the Effect 3 install at the top, and links them for the edition's tests,
// examples and benchmarks (test/v4, examples/v4 and bench/v4: each node_modules -> src/v4/node_modules), so that
// those folders and src/v4 resolve `effect` to Effect 4 while everything else resolves it to Effect 3. Run by
// `npm ci`/`npm install` as the `prepare` script, which npm runs for this checkout but never for a project that
// installs the published package.
import { execFileSync } from "node:child_process"
import { existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { fileURLToPath, URL } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const edition = `${root}src/v4`
const stamp = `${edition}/node_modules/.installed-lock`
const lock = readFileSync(`${edition}/package-lock.json`, "utf8")

if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== lock) {
  // The packages ask for Node >= 22.19 and the install runs on the Node of the top level; the Node 22 they
  // need is among what it installs, and the edition's scripts run on it.
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: edition, stdio: "inherit" })
  writeFileSync(stamp, lock)
}

for (const folder of ["test/v4", "examples/v4", "bench/v4"]) {
  const link = `${root}${folder}/node_modules`
  if (existsSync(`${root}${folder}`) && !existsSync(link) && !isLink(link)) {
    symlinkSync("../../src/v4/node_modules", link, "dir")
  }
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
