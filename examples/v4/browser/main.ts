/**
 * The browser example on Effect 4: the page of examples/browser (its index.html and page.ts) with this script,
 * which makes the same calls through the Effect 4 edition's `FetchClient` (Effect 4's `FetchHttpClient` with
 * effect-rockset's direct way in) from another origin: CORS requests, with a preflight for `Authorization`.
 *
 * `npm run example:browser -- v4` builds it, starts an emulator and prints the page's address. The emulator's
 * URL and an API key come in the fragment (`#server=...&key=...`), which the browser never sends to a server.
 */
import { Cause, Effect, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Users } from "effect-rockset/v4"
import { FetchClient } from "effect-rockset/v4/fetch"
import * as Page from "../../browser/page.js"

const { apiKey, newUsers, server } = Page.settings

const program = Effect.gen(function*() {
  for (const email of newUsers) {
    Page.showCreated(yield* Users.create({ email, roles: ["member"] }))
  }
  // Errors cross origins typed too: the emulator's error bodies carry the CORS headers.
  const again = yield* Users.create({ email: newUsers[0] ?? "", roles: ["member"] }).pipe(
    Effect.as("created twice?"),
    Effect.catchTag("Conflict", (error) => Effect.succeed(`${error._tag} (${error.status} ${error.body?.type})`))
  )
  Page.showAgain(again)
  const users = yield* Users.list()
  Page.showUsers(users)
  return users.length
})

// The key is held as Redacted from here on (ApiKey.layer fails with a ConfigError on a key it cannot send).
const ClientLive = Layer.mergeAll(ApiKey.layer(Redacted.make(apiKey)), ApiServer.layer(server), FetchClient.layer)

Page.start()
// Whatever ends the program (a typed error, a defect, an interruption), the page shows its cause.
program.pipe(
  Effect.provide(ClientLive),
  Effect.matchCause({ onFailure: (cause) => Page.failed(Cause.pretty(cause)), onSuccess: Page.done }),
  Effect.runFork
)
