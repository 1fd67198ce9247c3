import { defineConfig } from "vitest/config"

// The Effect 4 edition's tests (test/v4), run by this install's vitest 5 on its Node 22 (`npm run test:v4`).
// `effect`, `effect-rockset/v4` and the other packages the edition takes from this install resolve by the
// `paths` of tsconfig.v4.json, which each v4 folder's tsconfig.json extends (`resolve.tsconfigPaths`).
export default defineConfig({
  root: new URL("../../test/v4", import.meta.url).pathname,
  resolve: { tsconfigPaths: true },
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 20_000
  }
})
