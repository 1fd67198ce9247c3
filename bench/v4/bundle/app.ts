// A browser app calling one effect-rockset/v4 operation through Effect 4's FetchHttpClient.
import { Effect, Redacted } from "effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { ApiKey, Users } from "../../../src/v4/index.js"

Users.get("ada@example.com").pipe(
  Effect.provide(ApiKey.layer(Redacted.make("my-key"))),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
).then((user) => console.log(user.email))
