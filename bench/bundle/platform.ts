// For context: a plain @effect/platform pipeline doing one JSON GET through FetchHttpClient.
import { FetchHttpClient, HttpClient, HttpClientResponse } from "@effect/platform"
import { Effect, Schema } from "effect"

const User = Schema.Struct({ email: Schema.String })

HttpClient.get("https://api.usw2a1.rockset.com/v1/orgs/self/users/self").pipe(
  Effect.flatMap(HttpClientResponse.schemaBodyJson(User)),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
).then((user) => console.log(user.email))
