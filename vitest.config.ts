import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// Tests import the library by its package name, from source (as tsconfig.json `paths` does for the type-check).
const src = fileURLToPath(new URL("./src/v3", import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect-rockset$/, replacement: `${src}/index.ts` },
      { find: /^effect-rockset\/(.*)$/, replacement: `${src}/$1/index.ts` }
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
