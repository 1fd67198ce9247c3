// Installs the Effect 4 edition's development dependencies (dev/effect4/package.json: Effect 4, vitest 5 and
// Node 22 itself, from the npm registry) beside the Effect 3 install at the top. The edition's folders (src/v4,
// test/v4, examples/v4, bench/v4) resolve `effect` and the rest to this install through the `paths` of
// tsconfig.v4.json, which tsc, tsx, esbuild and vite read; everything else resolves them to Effect 3. Run by
// `npm ci`/`npm install` as the `prepare` script, which npm runs for this checkout; the published package.json
// has no scripts (scripts/build.mjs).
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath, URL } from "node:url"

const install = fileURLToPath(new URL("../dev/effect4", import.meta.url))
const stamp = `${install}/node_modules/.installed-lock`
const lock = readFileSync(`${install}/package-lock.json`, "utf8")

if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== lock) {
  // The packages ask for Node >= 22.19 and the install runs on the Node of the top level; the Node 22 they
  // need is among what it installs, and the edition's scripts run on it.
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: install, stdio: "inherit" })
  writeFileSync(stamp, lock)
}
