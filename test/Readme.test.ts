import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const readme = readFileSync(join(root, "README.md"), "utf8")
const examples = readdirSync(join(root, "examples"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .map((file) => ({
    file,
    lines: readFileSync(join(root, "examples", file), "utf8").split("\n").map((line) => line.trim())
  }))

const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!)

/** Whether `needle` lines occur in `haystack` in the same order. */
const inOrder = (needle: ReadonlyArray<string>, haystack: ReadonlyArray<string>): boolean => {
  let at = 0
  for (const line of needle) {
    const found = haystack.indexOf(line, at)
    if (found < 0) return false
    at = found + 1
  }
  return true
}

describe("README", () => {
  it("has code blocks", () => {
    assert.isAtLeast(blocks.length, 4)
  })

  blocks.forEach((block, index) => {
    const lines = block.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("//"))
    it(`code block ${index + 1} (${lines[0]?.slice(0, 50)}) is part of a type-checked file in examples/`, () => {
      const home = examples.find((example) => inOrder(lines, example.lines))
      assert.isDefined(home, `README block ${index + 1} is not in any examples/*.ts file:\n${block}`)
    })
  })

  it("names the set-up and test commands", () => {
    assert.include(readme, "npm ci")
    assert.include(readme, "npm test")
  })
})
