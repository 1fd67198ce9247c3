// A browser app calling one effect-rockset operation through FetchHttpClient.
import { FetchHttpClient } from "@effect/platform"
import { Effect, Redacted } from "effect"
import { ApiKey, Users } from "../../src/v3/index.js"

Users.get("ada@example.com").pipe(
  Effect.provide(ApiKey.layer(Redacted.make("my-key"))),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
).then((user) => console.log(user.email))
