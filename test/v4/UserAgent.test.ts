import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { libraryName, version } from "../../src/core/version.js"
import * as UserAgent from "../../src/v4/UserAgent.js"

const current = Effect.service(UserAgent.UserAgent)

describe("UserAgent (Effect 4)", () => {
  it.effect("is the library's product by default, extended in front by a program or a layer", () =>
    Effect.gen(function*() {
      const own = `${libraryName}/${version}`
      assert.strictEqual(yield* current, own)
      assert.strictEqual(yield* current.pipe(UserAgent.withProduct("billing-sync/2.1")), `billing-sync/2.1 ${own}`)
      assert.strictEqual(
        yield* current.pipe(UserAgent.withProduct("cli"), Effect.provide(UserAgent.layer("app/1"))),
        `cli app/1 ${own}`
      )
    }))

  it.effect("ignores what is not a product token, so nothing can be injected into the header", () =>
    Effect.gen(function*() {
      const own = `${libraryName}/${version}`
      assert.strictEqual(yield* current.pipe(UserAgent.withProduct("evil\r\nX-Injected: 1")), own)
      assert.strictEqual(yield* current.pipe(UserAgent.withProduct("two words")), own)
    }))
})
