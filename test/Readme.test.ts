import { assert, describe, it } from "@effect/vitest"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const readme = readFileSync(join(root, "README.md"), "utf8")

/** The lines of a file of examples/, trimmed. */
const linesOf = (file: string) =>
  readFileSync(join(root, "examples", file), "utf8").split("\n").map((line) => line.trim())

const examples = readdirSync(join(root, "examples"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .map((file) => ({ file, v4: file.startsWith("v4/"), lines: linesOf(file) }))

// The README's "## Effect 4" section, up to the next section: its code is the Effect 4 edition's.
const effect4Start = readme.indexOf("\n## Effect 4\n")
const effect4End = readme.indexOf("\n## ", effect4Start + 1)
const effect4Section = readme.slice(effect4Start, effect4End)

// Each ts block of the README, and whether it is Effect 4 code: in the Effect 4 section, or importing the edition.
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => ({
  code: match[1]!,
  v4: (match.index > effect4Start && match.index < effect4End) || match[1]!.includes("\"effect-rockset/v4")
}))

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

// The Effect 3 examples the README links to (`examples/<file>.ts`), each of which has its Effect 4 twin.
const linked = [...new Set([...readme.matchAll(/\]\(examples\/((?!v4\/)[\w./-]+\.ts)\)/g)].map((match) => match[1]!))]

/** A file's code without its comment lines. */
const codeOf = (file: string) =>
  linesOf(file).filter((line) => !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//")).join("\n")

/** `Module.member` and `it.member` names a file uses. */
const qualifiedNames = (code: string) => new Set(code.match(/\b(?:[A-Z]\w*|it)\.\w+/g) ?? [])

/** The module each named import of a file comes from, by name. */
const importedFrom = (code: string) => {
  const modules = new Map<string, string>()
  for (const [, names, module] of code.matchAll(/import (?:type )?\{([^}]*)\} from "([^"]+)"/g)) {
    for (const name of names!.split(",").map((name) => name.trim()).filter((name) => name !== "")) {
      modules.set(name, module!)
    }
  }
  return modules
}

/** The module an Effect 3 example's import becomes in the Effect 4 edition by the README's first rule. */
const movedImport = (module: string) => module.replace(/^effect-rockset(?=\/|$)/, "effect-rockset/v4")

describe("README", () => {
  it("has code blocks, for both editions", () => {
    assert.isAtLeast(blocks.filter((block) => !block.v4).length, 4)
    assert.isAtLeast(blocks.filter((block) => block.v4).length, 2)
  })

  blocks.forEach((block, index) => {
    const lines = block.code.split("\n").map((line) => line.trim()).filter((line) =>
      line !== "" && !line.startsWith("//")
    )
    const folder = block.v4 ? "examples/v4/" : "examples/ (outside v4/)"
    it(`code block ${index + 1} (${lines[0]?.slice(0, 50)}) is part of a type-checked file in ${folder}`, () => {
      const home = examples.find((example) => example.v4 === block.v4 && inOrder(lines, example.lines))
      assert.isDefined(home, `README block ${index + 1} is not in any ${folder}*.ts file:\n${block.code}`)
    })
  })

  it("links the Effect 3 examples", () => {
    assert.includeMembers(linked, ["quickstart.ts", "testing.test.ts", "emulator.test.ts", "in-memory.test.ts"])
  })

  describe.each(linked)("examples/%s", (file) => {
    it("has its Effect 4 twin in examples/v4/", () => {
      assert.isTrue(existsSync(join(root, "examples", "v4", file)), `examples/v4/${file} is missing`)
    })

    // Each name the Effect 3 example uses that its twin does not (Effect.fork, it.scopedLive, ...) and each
    // import that comes from another module in Effect 4 (TestClock from effect/testing, ...) is in the README's
    // list of what changes.
    it.skipIf(!existsSync(join(root, "examples", "v4", file)))(
      "the README's Effect 4 section names its renames",
      () => {
        const [v3, v4] = [codeOf(file), codeOf(`v4/${file}`)]
        const v4Names = qualifiedNames(v4)
        const gone = [...qualifiedNames(v3)].filter((name) => !v4Names.has(name))
        const v4Imports = importedFrom(v4)
        const moved = [...importedFrom(v3)].flatMap(([name, module]) => {
          const now = v4Imports.get(name)
          return now !== undefined && now !== movedImport(module) ? [now] : []
        })
        const unnamed = [...gone, ...moved].filter((name) => !effect4Section.includes(`\`${name}\``))
        assert.deepStrictEqual(unnamed, [], `the Effect 4 section of the README does not name these (from ${file})`)
      }
    )
  })

  it("names the set-up and test commands", () => {
    assert.include(readme, "npm ci")
    assert.include(readme, "npm test")
  })
})
