/**
 * Typed errors: every failure is a tagged class you can match on, and bad input is refused before any
 * request is sent.
 */
import { FetchHttpClient } from "@effect/platform"
import { Console, Effect } from "effect"
import { ApiKey, Users } from "effect-rockset"

const program = Effect.gen(function*() {
  const missing = yield* Users.get("nobody@example.com").pipe(
    Effect.as("found"),
    Effect.catchTag("NotFound", (error) => Effect.succeed(`not found (${error.status} ${error.body?.type})`))
  )
  yield* Console.log(`get nobody@example.com: ${missing}`)

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
  Effect.provide(ApiKey.layerConfig()),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
)
