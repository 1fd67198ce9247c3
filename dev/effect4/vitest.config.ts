import { defineConfig } from "vitest/config"

// The Effect 4 edition's tests (test/v4), run by this install's vitest 5 on its Node 22 (`npm run test:v4`).
// `effect`, `effect-rockset/v4` and the other packages the edition takes from this install resolve by the
// `paths` of tsconfig.v4.json, which each v4 folder's tsconfig.json extends (`resolve.tsconfigPaths`).
export default defineConfig({
  root: new URL("../../test/v4", import.meta.url).pathname,
  resolve: { tsconfigPaths: true },
  test: {
    // and the Effect 4 examples that are tests, as examples/*.test.ts run in the Effect 3 edition's vitest.config.ts
    include: ["**/*.test.ts", "../../examples/v4/**/*.test.ts"],
    testTimeout: 20_000
  }
})
