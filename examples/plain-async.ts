/**
 * From plain async code: the Promise client, no Effect in sight.
 * Run against the emulator with `npm run demo`, or set ROCKSET_APIKEY / ROCKSET_APISERVER.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { RocksetError } from "effect-rockset"
import { RocksetClient } from "effect-rockset/promise"

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
