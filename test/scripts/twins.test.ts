import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { applyDirectives, committedTwins, twins, twinText } from "../../scripts/twins.mjs"

const root = fileURLToPath(new URL("../../", import.meta.url))
const lines = (text: string) => applyDirectives(text, "x.ts").map((line) => line.text)
const header = (original: string) =>
  `// Written by scripts/twins.mjs from ${original}: edit that file (its "// v4:" lines are this edition's).\n`

describe("scripts/twins.mjs: the directives", () => {
  it("a `// v4:` run stands for the line after it, indented as that line is", () => {
    const text = [
      "const a = 1",
      "  // v4: const b = Result.succeed(2)",
      "    const b = Either.right(2)",
      "const c = 3"
    ].join("\n")
    expect(lines(text)).toEqual(["const a = 1", "    const b = Result.succeed(2)", "const c = 3"])
  })

  it("a `// v4:` run stands for a `// v3 {` … `// v3 }` block; `// v4:` alone is an empty line", () => {
    const text = [
      "// v4: one",
      "// v4:",
      "// v4:   two",
      "// v3 {",
      "three",
      "four",
      "// v3 }",
      "five"
    ].join("\n")
    expect(lines(text)).toEqual(["one", "", "  two", "five"])
  })

  it("a run that stands for a block is indented as the block's first line is, wherever the formatter put it", () => {
    const text = ["  {", "      // v4: })", "      // v3 {", "    })", "    x", "      // v3 }", "  }"].join("\n")
    expect(lines(text)).toEqual(["  {", "    })", "  }"])
  })

  it("`// v4+:` adds lines, `// v4-` drops the line or block after it", () => {
    const text = ["a", "// v4+: added", "b", "// v4-", "dropped", "c", "// v4-", "// v3 {", "x", "y", "// v3 }", "d"]
      .join("\n")
    expect(lines(text)).toEqual(["a", "added", "b", "c", "d"])
  })

  it("a directive's lines are verbatim; the original's are not", () => {
    expect(applyDirectives("// v4: a\nb\nc", "x.ts")).toEqual([
      { text: "a", verbatim: true },
      { text: "c", verbatim: false }
    ])
  })

  it("refuses what it cannot read, naming the line", () => {
    expect(() => lines("// v4: a\n// v3 {\nb")).toThrow("x.ts:2: a `// v3 {` block has no `// v3 }`")
    expect(() => lines("a\n// v3 {\nb\n// v3 }")).toThrow("x.ts:2: a `// v3` block without a `// v4:` run before it")
    expect(() => lines("// v4: a\n// v4+: b\nc")).toThrow("x.ts:2: a run mixes `// v4:` and `// v4+:` lines")
    expect(() => lines("a\n// v4: b")).toThrow("x.ts:2: a directive has no line after it to stand for")
    expect(() => lines("// v4-\n// v4: b\nc")).toThrow("x.ts:2: a directive stands for another directive")
  })
})

describe("scripts/twins.mjs: the rules for every twin", () => {
  it("reaches the core from src/v4, an edition module at its twin's place, and moves platform modules", () => {
    const original = [
      "/**",
      " * @since 0.1.0",
      " */",
      "import * as HttpClient from \"@effect/platform/HttpClient\"",
      "import * as Effect from \"effect/Effect\"",
      "import * as Retry from \"../core/retry.js\"",
      "import { Users } from \"../Users.js\"",
      "import { execute } from \"./call.js\"",
      ""
    ].join("\n")
    expect(twinText("src/internal/x.ts", "src/v4/internal/x.ts", original)).toBe(
      [
        "/**",
        " * @since 0.2.0",
        " */",
        // after the module's documentation, which docgen reads as the file's first comment
        header("src/internal/x.ts").trimEnd(),
        "import * as Effect from \"effect/Effect\"",
        "import * as HttpClient from \"effect/http/HttpClient\"",
        "import * as Retry from \"../../core/retry.js\"",
        "import { Users } from \"../Users.js\"",
        "import { execute } from \"./call.js\"",
        ""
      ].join("\n")
    )
  })

  it("an example imports the Effect 4 entry points, and the platform's modules as namespaces", () => {
    const original = [
      "/**",
      " * Uses `effect-rockset/testing`.",
      " *",
      " * ```ts",
      " * import { FetchHttpClient } from \"@effect/platform\"",
      " * import { Layer } from \"effect\"",
      " * import { Users } from \"effect-rockset\"",
      " * import { ScriptedHttp } from \"effect-rockset/testing\"",
      " * ```",
      " */",
      "export const tag = \"effect-rockset/Users\""
    ].join("\n")
    expect(twinText("src/x.ts", "src/v4/x.ts", original)).toBe(
      [
        "/**",
        " * Uses `effect-rockset/v4/testing`.",
        " *",
        " * ```ts",
        // in the formatter's order of specifiers: `effect-rockset` before `effect/…`
        " * import { Layer } from \"effect\"",
        " * import { Users } from \"effect-rockset/v4\"",
        " * import { ScriptedHttp } from \"effect-rockset/v4/testing\"",
        " * import * as FetchHttpClient from \"effect/http/FetchHttpClient\"",
        " * ```",
        " */",
        header("src/x.ts").trimEnd(),
        // a string of the code (a service's key) is the same in both editions
        "export const tag = \"effect-rockset/Users\""
      ].join("\n")
    )
  })

  it("a test's helpers are the Effect 4 helpers, the scenarios are shared", () => {
    const original = [
      "import { callOf } from \"../helpers.js\"",
      "import { cells } from \"../scenarios/matrix.js\"",
      ""
    ].join("\n")
    expect(twinText("test/reliability/x.test.ts", "test/v4/x.test.ts", original)).toBe(
      header("test/reliability/x.test.ts") + [
        "import { cells } from \"../scenarios/matrix.js\"",
        "import { callOf } from \"./helpers.js\"",
        ""
      ].join("\n")
    )
  })

  it("refuses a platform module Effect 4 has no home for", () => {
    expect(() => twinText("src/x.ts", "src/v4/x.ts", "import * as P from \"@effect/platform/PlatformLogger\""))
      .toThrow("src/x.ts: no Effect 4 home for @effect/platform/PlatformLogger")
  })
})

describe("the twins on disk", () => {
  // `npm test` writes them first (the `check` script); one that differs was edited by hand, or is stale
  it.each([...twins, ...committedTwins].map(([original, twin]) => ({ original, twin })))(
    "$twin is what $original makes",
    ({ original, twin }) => {
      const made = twinText(original, twin, readFileSync(`${root}${original}`, "utf8"))
      expect(readFileSync(`${root}${twin}`, "utf8")).toBe(made)
    }
  )
})
