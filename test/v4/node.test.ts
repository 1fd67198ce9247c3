import { assert, describe, it } from "@effect/vitest"
import { minimumNode, nodeVersionProblem, requireNode } from "../../src/v4/internal/node.js"

describe("the Node the Effect 4 edition needs (internal/node.ts)", () => {
  it("is 22.19, and this run's Node has it", () => {
    assert.deepStrictEqual(minimumNode, { major: 22, minor: 19 })
    assert.isUndefined(nodeVersionProblem(process.versions.node))
    assert.doesNotThrow(() => requireNode())
  })

  it("refuses every Node before 22.19 with a message that names it, the Node needed and how to get it", () => {
    for (const version of ["20.19.0", "20.20.2", "21.7.3", "22.0.0", "22.18.9"]) {
      const problem = nodeVersionProblem(version)
      assert.isDefined(problem, version)
      assert.include(problem, "needs Node.js 22.19 or newer")
      assert.include(problem, `this is Node.js ${version}.`)
      assert.include(problem, "`nvm install 22`")
      assert.include(problem, "`npm install --save-dev node@22`")
      assert.include(problem, "`npx node@22 app.js`")
      assert.include(problem, "the Effect 3 edition (`effect-rockset`)")
    }
  })

  it("accepts 22.19 and every later Node", () => {
    for (const version of ["22.19.0", "22.23.3", "23.0.0", "24.3.0", "30.1.2"]) {
      assert.isUndefined(nodeVersionProblem(version), version)
    }
  })

  it("leaves alone what is not Node: a browser (no process), a bundler's stand-in, an unreadable version", () => {
    assert.doesNotThrow(() => requireNode({}))
    assert.doesNotThrow(() => requireNode({ process: undefined }))
    assert.doesNotThrow(() => requireNode({ process: {} }))
    assert.doesNotThrow(() => requireNode({ process: { versions: {} } }))
    assert.isUndefined(nodeVersionProblem(undefined))
    assert.isUndefined(nodeVersionProblem(22))
    assert.isUndefined(nodeVersionProblem("unknown"))
  })

  it("throws the message on an old Node", () => {
    assert.throws(
      () => requireNode({ process: { versions: { node: "20.20.2" } } }),
      /needs Node\.js 22\.19 or newer, as Effect 4 does; this is Node\.js 20\.20\.2/
    )
  })
})
