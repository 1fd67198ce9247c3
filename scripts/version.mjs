// Run by `npm run version` after `changeset version`: the library reports its version in the User-Agent,
// so src/core/version.ts follows package.json (scripts/build.mjs refuses to build when they differ).
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
const file = path.join(root, "src", "core", "version.ts")
fs.writeFileSync(
  file,
  fs.readFileSync(file, "utf8").replace(/version = "[^"]*"/, `version = ${JSON.stringify(version)}`)
)
