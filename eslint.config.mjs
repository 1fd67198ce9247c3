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

/** The import rule of an edition's files, from which `up` leads back to src/: itself and the core only. */
const editionImports = (edition, files, up) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", {
      patterns: [{
        regex: `^${up.replaceAll(".", "\\.")}(?!core/)`,
        message: `The ${edition === "v3" ? "Effect 3" : "Effect 4"} edition imports only itself and the core.`
      }]
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
      "examples/browser/bundle.js*",
      "examples/v4/browser/bundle.js*"
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
  coreImports(["src/core/*/**/*"], "../../"),
  {
    // The command runs the core's engine with nothing of Effect, so it works in a project without it.
    files: ["src/v3/emulator/bin.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["effect", "effect/*", "@effect/*"], message: "rockset-emulator runs without Effect." },
          { regex: "^(?!\\.\\./\\.\\./core/)\\.", message: "rockset-emulator imports only the core." }
        ]
      }]
    }
  },
  // Editions never import each other: each imports only itself and the core.
  ...["v3", "v4"].flatMap((edition) => [
    editionImports(edition, [`src/${edition}/*`], "../"),
    editionImports(edition, [`src/${edition}/*/**/*`], "../../")
  ]),
  {
    // The command is an application of the Effect 3 edition.
    files: ["src/cli/**/*"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ regex: "^\\.\\./v4/", message: "rockset-users runs on the Effect 3 edition." }]
      }]
    }
  },
  {
    // Each edition's examples use that edition: examples/ the Effect 3 one, examples/v4 the Effect 4 one.
    files: ["examples/**/*"],
    ignores: ["examples/v4/**/*"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ regex: "^effect-rockset/v4(/|$)", message: "Examples of the Effect 4 edition go in examples/v4." }]
      }]
    }
  },
  {
    // Besides, one module without Effect: the browser page's DOM code (examples/browser/page.ts), which
    // examples/v4/browser/main.ts shares with the Effect 3 page's script.
    files: ["examples/v4/**/*"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          regex: "^(effect-rockset(/(?!v4(/|$)).*)?|@effect/platform(/.*)?|\\.\\.(?!/\\.\\./browser/page\\.js$).*)$",
          message: "Examples of the Effect 4 edition import effect-rockset/v4/*, Effect 4 and its packages only."
        }]
      }]
    }
  },
  {
    // The scenario tables are read by both editions' tests: plain data, nothing of Effect.
    files: ["test/scenarios/**/*"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["effect", "effect/*", "@effect/*"], message: "Scenario tables import nothing of Effect." }]
      }]
    }
  },
  {
    // The Effect 4 edition's tests: its own sources, the core's, the shared scenarios and runners.
    files: ["test/v4/**/*"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          regex: "^\\.\\./(?!scenarios/|shared/|\\.\\./src/(v4|core)/)",
          message: "The Effect 4 edition's tests import only src/v4, src/core, test/scenarios and test/shared."
        }, {
          regex: "^@effect/platform(/|$)",
          message: "@effect/platform is Effect 3's: the Effect 4 edition's tests use effect/http."
        }]
      }]
    }
  },
  {
    // The runners both editions run (test/shared): one text, so they name an edition only through the package
    // names each edition's project resolves (`effect`, `effect-rockset`, ...) and its module, `@test/edition`,
    // which names what differs between the majors; relatively, only the scenarios, the core and each other.
    files: ["test/shared/**/*"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          regex: "^(effect-rockset/v4(/|$)|@effect/platform(/|$)|effect/(http|testing|unstable)/|effect/TestClock$)",
          message: "A shared runner takes what differs between the majors from @test/edition."
        }, {
          regex: "^\\.\\./(?!scenarios/|\\.\\./src/core/|\\.\\./scripts/)",
          message: "A shared runner imports relatively only test/shared, test/scenarios, src/core and scripts."
        }]
      }]
    }
  }
)
