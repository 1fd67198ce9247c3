/**
 * Typed errors: every failure is a tagged class you can match on, and bad input is refused before any
 * request is sent. The same program as `examples/errors.ts`, on Effect 4: the tags, fields and messages are the
 * same, and `Effect.catchTag` / `Effect.catchTags` keep their names.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Console, Effect } from "effect"
import { ApiKey, Users } from "effect-rockset/v4"

const findUser = (email: string) =>
  Users.get(email).pipe(
    Effect.catchTags({
      NotFound: () => Effect.succeed(undefined),
      ResourceExceeded: (error) => Effect.logWarning(`throttled, retry after ${error.retryAfter}`)
    })
  )

const program = Effect.gen(function*() {
  const missing = yield* findUser("nobody@example.com")
  yield* Console.log(`get nobody@example.com: ${missing === undefined ? "no such user" : "found"}`)

  yield* Users.create({ email: "twice@example.com", roles: ["read-only"] })
  const again = yield* Users.create({ email: "TWICE@example.com", roles: ["read-only"] }).pipe(
    Effect.as("created again"),
    Effect.catchTag("Conflict", (error) => Effect.succeed(`conflict (${error.status}): ${error.message}`))
  )
  yield* Console.log(`create it twice: ${again}`)

  const refused = yield* Users.create({ email: "not an email", roles: ["member"] }).pipe(
    Effect.as("sent"),
    Effect.catchTag("InvalidRequest", (error) => Effect.succeed(error.message))
  )
  yield* Console.log(`bad input: ${refused}`)

  yield* Users.deleteUser("twice@example.com")
})

await program.pipe(
  Effect.provide(ApiKey.layerConfigWithServer()),
  Effect.provide(NodeHttpClient.layerUndici),
  Effect.runPromise
)
