import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))
const lineOf = (file: string, line: number) => readFileSync(`${root}${file}`, "utf8").split("\n")[line - 1] ?? ""

/**
 * Each reference of the walks of `Users.get` in ARCHITECTURE.md: a row names `file:line` `symbol`, and its
 * text `name` (`:line`) in the same file or `file:line` `name` in another.
 */
const references = () =>
  readFileSync(`${root}ARCHITECTURE.md`, "utf8").split("\n").flatMap((row) => {
    const step = /^\| \d \| `([^`]+):(\d+)` `([^`]+)` \|(.*)\|$/.exec(row)
    if (step === null) return []
    const [, file, line, symbol, text] = step as unknown as [string, string, string, string, string]
    return [
      { file, line: Number(line), symbol },
      ...[...text.matchAll(/`([^`]+)` \(`:(\d+)`\)/g)].map(([, name, at]) => ({
        file,
        line: Number(at),
        symbol: name!
      })),
      ...[...text.matchAll(/`(src\/[^`]+):(\d+)` `([^`]+)`/g)].map(([, other, at, name]) => ({
        file: other!,
        line: Number(at),
        symbol: name!
      }))
    ]
  })

describe("ARCHITECTURE.md", () => {
  it("walks Users.get through each edition in at most 8 files, every file:line where the name it gives is", () => {
    const walked = references()
    expect(walked.length).toBeGreaterThan(30)
    for (const edition of ["src/v3/", "src/v4/"]) {
      const files = new Set(
        walked.filter(({ file }) => file.startsWith(edition) || file.startsWith("src/core/")).map(({ file }) => file)
      )
      expect(files.size).toBeLessThanOrEqual(8)
    }
    for (const { file, line, symbol } of walked) {
      expect(lineOf(file, line), `${file}:${line} should hold ${symbol}`).toContain(symbol)
    }
  })
})
