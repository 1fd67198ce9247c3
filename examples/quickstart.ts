/**
 * Quickstart: create a user, list the users. `npm run demo` runs it against the emulator.
 */
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { ApiKey, Users } from "effect-rockset"

const program = Effect.gen(function*() {
  const created = yield* Users.create({ email: "ada@example.com", roles: ["member"] })
  const users = yield* Users.list()
  return { created: created.email, count: users.length }
})

program.pipe(
  // ROCKSET_APIKEY (required) and ROCKSET_APISERVER (a region, host or URL; default usw2a1)
  Effect.provide(Layer.merge(ApiKey.layerConfig(), FetchHttpClient.layer)),
  Effect.runPromise
).then((summary) => console.log(summary))
