/**
 * From plain async code: the Promise client, and `Effect.runPromise` on an Effect program.
 * Run against the emulator with `npm run demo`, or set ROCKSET_APIKEY / ROCKSET_APISERVER.
 */
import { Effect, Layer } from "effect"
import { ApiKey, RocksetError, Users } from "effect-rockset"
import { RocksetClient } from "effect-rockset/promise"
import { UndiciHttpClient } from "effect-rockset/undici"

// 1. The Promise client: no Effect in sight. (Without `httpClient` it runs on fetch, as in a browser.)
const client = RocksetClient.fromEnv({ httpClient: UndiciHttpClient.layer })
try {
  const me = await client.getCurrentUser()
  console.log("signed in as", me.email)
  await client.get("nobody@example.com")
} catch (error) {
  if (error instanceof RocksetError.NotFound) console.log("not found, as expected:", error.body?.type)
  else throw error
} finally {
  await client.dispose()
}

// 2. An Effect program run with Effect.runPromise.
const MainLayer = Layer.merge(ApiKey.layerConfigWithServer(), UndiciHttpClient.layer)
const users = await Users.list().pipe(Effect.provide(MainLayer), Effect.runPromise)
console.log(`${users.length} user(s):`, users.map((user) => user.email).join(", "))
