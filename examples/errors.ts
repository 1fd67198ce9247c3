/**
 * Handling the typed errors: each documented status is its own class, matched by tag.
 */
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { ApiKey, Users } from "effect-rockset"

const findUser = (email: string) =>
  Users.get(email).pipe(
    Effect.catchTags({
      NotFound: () => Effect.succeed(undefined),
      ResourceExceeded: (error) => Effect.logWarning(`throttled, retry after ${error.retryAfter}`)
    })
  )

const program = Effect.gen(function*() {
  const missing = yield* findUser("nobody@example.com")
  console.log("nobody@example.com:", missing === undefined ? "no such user" : "found")
  const invalid = yield* Effect.flip(Users.get(""))
  console.log(invalid._tag, "-", invalid.message)
})

program.pipe(Effect.provide(Layer.merge(ApiKey.layerConfig(), FetchHttpClient.layer)), Effect.runPromise)
