/**
 * The client in a web page: bundled with esbuild, it calls the Users API through the platform's
 * `FetchHttpClient` from another origin, so every call is a CORS request (with a preflight, since it sends
 * `Authorization`). What the page shows is drawn by page.ts.
 * examples/browser/main.ts is the page's script on Effect 3.
 *
 * `npm run example:browser` builds it (`npm run example:browser -- v4`, the Effect 4 page), starts an
 * emulator and prints the page's address. The emulator's URL and an API key come in the fragment
 * (`#server=...&key=...`), which the browser never sends to a server.
 */
import { Cause, Effect, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Users } from "effect-rockset/v4"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
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

// The key is held as Redacted from here on: it never shows up in an error or a log line.
const ClientLive = Layer.mergeAll(ApiKey.layer(Redacted.make(apiKey)), ApiServer.layer(server), FetchHttpClient.layer)

Page.start()
// Whatever ends the program (a typed error, a defect, an interruption), the page shows its cause.
program.pipe(
  Effect.provide(ClientLive),
  Effect.matchCause({ onFailure: (cause) => Page.failed(Cause.pretty(cause)), onSuccess: Page.done }),
  Effect.runFork
)
