import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

// The Effect 4 edition's entry points, from source, on the Node this run is on: Node 20, the Effect 3 edition's,
// older than the 22.19 the Effect 4 edition needs. Each is imported as an application imports it, by tsx with
// tsconfig.v4.json (whose `paths` lead `effect` to Effect 4), in a process of its own.
const root = fileURLToPath(new URL("../", import.meta.url))
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number)
const oldNode = major < 22 || (major === 22 && minor < 19)

const importOnThisNode = (entry: string) =>
  new Promise<{ readonly code: number | null; readonly stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", `await import(${JSON.stringify(`./src/v4/${entry}`)})`],
      { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.v4.json" }, timeout: 60_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr })
    )
  })

describe.skipIf(!oldNode)(`the Effect 4 edition imported on Node ${process.versions.node}`, () => {
  it.each(["index.ts", "promise/index.ts", "testing/index.ts", "emulator/index.ts"])(
    "src/v4/%s fails at import, naming the Node it needs and how to get it",
    async (entry) => {
      const { code, stderr } = await importOnThisNode(entry)
      assert.strictEqual(code, 1, stderr)
      assert.include(stderr, "effect-rockset/v4 (the Effect 4 edition) needs Node.js 22.19 or newer")
      assert.include(stderr, `this is Node.js ${process.versions.node}`)
      assert.include(stderr, "nvm install 22")
      assert.include(stderr, "npm install --save-dev node@22")
      assert.include(stderr, "npx node@22")
      assert.notInclude(stderr, "reading 'bind'")
    },
    60_000
  )
})
