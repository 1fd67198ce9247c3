/**
 * The browser example's page without Effect: what it reads from its address and how it shows what the calls
 * did, in index.html. Each edition's script (`main.ts` here, `examples/v4/browser/main.ts` for Effect 4) runs
 * the calls and hands the results here, so the two differ only where their Effect majors do.
 */

const fragment = new URLSearchParams(location.hash.slice(1))

/** From the fragment (`#server=...&key=...`), which the browser never sends to a server. */
export const settings = {
  server: fragment.get("server") ?? "",
  apiKey: fragment.get("key") ?? "",
  newUsers: (fragment.get("users") ?? "ada@example.com,grace@example.com,alan@example.com").split(",")
}

/** What the page shows of a user: fields that both editions' `UsersSchema.User` have. */
export interface ShownUser {
  readonly email: string
  readonly roles?: ReadonlyArray<string> | null | undefined
  readonly state?: string | null | undefined
  readonly invite_state?: string | null | undefined
}

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

/** Before the first call: where the calls go. */
export const start = () => {
  const server = settings.server || "(none: open this page with #server=...&key=...)"
  element("server").textContent = `API server: ${server}`
  setStatus("running", "Calling the API…")
}

export const showCreated = (user: ShownUser) => {
  const item = document.createElement("li")
  item.textContent = `${user.email} (${user.state}, invite ${user.invite_state})`
  element("created").append(item)
}

/** What creating the first user a second time came to. */
export const showAgain = (outcome: string) => {
  element("again").textContent = `Creating ${settings.newUsers[0]} again: ${outcome}`
}

export const showUsers = (users: ReadonlyArray<ShownUser>) => {
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

/** The calls ended well: `count` users in the organisation. */
export const done = (count: number) =>
  setStatus("done", `Created ${settings.newUsers.length} users; the organisation has ${count}.`)

export const failed = (message: string) => setStatus("failed", message)
