import * as esbuild from "esbuild"
import { isBuiltin } from "node:module"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { cliBundleOptions } from "../../scripts/cli-bundle.mjs"

const root = fileURLToPath(new URL("../../", import.meta.url))

describe("scripts/cli-bundle.mjs: the rockset-users command as it ships", () => {
  it("a start loads no yaml, client or sync machinery; only Node's built-ins come from outside", async () => {
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
    // every start runs the entry and what it imports, statically or not (program.ts, main.ts), but the actions
    const loaded = new Set<string>()
    const visit = (name: string) => {
      if (loaded.has(name) || name === actions) return
      loaded.add(name)
      for (const imported of outputs[name]?.imports ?? []) if (imported.external !== true) visit(imported.path)
    }
    visit(entry!)
    const atStart = [...loaded].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}))
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
