import { defineConfig } from "vitest/config"

// The Effect 4 edition's tests: run from src/v4 (`npm --prefix src/v4 test`), on the Node 22 and vitest 5 that
// src/v4/package.json installs; test/v4/node_modules links to that install, so `effect` here is Effect 4.
export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 20_000
  }
})
