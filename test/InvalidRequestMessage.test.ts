import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { ApiKey } from "../src/v3/ApiKey.js"
import * as Users from "../src/v3/Users.js"

describe("InvalidRequest messages", () => {
  it.effect("say what a valid email looks like, with nothing the email redaction would mask", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Users.create({ email: "not an email", roles: ["member"] }))
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.notInclude(error.message, "<email>")
      assert.include(error.message, "a domain with a dot")
      assert.notInclude(error.message, "not an email", "the value itself is never echoed")
    }).pipe(Effect.provideService(ApiKey, Redacted.make("unused")), Effect.provide(FetchHttpClient.layer)))
})
