import type { HttpClient } from "@effect/platform"
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import type { ApiKey, RocksetError, UsersSchema } from "effect-rockset"
import { Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import packageJson from "../package.json" with { type: "json" }
import { operationNames } from "../src/core/operations.js"
import { callOf, runScripted } from "./helpers.js"
import { base, decodeCases, type Reply, requestHeaders, wireCases } from "./scenarios/operations.js"

const replyOf = (reply: Reply): ScriptedHttp.Reply =>
  "json" in reply ? ScriptedHttp.json(reply.status, reply.json) : ScriptedHttp.text(reply.status, reply.text)

describe("operations on the wire", () => {
  it("the User-Agent the table expects is the package's", () => {
    assert.strictEqual(requestHeaders["user-agent"], `effect-rockset/${packageJson.version}`)
  })

  for (const c of wireCases) {
    it.effect(`${c.name}: sends ${c.method} ${c.path} and decodes the live-shaped body`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* runScripted(callOf(c), [ScriptedHttp.json(200, c.response)])
        assert.deepStrictEqual(exit, Exit.succeed(c.expected))
        assert.strictEqual(requests.length, 1)
        const [request] = requests
        assert.strictEqual(request?.method, c.method)
        assert.strictEqual(request?.url, `${base}${c.path}`)
        for (const [name, value] of Object.entries(requestHeaders)) {
          assert.strictEqual(request?.headers[name], value, name)
        }
        if (c.body === undefined) {
          assert.strictEqual(request?.body, undefined)
          assert.strictEqual(request?.headers["content-type"], undefined)
        } else {
          assert.deepStrictEqual(JSON.parse(request?.body ?? "null"), c.body)
          assert.strictEqual(request?.headers["content-type"], "application/json")
        }
      }))
  }

  for (const c of decodeCases) {
    it.effect(c.name, () =>
      Effect.gen(function*() {
        const { exit } = yield* runScripted(callOf(c), [replyOf(c.reply)])
        const expect = c.expect
        if ("value" in expect) return assert.deepStrictEqual(exit, Exit.succeed(expect.value))
        if ("fields" in expect) {
          assert.isTrue(Exit.isSuccess(exit))
          if (!Exit.isSuccess(exit)) return
          const value = exit.value as Readonly<Record<string, unknown>>
          for (const [field, expected] of Object.entries(expect.fields)) {
            assert.deepStrictEqual(value[field], expected, field)
          }
          return
        }
        assert.isTrue(Exit.isFailure(exit))
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error._tag, "Decode")
        assert.strictEqual(error._tag === "Decode" && error.reason, expect.decode)
        if (expect.detailIncludes !== undefined) {
          assert.include(error._tag === "Decode" ? error.detail : "", expect.detailIncludes)
        }
      }))
  }
})

describe("types", () => {
  it("each operation requires exactly HttpClient | ApiKey and lists its errors", () => {
    type R<T> = T extends Effect.Effect<infer _A, infer _E, infer R> ? R : never
    type E<T> = T extends Effect.Effect<infer _A, infer E, infer _R> ? E : never
    type A<T> = T extends Effect.Effect<infer A, infer _E, infer _R> ? A : never
    type Requirements = HttpClient.HttpClient | ApiKey.ApiKey

    expectTypeOf<R<ReturnType<typeof Users.create>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.deleteUser>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.get>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.getCurrentUser>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.list>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.updateUnsubscribePreferences>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.update>>>().toEqualTypeOf<Requirements>()

    // Operations with input can refuse it before I/O; those without cannot.
    expectTypeOf<E<ReturnType<typeof Users.create>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.deleteUser>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.get>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.update>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.updateUnsubscribePreferences>>>().toEqualTypeOf<
      RocksetError.RocksetError
    >()
    expectTypeOf<E<ReturnType<typeof Users.getCurrentUser>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<E<ReturnType<typeof Users.list>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<E<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<RocksetError.CallError>().not.toExtend<RocksetError.InvalidRequest>()

    expectTypeOf<A<ReturnType<typeof Users.create>>>().toEqualTypeOf<UsersSchema.User>()
    expectTypeOf<A<ReturnType<typeof Users.list>>>().toEqualTypeOf<ReadonlyArray<UsersSchema.User>>()
    expectTypeOf<A<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<
      ReadonlyArray<UsersSchema.UnsubscribePreference>
    >()
    expectTypeOf<Users.Service["list"]>().returns.toEqualTypeOf<
      Effect.Effect<ReadonlyArray<UsersSchema.User>, RocksetError.CallError>
    >()
  })
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
