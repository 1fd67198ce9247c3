import type { HttpClient } from "@effect/platform"
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import type { ApiKey, RocksetError, UsersSchema } from "effect-rockset"
import { Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import packageJson from "../package.json" with { type: "json" }
import { operationNames } from "../src/core/operations.js"
import { createdUser, currentUser, deletedUser } from "./fixtures/live.js"
import { canaryKey, runScripted } from "./helpers.js"

const base = "https://api.usw2a1.rockset.com"

interface Case {
  readonly name: string
  readonly run: Effect.Effect<unknown, RocksetError.RocksetError, HttpClient.HttpClient | ApiKey.ApiKey>
  readonly method: string
  readonly path: string
  readonly body: unknown
  readonly response: unknown
  readonly expected: unknown
}

const preferences = [{ notificationType: "create_apikey" }]

const cases: ReadonlyArray<Case> = [
  {
    name: "create",
    run: Users.create({ email: "ada@example.com", roles: ["read-only"] }),
    method: "POST",
    path: "/v1/orgs/self/users",
    body: { email: "ada@example.com", roles: ["read-only"] },
    response: { data: createdUser },
    expected: createdUser
  },
  {
    name: "create with names",
    run: Users.create({
      email: "ada@example.com",
      roles: ["member", "custom-role"],
      first_name: "Ada",
      last_name: "L"
    }),
    method: "POST",
    path: "/v1/orgs/self/users",
    body: { email: "ada@example.com", roles: ["member", "custom-role"], first_name: "Ada", last_name: "L" },
    response: { data: createdUser },
    expected: createdUser
  },
  {
    name: "deleteUser",
    run: Users.deleteUser("ada@example.com"),
    method: "DELETE",
    path: "/v1/orgs/self/users/ada%40example.com",
    body: undefined,
    response: { data: deletedUser },
    expected: deletedUser
  },
  {
    name: "get",
    run: Users.get("ada@example.com"),
    method: "GET",
    path: "/v1/orgs/self/users/ada%40example.com",
    body: undefined,
    response: createdUser,
    expected: createdUser
  },
  {
    name: "getCurrentUser",
    run: Users.getCurrentUser(),
    method: "GET",
    path: "/v1/orgs/self/users/self",
    body: undefined,
    response: currentUser,
    expected: currentUser
  },
  {
    name: "list",
    run: Users.list(),
    method: "GET",
    path: "/v1/orgs/self/users",
    body: undefined,
    response: { data: [currentUser, createdUser] },
    expected: [currentUser, createdUser]
  },
  {
    name: "listUnsubscribePreferences",
    run: Users.listUnsubscribePreferences(),
    method: "GET",
    path: "/v1/orgs/self/users/self/preferences",
    body: undefined,
    response: { data: preferences },
    expected: preferences
  },
  {
    name: "updateUnsubscribePreferences",
    run: Users.updateUnsubscribePreferences({ data: preferences }),
    method: "POST",
    path: "/v1/orgs/self/users/self/preferences",
    body: { data: preferences },
    response: { data: preferences },
    expected: preferences
  },
  {
    name: "update",
    run: Users.update("ada@example.com", { first_name: "Ada", roles: ["member"] }),
    method: "POST",
    path: "/v1/orgs/self/users/ada%40example.com",
    body: { first_name: "Ada", roles: ["member"] },
    response: { ...createdUser, roles: ["member"] },
    expected: { ...createdUser, roles: ["member"] }
  }
]

describe("operations on the wire", () => {
  for (const c of cases) {
    it.effect(`${c.name}: sends ${c.method} ${c.path} and decodes the live-shaped body`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* runScripted(c.run, [ScriptedHttp.json(200, c.response)])
        assert.deepStrictEqual(exit, Exit.succeed(c.expected))
        assert.strictEqual(requests.length, 1)
        const [request] = requests
        assert.strictEqual(request?.method, c.method)
        assert.strictEqual(request?.url, `${base}${c.path}`)
        assert.strictEqual(request?.headers["authorization"], `ApiKey ${canaryKey}`)
        assert.strictEqual(request?.headers["accept"], "application/json")
        assert.strictEqual(request?.headers["user-agent"], `effect-rockset/${packageJson.version}`)
        if (c.body === undefined) {
          assert.strictEqual(request?.body, undefined)
          assert.strictEqual(request?.headers["content-type"], undefined)
        } else {
          assert.deepStrictEqual(JSON.parse(request?.body ?? "null"), c.body)
          assert.strictEqual(request?.headers["content-type"], "application/json")
        }
      }))
  }

  it.effect("keeps undeclared keys reachable and accepts null for every optional field", () =>
    Effect.gen(function*() {
      const { exit } = yield* runScripted(Users.get("ada@example.com"), [ScriptedHttp.json(200, createdUser)])
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isSuccess(exit)) {
        const user = exit.value
        assert.strictEqual(user.first_name, null)
        assert.strictEqual(user.invite_state, "PENDING")
        assert.deepStrictEqual(user["org_memberships"], createdUser.org_memberships)
        assert.strictEqual(user["accepted_marketing_content"], null)
      }
    }))

  it.effect("a preferences body with data null decodes as an empty list", () =>
    Effect.gen(function*() {
      const { exit } = yield* runScripted(Users.listUnsubscribePreferences(), [ScriptedHttp.json(200, { data: null })])
      assert.deepStrictEqual(exit, Exit.succeed([]))
    }))

  it.effect("a user without email is a Decode error naming the path, not a defect", () =>
    Effect.gen(function*() {
      const { exit } = yield* runScripted(Users.list(), [ScriptedHttp.json(200, { data: [{ first_name: "x" }] })])
      assert.isTrue(Exit.isFailure(exit))
      const error = yield* Effect.flip(exit)
      assert.strictEqual(error._tag, "Decode")
      if (error._tag === "Decode") {
        assert.strictEqual(error.reason, "UnexpectedShape")
        assert.include(error.detail, "data.0.email")
      }
    }))

  it.effect("malformed JSON on 200 is Decode InvalidJson", () =>
    Effect.gen(function*() {
      const { exit } = yield* runScripted(Users.getCurrentUser(), [ScriptedHttp.text(200, "{\"email\":")])
      const error = yield* Effect.flip(exit)
      assert.strictEqual(error._tag, "Decode")
      assert.strictEqual(error._tag === "Decode" && error.reason, "InvalidJson")
    }))
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
