// Where the Effect 4 edition's development install is and what it provides, for the scripts that run or bundle
// the edition's code: tsconfig.v4.json's `paths` say which packages come from the install (the one place that
// says so); this module reads them, so a script can leave those packages to Node's own resolution from a file
// inside the install's folder (a bundle's `external`) or rebase them for a tsconfig of its own.
import { createRequire } from "node:module"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
const ts = createRequire(import.meta.url)("typescript")

/** The install's folder (dev/effect4): its package.json, lockfile and node_modules. */
export const install = path.join(root, "dev", "effect4")

/** The Node 22 the install brings, which the edition's tests, examples and benchmarks run on. */
export const node = path.join(install, "node_modules", "node", "bin", "node")

/** tsconfig.v4.json's `paths`, each target a path from the top of the repository. */
export const paths = ts.readConfigFile(path.join(root, "tsconfig.v4.json"), ts.sys.readFile).config.compilerOptions
  .paths

/** The specifiers (and `name/*` patterns) resolved to the install: the `paths` entries whose target is in it. */
export const packages = Object.keys(paths).filter((name) =>
  path.resolve(root, paths[name][0]).startsWith(`${install}${path.sep}`)
)
