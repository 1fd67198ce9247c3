import * as esbuild from "esbuild"
import { isBuiltin } from "node:module"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { cliBundleOptions } from "../../scripts/cli-bundle.mjs"

const root = fileURLToPath(new URL("../../", import.meta.url))

describe("scripts/cli-bundle.mjs: the rockset-users command as it ships", () => {
  it("--help loads no dependency; a start loads no yaml, client or sync machinery; only Node's built-ins come from outside", async () => {
    const { metafile } = await esbuild.build({
      ...cliBundleOptions(root, ".tmp/cli-bundle-test"),
      write: false,
      metafile: true,
      logLevel: "silent"
    })
    const outputs = metafile.outputs
    const entry = Object.keys(outputs).find((name) => name.endsWith("/rockset-users.mjs"))
    const actions = Object.keys(outputs).find((name) => outputs[name]?.entryPoint?.endsWith("src/cli/actions.ts"))
    expect(entry).toBeDefined()
    expect(actions).toBeDefined()
    // what a start runs: the entry and what it imports, statically and (for a subcommand) on demand, but the
    // actions
    const inputsFrom = (starts: ReadonlyArray<string>, dynamic: boolean) => {
      const loaded = new Set<string>()
      const visit = (name: string) => {
        if (loaded.has(name) || name === actions) return
        loaded.add(name)
        for (const imported of outputs[name]?.imports ?? []) {
          if (imported.external !== true && (dynamic || imported.kind !== "dynamic-import")) visit(imported.path)
        }
      }
      for (const start of starts) visit(start)
      return [...loaded].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}))
    }
    // `--help` runs bin.ts and program.ts (which bin.ts imports once Node's compile cache is on), with what they
    // import statically: the help, and no dependency (@effect/cli, the platform, effect)
    const program = Object.keys(outputs).find((name) => outputs[name]?.entryPoint?.endsWith("src/cli/program.ts"))
    expect(program).toBeDefined()
    const help = inputsFrom([entry!, program!], false)
    expect(help.some((input) => input.endsWith("src/cli/help.ts"))).toBe(true)
    expect(help.filter((input) => input.includes("node_modules/") || input.endsWith("src/cli/main.ts"))).toEqual([])
    const atStart = inputsFrom([entry!], true)
    expect(atStart.some((input) => input.endsWith("src/cli/main.ts"))).toBe(true)
    expect(
      atStart.filter((input) =>
        /node_modules\/yaml\/|src\/(v3\/)?(OrgSync|Users)\.ts|src\/core\/sync\/|src\/cli\/actions\.ts/.test(input)
      )
    )
      .toEqual([])
    const external = Object.values(outputs).flatMap((output) =>
      output.imports.filter((imported) => imported.external === true).map((imported) => imported.path)
    )
    expect(external.filter((path) => !isBuiltin(path))).toEqual([])
  })
})
