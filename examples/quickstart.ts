/**
 * Quickstart: create a user, read it back, list the organisation, delete the user.
 *
 * Needs ROCKSET_APIKEY (and ROCKSET_APISERVER for anything but the default region). `npm run demo` runs it
 * against the emulator; so does `npm run emulator` in another terminal, with the two variables it prints.
 */
import { FetchHttpClient } from "@effect/platform"
import { Console, Effect } from "effect"
import { ApiKey, Users } from "effect-rockset"

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
  Effect.provide(ApiKey.layerConfig()),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
)
