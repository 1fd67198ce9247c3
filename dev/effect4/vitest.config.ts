import * as path from "node:path"
import { defineConfig } from "vitest/config"
import { paths } from "../../scripts/effect4.mjs"

const root = path.resolve(import.meta.dirname, "../..")

/**
 * tsconfig.v4.json's `paths` as vite aliases, for every file the run imports. vite's `resolve.tsconfigPaths` would
 * take each importer's nearest tsconfig.json, which for the runners both editions share (test/shared) is the
 * Effect 3 project's; these aliases apply to every importer, so `effect`, `@effect/vitest`, `effect-rockset` and the
 * test's edition module (`@test/edition`) are the Effect 4 edition's wherever they are imported from. A name
 * stands before the patterns, and a longer pattern before a shorter, as TypeScript picks them; a target is a path
 * without its extension, which vite completes.
 */
const aliases = Object.entries(paths as Record<string, ReadonlyArray<string>>)
  .map(([name, [target]]) => ({ name, target: path.join(root, target!) }))
  .sort((a, b) => Number(a.name.endsWith("/*")) - Number(b.name.endsWith("/*")) || b.name.length - a.name.length)
  .map(({ name, target }) => {
    const escaped = name.replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    return name.endsWith("/*")
      ? { find: new RegExp(`^${escaped.slice(0, -1)}(.+)$`), replacement: target.replace("*", "$1") }
      : { find: new RegExp(`^${escaped}$`), replacement: target }
  })

// The Effect 4 edition's tests (test/v4), the runners both editions share (test/shared) and the Effect 4 examples
// that are tests, run by this install's vitest 5 on its Node 22 (`npm run test:v4`).
export default defineConfig({
  root,
  cacheDir: path.join(import.meta.dirname, "node_modules/.vite"),
  resolve: { alias: aliases },
  test: {
    // and the Effect 4 examples that are tests, as examples/*.test.ts run in the Effect 3 edition's vitest.config.ts
    include: ["test/v4/**/*.test.ts", "test/shared/**/*.test.ts", "examples/v4/**/*.test.ts"],
    setupFiles: ["test/v4/setup.ts"],
    testTimeout: 20_000
  }
})
