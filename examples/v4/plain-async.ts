/**
 * From plain async code: the Promise client of the Effect 4 edition, no Effect in sight (the same program as
 * `examples/plain-async.ts`, with `effect-rockset/v4/promise`).
 * Run against the emulator with `npm run demo`, or set ROCKSET_APIKEY / ROCKSET_APISERVER.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { RocksetError } from "effect-rockset/v4"
import { RocksetClient } from "effect-rockset/v4/promise"

// On Node, give it the platform's undici client; without `httpClient` it runs on fetch, as in a browser.
const client = RocksetClient.fromEnv({ httpClient: NodeHttpClient.layerUndici })
try {
  const me = await client.getCurrentUser()
  console.log("signed in as", me.email)
  const users = await client.list()
  console.log(`${users.length} user(s):`, users.map((user) => user.email).join(", "))
  await client.get("nobody@example.com")
} catch (error) {
  if (error instanceof RocksetError.NotFound) console.log("not found, as expected:", error.body?.type)
  else throw error
} finally {
  await client.dispose()
}
