import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// Tests import the library by its package name, from source, and the runners both editions share (test/shared)
// their edition's module as `@test/edition`, the Effect 3 one's (as tsconfig.json `paths` does for the type-check;
// dev/effect4/vitest.config.ts leads both names to the Effect 4 edition).
const src = fileURLToPath(new URL("./src/v3", import.meta.url))
const edition = fileURLToPath(new URL("./test/support/edition.ts", import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect-rockset$/, replacement: `${src}/index.ts` },
      { find: /^effect-rockset\/(.*)$/, replacement: `${src}/$1/index.ts` },
      { find: /^@test\/edition$/, replacement: edition }
    ]
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    // the Effect 4 edition's tests and examples run on their own vitest and Node (`npm run test:v4`, `npm run demo`)
    exclude: ["test/v4/**", "examples/v4/**", "**/node_modules/**"],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 20_000
  }
})
