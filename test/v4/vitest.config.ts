import { defineConfig } from "vitest/config"

// The Effect 4 edition's tests: run from src/v4 (`npm --prefix src/v4 test`), on the Node 22 and vitest 5 that
// src/v4/package.json installs; test/v4/node_modules links to that install, so `effect` here is Effect 4.
const src = new URL("../../src/v4/", import.meta.url).pathname

export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  // the edition's entry points, as the Effect 4 tests import them (tsconfig.json's `paths` for tsc)
  resolve: {
    alias: [
      { find: /^effect-rockset\/v4$/, replacement: `${src}index.ts` },
      { find: /^effect-rockset\/v4\/([a-z]+)$/, replacement: `${src}$1/index.ts` }
    ]
  },
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 20_000
  }
})
