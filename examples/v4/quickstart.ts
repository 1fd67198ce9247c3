/**
 * Quickstart for Effect 4: the same program as `examples/quickstart.ts`, with `effect` 4.1 and the Effect 4
 * edition (`effect-rockset/v4`), on the platform's undici client (`NodeHttpClient.layerUndici` of
 * `@effect/platform-node` 4.1).
 *
 * Needs ROCKSET_APIKEY (and ROCKSET_APISERVER for anything but the default region). `npm run demo` runs it
 * against the emulator on Node 22; so does `npx rockset-emulator` in another terminal, with the two
 * variables it prints.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Console, Effect } from "effect"
import { ApiKey, Users } from "effect-rockset/v4"

const program = Effect.gen(function*() {
  const created = yield* Users.create({ email: "hello@rockset.com", roles: ["member"] })
  yield* Console.log(`created ${created.email}: state ${created.state}, invite ${created.invite_state}`)

  const user = yield* Users.get(created.email)
  yield* Console.log(`got ${user.email} with roles ${user.roles?.join(", ")}`)

  const users = yield* Users.list()
  yield* Console.log(`the organisation has ${users.length} users: ${users.map((u) => u.email).join(", ")}`)

  const deleted = yield* Users.deleteUser(created.email)
  yield* Console.log(`deleted ${deleted.email}`)
})

await program.pipe(
  Effect.provide(ApiKey.layerConfigWithServer()), // ROCKSET_APIKEY and ROCKSET_APISERVER
  Effect.provide(NodeHttpClient.layerUndici), // pooled keep-alive connections, closed when the program ends
  Effect.runPromise
)
