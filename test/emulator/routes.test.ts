import { assert, describe, it } from "@effect/vitest"
import { allowedMethods, matchRoute, operationOf, rateClass } from "../../src/core/emulator/routes.js"
import { operationNames, operations } from "../../src/core/operations.js"

describe("routes, derived from the operation table", () => {
  it("each path's template, raw {user} segment and methods", () => {
    assert.deepStrictEqual(matchRoute("/v1/orgs/self/users"), {
      template: "/v1/orgs/self/users",
      user: undefined,
      methods: { GET: "list", POST: "create" }
    })
    assert.deepStrictEqual(matchRoute("/v1/orgs/self/users/ada%40example.com"), {
      template: "/v1/orgs/self/users/{user}",
      user: "ada%40example.com",
      methods: { GET: "get", POST: "update", DELETE: "deleteUser" }
    })
    assert.deepStrictEqual(
      matchRoute("/v1/orgs/self/users/self"),
      {
        template: "/v1/orgs/self/users/self",
        user: "self",
        methods: { GET: "getCurrentUser", POST: "update", DELETE: "deleteUser" }
      },
      "self wins for GET; the {user} route's POST and DELETE still apply"
    )
    assert.deepStrictEqual(matchRoute("/v1/orgs/self/users/self/preferences"), {
      template: "/v1/orgs/self/users/self/preferences",
      user: undefined,
      methods: { GET: "listUnsubscribePreferences", POST: "updateUnsubscribePreferences" }
    })
    assert.strictEqual(matchRoute("/v1/orgs/self/users/%73elf")?.template, "/v1/orgs/self/users/{user}")
    for (
      const path of ["/v1/orgs/self/users/", "/v1/orgs/self/roles", "/v2/orgs/self/users", "/v1/orgs/self/users/a/b"]
    ) {
      assert.isUndefined(matchRoute(path), path)
    }
  })

  it("every operation is reached by its method on its route", () => {
    for (const name of operationNames) {
      const { method, route } = operations[name]
      const matched = matchRoute(route.replace("{user}", "ada%40example.com"))
      assert.strictEqual(matched === undefined ? undefined : operationOf(matched, method), name)
      assert.strictEqual(rateClass(name), operations[name].rateClass)
    }
  })

  it("Allow lists GET, POST, DELETE in that order, then OPTIONS; unknown methods select nothing", () => {
    const users = matchRoute("/v1/orgs/self/users")
    const user = matchRoute("/v1/orgs/self/users/x")
    if (users === undefined || user === undefined) throw new Error("expected routes")
    assert.strictEqual(allowedMethods(users), "GET, POST, OPTIONS")
    assert.strictEqual(allowedMethods(user), "GET, POST, DELETE, OPTIONS")
    assert.isUndefined(operationOf(user, "PUT"))
    assert.isUndefined(operationOf(user, "get"))
  })
})
