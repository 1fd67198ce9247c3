/**
 * The operations of the Effect 3 edition: the runs of test/shared/operationRuns.ts against a scripted
 * `HttpClient`, and what the operation table derives.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import packageJson from "../package.json" with { type: "json" }
import { operationNames } from "../src/core/operations.js"
import { runScripted } from "./helpers.js"
import { type Reply, requestHeaders } from "./scenarios/operations.js"
import { operationRuns, operationTypes } from "./shared/operationRuns.js"

const replyOf = (reply: Reply): ScriptedHttp.Reply =>
  "json" in reply ? ScriptedHttp.json(reply.status, reply.json) : ScriptedHttp.text(reply.status, reply.text)

describe("operations on the wire", () => {
  it("the User-Agent the table expects is the package's", () => {
    assert.strictEqual(requestHeaders["user-agent"], `effect-rockset/${packageJson.version}`)
  })

  operationRuns((effect, reply) => runScripted(effect, [replyOf(reply)]))
})

describe("types", () => {
  operationTypes()
})

describe("derived from the operation table", () => {
  it.effect("the service and the free functions have exactly the table's operations", () =>
    Effect.gen(function*() {
      const { exit } = yield* runScripted(Users.make, [])
      assert.isTrue(Exit.isSuccess(exit))
      if (!Exit.isSuccess(exit)) return
      assert.deepStrictEqual(Object.keys(exit.value).sort(), [...operationNames].sort())
      for (const name of operationNames) {
        assert.strictEqual(typeof exit.value[name], "function", name)
        assert.strictEqual(typeof Users[name], "function", name)
      }
    }))

  it("each service method has its free function's type, without requirements", () => {
    type Provided<F> = F extends (...args: infer Args) => Effect.Effect<infer A, infer E, infer _R>
      ? (...args: Args) => Effect.Effect<A, E>
      : never
    expectTypeOf<Users.Service["create"]>().toEqualTypeOf<Provided<typeof Users.create>>()
    expectTypeOf<Users.Service["update"]>().toEqualTypeOf<Provided<typeof Users.update>>()
    expectTypeOf<Users.Service["getCurrentUser"]>().toEqualTypeOf<Provided<typeof Users.getCurrentUser>>()
    expectTypeOf<Users.Service["updateUnsubscribePreferences"]>().toEqualTypeOf<
      Provided<typeof Users.updateUnsubscribePreferences>
    >()
  })
})
