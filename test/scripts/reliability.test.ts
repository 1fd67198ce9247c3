import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { reliabilityCount, reliabilityRows } from "../scenarios/matrix.js"

describe("RELIABILITY.md", () => {
  it("has a row for every fault kind of the matrix (test/shared/matrix.test.ts), and its cell count", () => {
    const doc = readFileSync(new URL("../../RELIABILITY.md", import.meta.url), "utf8")
    expect(reliabilityRows.filter((row) => !doc.includes(row))).toEqual([])
    expect(doc).toContain(reliabilityCount)
  })
})
