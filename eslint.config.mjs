import * as effectEslint from "@effect/eslint-plugin"
import js from "@eslint/js"
import tseslint from "typescript-eslint"

/** The import rule of the core for `files`, from which `up` leads back to src/. */
const coreImports = (files, up) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", {
      patterns: [
        { group: ["effect", "effect/*", "@effect/*"], message: "The core imports nothing of Effect." },
        { group: [`${up}*`, `!${up}core/*`], message: "The core imports nothing of an edition." }
      ]
    }]
  }
})

export default tseslint.config(
  {
    ignores: [
      "**/dist",
      "**/build",
      "**/docs",
      "**/node_modules",
      "**/.tmp",
      "**/*.md",
      "bench/results",
      "examples/browser/bundle.js*"
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...effectEslint.configs.dprint,
  {
    rules: {
      "no-fallthrough": "off",
      "no-irregular-whitespace": "off",
      "object-shorthand": "error",
      "require-yield": "off",
      "prefer-rest-params": "off",
      "no-unused-vars": "off",
      "@typescript-eslint/array-type": ["error", { default: "generic", readonly: "generic" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-empty-object-type": "off",
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@effect/dprint": [
        "error",
        {
          config: {
            indentWidth: 2,
            lineWidth: 120,
            semiColons: "asi",
            quoteStyle: "alwaysDouble",
            trailingCommas: "never",
            operatorPosition: "maintain",
            "arrowFunction.useParentheses": "force"
          }
        }
      ]
    }
  },
  {
    files: ["src/**/*", "test/**/*"],
    rules: {
      "no-console": "error"
    }
  },
  {
    files: ["src/**/*"],
    rules: {
      "@effect/no-import-from-barrel-package": ["error", { packageNames: ["effect", "@effect/platform"] }]
    }
  },
  // The core is the same for every Effect major: it imports nothing of Effect, and nothing of an edition.
  coreImports(["src/core/**/*"], "../"),
  // A folder of the core (core/sync) may import the core's own modules one level up, nothing above.
  coreImports(["src/core/*/**/*"], "../../")
)
