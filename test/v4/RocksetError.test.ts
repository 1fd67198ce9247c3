import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Schema } from "effect"
import { statuses } from "../../src/core/statuses.js"
import * as RocksetError from "../../src/v4/RocksetError.js"
import * as UsersSchema from "../../src/v4/UsersSchema.js"

describe("RocksetError (Effect 4)", () => {
  it("runs on Node 22", () => {
    const [major = 0] = process.versions.node.split(".").map(Number)
    assert.isAtLeast(major, 22)
  })

  for (const status of RocksetError.documentedStatuses) {
    it.effect(`${status} is a typed error with the table's tag and title`, () =>
      Effect.gen(function*() {
        const ErrorClass = RocksetError.statusErrors[status]
        const error = yield* Effect.flip(Effect.fail(
          new ErrorClass({
            operation: "get",
            status,
            body: { type: "X", message: "no ada@example.com here" },
            retryAfter: Duration.seconds(2)
          })
        ))
        assert.strictEqual(error._tag, statuses[status].tag)
        assert.isTrue(RocksetError.isRocksetError(error))
        assert.include(error.message, `Users.get: ${status} ${statuses[status].title}`)
        assert.include(error.message, "<email>")
        assert.notInclude(error.message, "ada@example.com")
        assert.include(error.message, "retry after 2s")
      }))
  }

  it("keeps the keys the spec does not declare", () => {
    const user = Schema.decodeUnknownSync(UsersSchema.User)({ email: "ada@example.com", country: "UK" })
    assert.strictEqual(user["country"], "UK")
  })

  it("decodes an absent or null preference list as empty", () => {
    assert.deepStrictEqual(
      Schema.decodeUnknownSync(UsersSchema.UnsubscribePreferencesResponse)({ data: null }).data,
      []
    )
    assert.deepStrictEqual(Schema.decodeUnknownSync(UsersSchema.UnsubscribePreferencesResponse)({}).data, [])
  })
})
