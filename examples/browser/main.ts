/**
 * The client in a web page: bundled with esbuild, it calls the Users API through `FetchClient` (the
 * platform's `FetchHttpClient` with effect-rockset's direct way in) from another origin, so every call is a CORS request (with a preflight, since it sends `Authorization`).
 *
 * `npm run example:browser` builds it, starts an emulator and prints the page's address. The emulator's URL
 * and an API key come in the fragment (`#server=...&key=...`), which the browser never sends to a server.
 */
import { Effect, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Users, type UsersSchema } from "effect-rockset"
import { FetchClient } from "effect-rockset/fetch"

const config = new URLSearchParams(location.hash.slice(1))
const server = config.get("server") ?? ""
const newUsers = (config.get("users") ?? "ada@example.com,grace@example.com,alan@example.com").split(",")

const element = (id: string): HTMLElement => {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`the page has no #${id}`)
  return found
}

const setStatus = (state: "running" | "done" | "failed", text: string) => {
  const status = element("status")
  status.dataset["state"] = state
  status.textContent = text
}

const show = (users: ReadonlyArray<UsersSchema.User>) => {
  element("users").replaceChildren(
    ...users.map((user) => {
      const row = document.createElement("tr")
      for (const value of [user.email, user.roles?.join(", ") ?? "", user.state ?? "", user.invite_state ?? ""]) {
        const cell = document.createElement("td")
        cell.textContent = value
        row.append(cell)
      }
      return row
    })
  )
}

const program = Effect.gen(function*() {
  for (const email of newUsers) {
    const created = yield* Users.create({ email, roles: ["member"] })
    const item = document.createElement("li")
    item.textContent = `${created.email} (${created.state}, invite ${created.invite_state})`
    element("created").append(item)
  }
  // Errors cross origins typed too: the emulator's error bodies carry the CORS headers.
  const again = yield* Users.create({ email: newUsers[0] ?? "", roles: ["member"] }).pipe(
    Effect.as("created twice?"),
    Effect.catchTag("Conflict", (error) => Effect.succeed(`${error._tag} (${error.status} ${error.body?.type})`))
  )
  element("again").textContent = `Creating ${newUsers[0]} again: ${again}`
  const users = yield* Users.list()
  show(users)
  return users.length
})

// The key is held as Redacted from here on: it never shows up in an error or a log line.
const ClientLive = Layer.mergeAll(
  ApiKey.layer(Redacted.make(config.get("key") ?? "")),
  ApiServer.layer(server),
  FetchClient.layer
)

element("server").textContent = `API server: ${server || "(none: open this page with #server=...&key=...)"}`
setStatus("running", "Calling the API…")
program.pipe(Effect.provide(ClientLive), Effect.runPromise).then(
  (count) => setStatus("done", `Created ${newUsers.length} users; the organisation has ${count}.`),
  (error: unknown) => setStatus("failed", error instanceof Error ? error.message : String(error))
)
