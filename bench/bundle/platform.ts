// What a user writes without effect-rockset: one GET with the same headers through FetchHttpClient, its
// status checked and its body decoded with the same schema as Users.get (which keeps the undeclared keys).
import { FetchHttpClient, HttpClient, HttpClientResponse } from "@effect/platform"
import { Effect } from "effect"
import { UsersSchema } from "../../src/v3/index.js"

HttpClient.get("https://api.usw2a1.rockset.com/v1/orgs/self/users/ada%40example.com", {
  headers: { authorization: "ApiKey my-key", accept: "application/json", "user-agent": "my-app/1.0" }
}).pipe(
  Effect.flatMap(HttpClientResponse.filterStatusOk),
  Effect.flatMap(HttpClientResponse.schemaBodyJson(UsersSchema.User)),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
).then((user) => console.log(user.email))
