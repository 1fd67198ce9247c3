/**
 * Where the live API's behaviour is known from its recorded answers, the emulator answers the same: `create`
 * with an empty role list (500 INTERNALERROR, as Rockset's Terraform provider notes: "Api returns 500 error
 * currently if no role is set"), users who stay `NEW` after accepting, accepted memberships that keep
 * `invited_by` and `expires_at`, and the organisation's clusters. Seen over real HTTP, with no client in
 * between; each edition's runner starts its emulator, accepts the invite between the two phases and compares
 * what it saw with `expected`. Plain TypeScript: nothing here imports Effect.
 */
import { errorBodyKeys, organization } from "../fixtures/live.js"

const usersPath = "/v1/orgs/self/users"

/** An email the scenario invites, then accepts. */
export const invitedEmail = "ada@example.com"

const send = async (base: string, key: string, path: string, init: { method?: string; body?: unknown } = {}) => {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `ApiKey ${key}`,
      accept: "application/json",
      ...(init.body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) })
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}

const list = (value: unknown): ReadonlyArray<unknown> => Array.isArray(value) ? value : []

const day = 24 * 60 * 60 * 1000

const membershipOf = (user: Record<string, unknown>) => {
  const membership = record(list(user["org_memberships"])[0])
  const created = Date.parse(String(membership["created_at"]))
  return {
    membershipInviteState: membership["invite_state"],
    invited_by: membership["invited_by"],
    expiresADayAfterCreation: Date.parse(String(membership["expires_at"])) === created + day
  }
}

/** Phase one: `create` with no roles, then a regular invite of {@link invitedEmail}. */
export const beforeAccepting = async (base: string, adminKey: string) => {
  const noRoles = await send(base, adminKey, usersPath, {
    method: "POST",
    body: { email: "no-roles@example.com", roles: [] }
  })
  const invited = await send(base, adminKey, usersPath, {
    method: "POST",
    body: { email: invitedEmail, roles: ["member"] }
  })
  const users = await send(base, adminKey, usersPath)
  return {
    noRoles: { status: noRoles.status, type: noRoles.json["type"], keys: Object.keys(noRoles.json) },
    invited: invited.status,
    listed: list(users.json["data"]).map((user) => record(user)["email"])
  }
}

/** What phase one must see. */
export const expectedBeforeAccepting = {
  noRoles: { status: 500, type: "INTERNALERROR", keys: errorBodyKeys },
  invited: 200,
  listed: ["admin@example.com", invitedEmail]
}

/** Phase two, once the runner accepted {@link invitedEmail}'s invite: the user and the organisation. */
export const afterAccepting = async (base: string, adminKey: string) => {
  const accepted = record((await send(base, adminKey, `${usersPath}/${encodeURIComponent(invitedEmail)}`)).json)
  const self = record((await send(base, adminKey, `${usersPath}/self`)).json)
  const fullOrganization = record(list(self["orgs"])[0])
  const clusters = list(fullOrganization["clusters"]).map(record)
  const sparseOrganization = record(record(list(accepted["org_memberships"])[0])["organization"])
  return {
    accepted: { state: accepted["state"], invite_state: accepted["invite_state"], ...membershipOf(accepted) },
    seeded: { state: self["state"], invite_state: self["invite_state"], ...membershipOf(self) },
    clusters: {
      keys: clusters.map((cluster) => Object.keys(cluster)),
      regions: clusters.map((cluster) => cluster["aws_region"]),
      apiServers: clusters.map((cluster) => cluster["apiserver_url"]),
      inAnotherUsersMembership: sparseOrganization["clusters"]
    }
  }
}

const recordedCluster = organization.clusters[0] ?? {}

/** What phase two must see: the recorded values. */
export const expectedAfterAccepting = {
  // an accepted invite leaves the user NEW; the membership keeps who invited them and the invite's expiry
  accepted: {
    state: "NEW",
    invite_state: "ACCEPTED",
    membershipInviteState: "ACCEPTED",
    invited_by: "admin@example.com",
    expiresADayAfterCreation: true
  },
  // a user seeded as accepted long ago: NEW too, invited by nobody (as the organisation's founder was)
  seeded: {
    state: "NEW",
    invite_state: "ACCEPTED",
    membershipInviteState: "ACCEPTED",
    invited_by: null,
    expiresADayAfterCreation: true
  },
  clusters: {
    keys: organization.clusters.map(() => Object.keys(recordedCluster)),
    regions: organization.clusters.map((cluster) => cluster.aws_region),
    apiServers: organization.clusters.map((cluster) => cluster.apiserver_url),
    inAnotherUsersMembership: []
  }
}
