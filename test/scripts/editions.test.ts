import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import * as Effect4 from "../../scripts/effect4.mjs"

const root = fileURLToPath(new URL("../../", import.meta.url))

/**
 * What an editor (and esbuild and vite, which also take a file's nearest tsconfig.json) makes of a file: the
 * project it belongs to, and where `specifier` resolves from it.
 */
const asAnEditorSees = (file: string, specifier: string) => {
  const absolute = path.join(root, file)
  const configFile = ts.findConfigFile(path.dirname(absolute), ts.sys.fileExists)
  if (configFile === undefined) throw new Error(`no tsconfig.json above ${file}`)
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
    }
  })
  if (parsed === undefined) throw new Error(`${configFile} does not parse`)
  const { resolvedModule } = ts.resolveModuleName(specifier, absolute, parsed.options, ts.sys)
  return {
    project: path.relative(root, configFile),
    included: parsed.fileNames.includes(absolute),
    resolved: resolvedModule === undefined ? undefined : path.relative(root, resolvedModule.resolvedFileName)
  }
}

const effect4 = path.relative(root, path.join(Effect4.install, "node_modules", "effect"))

describe("the two editions in one tree", () => {
  it.each([
    "src/v4/Users.ts",
    "src/v4/internal/call.ts",
    "test/v4/helpers.ts",
    "examples/v4/quickstart.ts",
    "bench/v4/client.ts"
  ])(
    "%s belongs to an Effect 4 project, where `effect` is the Effect 4 install's and the core is the source",
    (file) => {
      const seen = asAnEditorSees(file, "effect/Effect")
      expect(seen.included).toBe(true)
      expect(seen.resolved?.startsWith(`${effect4}/`)).toBe(true)
      expect(asAnEditorSees(file, "effect-rockset/v4").resolved).toBe("src/v4/index.ts")
      const core = path.relative(path.dirname(path.join(root, file)), path.join(root, "src/core/operations.js"))
      expect(asAnEditorSees(file, core).resolved).toBe("src/core/operations.ts")
    }
  )

  it.each([
    "src/v3/Users.ts",
    "src/v3/internal/call.ts",
    "src/cli/main.ts",
    "test/Users.test.ts",
    "examples/quickstart.ts",
    "bench/client.ts"
  ])("%s belongs to the Effect 3 project, where `effect` is the top-level install's", (file) => {
    const seen = asAnEditorSees(file, "effect/Effect")
    expect(seen.project).toBe("tsconfig.json")
    expect(seen.included).toBe(true)
    expect(seen.resolved?.startsWith("node_modules/effect/")).toBe(true)
    expect(asAnEditorSees(file, "effect-rockset").resolved).toBe("src/v3/index.ts")
  })

  it("the runners both editions share are in both projects, each resolving them to its own edition", () => {
    const asTheV4ProjectSees = (file: string, specifier: string) => {
      const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.v4.json"), {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {}
      })!
      const { resolvedModule } = ts.resolveModuleName(specifier, path.join(root, file), parsed.options, ts.sys)
      return {
        included: parsed.fileNames.includes(path.join(root, file)),
        resolved: resolvedModule === undefined ? undefined : path.relative(root, resolvedModule.resolvedFileName)
      }
    }
    const file = "test/shared/matrix.test.ts"
    expect(asAnEditorSees(file, "effect/Effect")).toMatchObject({ project: "tsconfig.json", included: true })
    expect(asAnEditorSees(file, "effect-rockset").resolved).toBe("src/v3/index.ts")
    expect(asAnEditorSees(file, "@test/edition").resolved).toBe("test/support/edition.ts")
    expect(asTheV4ProjectSees(file, "effect/Effect").included).toBe(true)
    expect(asTheV4ProjectSees(file, "effect/Effect").resolved?.startsWith(`${effect4}/`)).toBe(true)
    expect(asTheV4ProjectSees(file, "effect-rockset").resolved).toBe("src/v4/index.ts")
    expect(asTheV4ProjectSees(file, "effect-rockset/emulator").resolved).toBe("src/v4/emulator/index.ts")
    expect(asTheV4ProjectSees(file, "@test/edition").resolved).toBe("test/v4/edition.ts")
  })

  it("every package tsconfig.v4.json leads to the install is there, so none falls back to the top level", () => {
    for (const name of Effect4.packages.filter((pattern) => !pattern.endsWith("/*"))) {
      const seen = asAnEditorSees("src/v4/index.ts", name)
      expect(seen.resolved, name).toBeDefined()
      expect(seen.resolved?.startsWith(path.relative(root, Effect4.install)), name).toBe(true)
    }
  })

  it("the Effect 4 build resolves the same packages to their declarations, as Node does", () => {
    const build = ts.readConfigFile(path.join(root, "tsconfig.build-v4.json"), ts.sys.readFile).config
    expect(build.compilerOptions.paths).toEqual(
      Object.fromEntries(
        Effect4.packages.map((name) => [name, Effect4.paths[name]!.map((target) => `${target}.d.ts`)])
      )
    )
  })

  it("the source tree holds no install and nothing an ignore file hides", () => {
    const ignored = execFileSync("git", [
      "ls-files",
      "--others",
      "--ignored",
      "--exclude-standard",
      "--directory",
      "src"
    ], {
      cwd: root,
      encoding: "utf8"
    })
    expect(ignored.split("\n").filter((line) => line !== "")).toEqual([])
  })
})
