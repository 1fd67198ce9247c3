/**
 * The organisation behind the Users API, as plain data and plain functions: users, the API keys that belong
 * to them, and each user's unsubscribe preferences.
 *
 * Every operation takes a state and returns either a new state with a result, or a domain error carrying
 * the HTTP status and the Rockset error `type` the live API would answer with. Nothing here knows about
 * sockets, requests or files: the emulator runs these functions behind HTTP, and the in-memory test layer
 * runs the same ones behind the `Users` service, so the two cannot drift.
 *
 * @internal
 */
import type { OperationName } from "../operations.js"
import { deletedUser, emailProblem, type ErrorBody, roleProblem } from "../wire.js"
import * as V from "./validate.js"

/**
 * A user as the organisation stores it. Names are kept even while the invite is pending; views hide them
 * until it is accepted, as the live API does.
 *
 * @internal
 */
export interface StoredUser {
  readonly email: string
  readonly created_at: string
  readonly first_name: string | null
  readonly last_name: string | null
  readonly roles: ReadonlyArray<string>
  readonly state: "NEW" | "ACTIVE"
  readonly invite_state: "PENDING" | "ACCEPTED"
  readonly invited_by: string | null
  readonly expires_at: string | null
}

/**
 * An API key; it acts as the user it belongs to.
 *
 * @internal
 */
export interface StoredApiKey {
  readonly key: string
  readonly email: string
  readonly created_at: string
}

/** @internal */
export interface Organization {
  readonly id: string
  readonly created_at: string
  readonly display_name: string
  readonly company_name: string
}

/**
 * The whole organisation. Also the format of the emulator's data file, hence the `version`.
 *
 * @internal
 */
export interface State {
  readonly version: 1
  readonly org: Organization
  readonly users: ReadonlyArray<StoredUser>
  readonly apiKeys: ReadonlyArray<StoredApiKey>
  /** Unsubscribed notification types, by user email. */
  readonly preferences: Readonly<Record<string, ReadonlyArray<string>>>
}

/**
 * What a data file must hold to be a state.
 *
 * @internal
 */
export const stateGuard: V.Guard<State> = V.struct({
  version: V.literal(1),
  org: V.struct({ id: V.string, created_at: V.string, display_name: V.string, company_name: V.string }),
  users: V.array(V.struct({
    email: V.string,
    created_at: V.string,
    first_name: V.nullOr(V.string),
    last_name: V.nullOr(V.string),
    roles: V.array(V.string),
    state: V.literal("NEW", "ACTIVE"),
    invite_state: V.literal("PENDING", "ACCEPTED"),
    invited_by: V.nullOr(V.string),
    expires_at: V.nullOr(V.string)
  })),
  apiKeys: V.array(V.struct({ key: V.string, email: V.string, created_at: V.string })),
  preferences: V.record(V.array(V.string))
})

/**
 * Why an operation was refused: the HTTP status and error `type` Rockset answers with, and a message.
 *
 * @internal
 */
export interface DomainError {
  readonly status: number
  readonly type: string
  readonly message_key?: string | undefined
  readonly message: string
}

/** @internal */
export interface Refusal {
  readonly ok: false
  readonly error: DomainError
}

/**
 * A check that needs no new state: a value, or why not.
 *
 * @internal
 */
export type Result<A> = { readonly ok: true; readonly value: A } | Refusal

/**
 * A successful operation: the state after it (the same object when nothing changed) and its result.
 *
 * @internal
 */
export interface Transition<A> {
  readonly ok: true
  readonly state: State
  readonly value: A
}

/** @internal */
export type Outcome<A> = Transition<A> | Refusal

/** @internal */
export const error = (status: number, type: string, message: string, message_key?: string): DomainError =>
  message_key === undefined ? { status, type, message } : { status, type, message, message_key }

/** @internal */
export const refuse = (status: number, type: string, message: string): Refusal => ({
  ok: false,
  error: error(status, type, message)
})

const succeed = <A>(state: State, value: A): Transition<A> => ({ ok: true, state, value })

const right = <A>(value: A): Result<A> => ({ ok: true, value })

/**
 * The error body of every non-2xx response: exactly the nine keys the live API sends, in its order.
 *
 * @internal
 */
export const errorBody = (failure: DomainError, traceId: string): ErrorBody => ({
  message: failure.message,
  message_key: failure.message_key ?? null,
  type: failure.type,
  line: null,
  column: null,
  trace_id: traceId,
  error_id: null,
  query_id: null,
  internal_errors: null
})

/**
 * The role that may create, update and delete users.
 *
 * @internal
 */
export const adminRole = "admin"

const day = 24 * 60 * 60 * 1000

/**
 * A timestamp as the API writes it: ISO-8601 UTC to the second (`2023-08-23T18:58:26Z`).
 *
 * @internal
 */
export const timestamp = (millis: number): string => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

/**
 * The organisation the emulator and the in-memory test layer start from, so both answer with the same `org`.
 *
 * @internal
 */
export const defaultOrganization = { orgId: "rockset-emulator", name: "Rockset Emulator" } as const

/**
 * The email of the admin the emulator and the in-memory test layer start with.
 *
 * @internal
 */
export const defaultAdminEmail = "admin@example.com"

/**
 * An organisation with no users and no keys.
 *
 * @internal
 */
export const empty = (options: { readonly orgId: string; readonly name: string; readonly now: number }): State => ({
  version: 1,
  org: {
    id: options.orgId,
    created_at: timestamp(options.now),
    display_name: options.name,
    company_name: options.name
  },
  users: [],
  apiKeys: [],
  preferences: {}
})

/**
 * Finds a user by email, ignoring case.
 *
 * @internal
 */
export const findUser = (state: State, email: string): StoredUser | undefined => {
  const wanted = email.toLowerCase()
  return state.users.find((user) => user.email === wanted)
}

/**
 * The keys that belong to a user, oldest first.
 *
 * @internal
 */
export const keysOf = (state: State, email: string): ReadonlyArray<string> => {
  const wanted = email.toLowerCase()
  return state.apiKeys.filter((apiKey) => apiKey.email === wanted).map((apiKey) => apiKey.key)
}

// ---------------------------------------------------------------------------------------------------------------
// authentication
// ---------------------------------------------------------------------------------------------------------------

const authHint = "expected the header \"Authorization: ApiKey <key>\""

/**
 * Reads the key from an `Authorization` header. The scheme is matched case-insensitively, as the official
 * clients send both `ApiKey` and `apikey`.
 *
 * @internal
 */
export const parseAuthorization = (header: string | undefined): Result<string> => {
  if (header === undefined || header.trim() === "") {
    return refuse(401, "AUTHEXCEPTION", `No API key was provided: ${authHint}`)
  }
  const match = /^\s*apikey\s+(\S+)\s*$/i.exec(header)
  if (match === null || match[1] === undefined) {
    return refuse(401, "AUTHEXCEPTION", `Malformed Authorization header: ${authHint}`)
  }
  return right(match[1])
}

/**
 * The user an API key belongs to, or 401 when no user has it.
 *
 * @internal
 */
export const authenticate = (state: State, apiKey: string): Result<StoredUser> => {
  const owner = state.apiKeys.find((candidate) => candidate.key === apiKey)
  const user = owner === undefined ? undefined : findUser(state, owner.email)
  return user === undefined
    ? refuse(401, "AUTHEXCEPTION", "The API key is not valid: it is unknown or was deleted")
    : right(user)
}

const requireAdmin = (state: State, apiKey: string, action: string): Result<StoredUser> => {
  const caller = authenticate(state, apiKey)
  if (!caller.ok || caller.value.roles.includes(adminRole)) return caller
  return refuse(403, "FORBIDDEN", `Forbidden: only a user with the "${adminRole}" role may ${action}`)
}

// ---------------------------------------------------------------------------------------------------------------
// views: users in the shapes the live API answers with
// ---------------------------------------------------------------------------------------------------------------

/**
 * Which recorded shape a user is shown in: as just created (full organisation in its membership), as
 * another member (a sparse organisation), or as the caller itself (`orgs` filled in too).
 *
 * @internal
 */
export type View = "created" | "member" | "self"

/**
 * The clusters of the organisation in its full view: one per region, as the recorded organisation listed
 * them (Oregon, N. Virginia, Frankfurt), with the recorded keys and values; ids are the emulator's own.
 *
 * @internal
 */
export const clusters = [
  ["00000000-0000-4000-8000-000000000001", "us-west-2", "api.usw2a1.rockset.com"],
  ["00000000-0000-4000-8000-000000000002", "us-east-1", "api.use1a1.rockset.com"],
  ["00000000-0000-4000-8000-000000000003", "eu-central-1", "api.euc1a1.rockset.com"]
].map(([id, aws_region, apiserver_url]) => ({
  public_endpoint_disabled: false,
  private_link_enabled: false,
  private_link_url: null,
  id,
  cluster_type: "PUBLIC",
  aws_region,
  domain: "rockset",
  top_level_domain: "com",
  apiserver_url,
  gen2_vis_available: null,
  intel_ice_lake_vis_available: true,
  gen2_vis_enabled: null,
  intel_ice_lake_vis_enabled: false
}))

const organizationView = (org: Organization, detail: "full" | "sparse") => {
  const full = {
    id: org.id,
    created_at: org.created_at,
    display_name: org.display_name,
    company_name: org.company_name,
    external_id: null,
    rockset_user: null,
    always_gen2_vis: null,
    always_intel_ice_lake_vis: false,
    state: "PAID",
    edition: "PREMIUM",
    mfa_restricted: null,
    currency_code: null,
    deletion_scheduled_at: null,
    clusters: clusters.map((cluster) => ({ ...cluster })),
    aws_marketplace_customer_id: null,
    sso_connection: null,
    sso_only: null
  }
  if (detail === "full") return full
  // as recorded for other users' memberships: the same keys, in the same order, all null but the id
  const sparse: Record<string, unknown> = {}
  for (const key of Object.keys(full)) sparse[key] = key === "id" ? org.id : key === "clusters" ? [] : null
  return sparse
}

/**
 * A user in the live API's shape: every recorded key, in the recorded order, `null` where Rockset sends
 * `null`. Names stay `null` until the invite is accepted.
 *
 * @internal
 */
export const viewUser = (state: State, user: StoredUser, view: View) => {
  const accepted = user.invite_state === "ACCEPTED"
  return {
    created_at: user.created_at,
    email: user.email,
    first_name: accepted ? user.first_name : null,
    last_name: accepted ? user.last_name : null,
    phone_number: null,
    roles: [...user.roles],
    state: user.state,
    org: state.org.id,
    invite_state: user.invite_state,
    orgs: view === "self" ? [organizationView(state.org, "full")] : null,
    org_memberships: [{
      organization: organizationView(state.org, view === "member" ? "sparse" : "full"),
      roles: [...user.roles],
      invite_state: user.invite_state,
      invited_by: user.invited_by,
      email: null,
      expires_at: user.expires_at,
      created_at: user.created_at
    }],
    country: null,
    accepted_marketing_content: null
  }
}

/**
 * A user as the API shows them.
 *
 * @internal
 */
export type UserView = ReturnType<typeof viewUser>

/**
 * The user in a delete response: every field `null` except `email`, as recorded.
 *
 * @internal
 */
export type DeletedView = ReturnType<typeof deletedUser>

/** @internal */
export interface PreferenceView {
  readonly notificationType: string
}

// ---------------------------------------------------------------------------------------------------------------
// input validation
// ---------------------------------------------------------------------------------------------------------------

const invalidInput = (message: string): Refusal => refuse(400, "INVALIDINPUT", message)

// Role names are an open set (organisations define their own), so only their form is checked.
const roleList = V.array(V.refine(V.string, roleProblem))

const roles = (whenEmpty: string) => V.refine(roleList, (list) => list.length > 0 ? undefined : whenEmpty)

const createUserRequest = V.struct({
  email: V.refine(V.string, emailProblem),
  roles: roles("must name at least one role (for example \"member\")"),
  first_name: V.optional(V.string),
  last_name: V.optional(V.string)
})

// What `create` accepts before it fails on an empty role list, as the live API did (500, not 400).
const createUserBody = V.struct({
  email: V.refine(V.string, emailProblem),
  roles: roleList,
  first_name: V.optional(V.string),
  last_name: V.optional(V.string)
})

/**
 * The live API's answer to a `create` whose `roles` is an empty list: 500 `INTERNALERROR` (Rockset's
 * Terraform provider: "Api returns 500 error currently if no role is set"). The message is the emulator's
 * own; the live one was not recorded.
 *
 * @internal
 */
export const noRolesError = error(500, "INTERNALERROR", "Internal error: the user could not be created")

type CreateUserRequest = V.Guarded<typeof createUserRequest>

const updateUserRequest = V.struct({
  first_name: V.optional(V.string),
  last_name: V.optional(V.string),
  roles: V.optional(roles("when given, must name at least one role"))
})

const updatePreferencesRequest = V.struct({
  data: V.optional(V.array(V.struct({
    notificationType: V.refine(V.string, (type) => type.length > 0 ? undefined : "notificationType must not be empty")
  })))
})

const decodeInput = <A>(guard: V.Guard<A>, input: unknown): Result<A> => {
  if (!V.isObject(input)) return invalidInput("Invalid input: the request body must be a JSON object")
  const checked = V.validate(guard, input)
  if (checked.ok) return checked
  const email = input["email"]
  // the live API quotes the address it refused
  if (checked.issue.path[0] === "email" && typeof email === "string") {
    return invalidInput(`Invalid input: "${email}" is not a valid email address`)
  }
  return invalidInput(`Invalid input: ${V.describeIssue(checked.issue)}`)
}

const distinct = (values: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(values)]

const isSelf = (user: string): boolean => user.toLowerCase() === "self"

const notFound = (email: string): Refusal => refuse(404, "NOTFOUND", `User "${email.toLowerCase()}" not found`)

const resolveUser = (state: State, caller: StoredUser, user: string): Result<StoredUser> => {
  if (isSelf(user)) return right(caller)
  const found = findUser(state, user)
  return found === undefined ? notFound(user) : right(found)
}

const replaceUser = (state: State, updated: StoredUser): State => ({
  ...state,
  users: state.users.map((user) => user.email === updated.email ? updated : user)
})

// ---------------------------------------------------------------------------------------------------------------
// the operations of the Users API
// ---------------------------------------------------------------------------------------------------------------

/** Adds a user whose email is not taken yet (409 when it is), with the given invite status. */
const insertUser = (
  state: State,
  input: CreateUserRequest,
  now: number,
  invite: Pick<StoredUser, "state" | "invite_state" | "invited_by" | "expires_at">,
  view: View
): Outcome<UserView> => {
  const email = input.email.toLowerCase()
  if (findUser(state, email) !== undefined) return refuse(409, "ALREADYEXISTS", `User "${email}" already exists`)
  const user: StoredUser = {
    email,
    created_at: timestamp(now),
    first_name: input.first_name ?? null,
    last_name: input.last_name ?? null,
    roles: distinct(input.roles),
    ...invite
  }
  const next: State = { ...state, users: [...state.users, user] }
  return succeed(next, viewUser(next, user, view))
}

/**
 * `POST /v1/orgs/self/users`: an admin invites a user. The email is stored lower-cased; the user is `NEW`
 * with a `PENDING` invite that expires in a day. An empty `roles` list fails as it did live: 500
 * `INTERNALERROR` ({@link noRolesError}).
 *
 * @internal
 */
export const createUser = (state: State, apiKey: string, body: unknown, now: number): Outcome<UserView> => {
  const caller = requireAdmin(state, apiKey, "create users")
  if (!caller.ok) return caller
  const input = decodeInput(createUserBody, body)
  if (!input.ok) return input
  if (input.value.roles.length === 0) return { ok: false, error: noRolesError }
  return insertUser(state, input.value, now, {
    state: "NEW",
    invite_state: "PENDING",
    invited_by: caller.value.email,
    expires_at: timestamp(now + day)
  }, "created")
}

/**
 * `DELETE /v1/orgs/self/users/{user}`: an admin removes a user, with its API keys and preferences.
 *
 * @internal
 */
export const deleteUser = (state: State, apiKey: string, user: string): Outcome<DeletedView> => {
  const caller = requireAdmin(state, apiKey, "delete users")
  if (!caller.ok) return caller
  const target = resolveUser(state, caller.value, user)
  if (!target.ok) return target
  const email = target.value.email
  const { [email]: _removed, ...preferences } = state.preferences
  const next: State = {
    ...state,
    users: state.users.filter((candidate) => candidate.email !== email),
    apiKeys: state.apiKeys.filter((candidate) => candidate.email !== email),
    preferences
  }
  return succeed(next, deletedUser(email))
}

/**
 * `GET /v1/orgs/self/users/{user}`: any user may read any user; `self` is the caller.
 *
 * @internal
 */
export const getUser = (state: State, apiKey: string, user: string): Outcome<UserView> => {
  const caller = authenticate(state, apiKey)
  if (!caller.ok) return caller
  const target = resolveUser(state, caller.value, user)
  if (!target.ok) return target
  return succeed(state, viewUser(state, target.value, target.value.email === caller.value.email ? "self" : "member"))
}

/**
 * `GET /v1/orgs/self/users/self`: the user the key belongs to.
 *
 * @internal
 */
export const getCurrentUser = (state: State, apiKey: string): Outcome<UserView> => {
  const caller = authenticate(state, apiKey)
  return caller.ok ? succeed(state, viewUser(state, caller.value, "self")) : caller
}

/**
 * `GET /v1/orgs/self/users`: every user, in the order they were added. No pagination.
 *
 * @internal
 */
export const listUsers = (state: State, apiKey: string): Outcome<ReadonlyArray<UserView>> => {
  const caller = authenticate(state, apiKey)
  return caller.ok ? succeed(state, state.users.map((user) => viewUser(state, user, "member"))) : caller
}

/**
 * `POST /v1/orgs/self/users/{user}`: an admin changes a user's names or roles. Names stay hidden in the
 * response until the invite is accepted.
 *
 * @internal
 */
export const updateUser = (state: State, apiKey: string, user: string, body: unknown): Outcome<UserView> => {
  const caller = requireAdmin(state, apiKey, "update users")
  if (!caller.ok) return caller
  const input = decodeInput(updateUserRequest, body)
  if (!input.ok) return input
  const target = resolveUser(state, caller.value, user)
  if (!target.ok) return target
  const { first_name, last_name, roles } = input.value
  const updated: StoredUser = {
    ...target.value,
    first_name: first_name ?? target.value.first_name,
    last_name: last_name ?? target.value.last_name,
    roles: roles === undefined ? target.value.roles : distinct(roles)
  }
  const next = replaceUser(state, updated)
  return succeed(next, viewUser(next, updated, "member"))
}

const preferenceViews = (types: ReadonlyArray<string>): ReadonlyArray<PreferenceView> =>
  types.map((notificationType) => ({ notificationType }))

/**
 * `GET /v1/orgs/self/users/self/preferences`: the notifications the caller unsubscribed from.
 *
 * @internal
 */
export const listPreferences = (state: State, apiKey: string): Outcome<ReadonlyArray<PreferenceView>> => {
  const caller = authenticate(state, apiKey)
  return caller.ok ? succeed(state, preferenceViews(state.preferences[caller.value.email] ?? [])) : caller
}

/**
 * `POST /v1/orgs/self/users/self/preferences`: replaces the caller's preferences with the given list
 * (a missing `data` empties it). Any user may change their own.
 *
 * @internal
 */
export const updatePreferences = (
  state: State,
  apiKey: string,
  body: unknown
): Outcome<ReadonlyArray<PreferenceView>> => {
  const caller = authenticate(state, apiKey)
  if (!caller.ok) return caller
  const input = decodeInput(updatePreferencesRequest, body)
  if (!input.ok) return input
  const types = distinct((input.value.data ?? []).map((preference) => preference.notificationType))
  const next: State = { ...state, preferences: { ...state.preferences, [caller.value.email]: types } }
  return succeed(next, preferenceViews(types))
}

// ---------------------------------------------------------------------------------------------------------------
// administration: what the emulator and test layers do outside the API
// ---------------------------------------------------------------------------------------------------------------

/**
 * A user to add directly, as if they had accepted their invite long ago.
 *
 * @internal
 */
export interface NewUser {
  readonly email: string
  readonly roles: ReadonlyArray<string>
  readonly first_name?: string | undefined
  readonly last_name?: string | undefined
}

/**
 * What the control endpoint accepts as a {@link NewUser}.
 *
 * @internal
 */
export const newUserGuard: V.Guard<NewUser> = V.struct({
  email: V.string,
  roles: V.array(V.string),
  first_name: V.optional(V.string),
  last_name: V.optional(V.string)
})

/**
 * Adds a user whose invite is `ACCEPTED`, without any API check: for seeding. As recorded for a user who
 * accepted long ago, the user is still `NEW`, nobody invited them and the invite's expiry stays a day after
 * its creation.
 *
 * @internal
 */
export const addUser = (state: State, input: NewUser, now: number): Outcome<UserView> => {
  const valid = decodeInput(createUserRequest, {
    email: input.email,
    roles: input.roles,
    ...(input.first_name === undefined ? {} : { first_name: input.first_name }),
    ...(input.last_name === undefined ? {} : { last_name: input.last_name })
  })
  if (!valid.ok) return valid
  return insertUser(
    state,
    valid.value,
    now,
    { state: "NEW", invite_state: "ACCEPTED", invited_by: null, expires_at: timestamp(now + day) },
    "member"
  )
}

/**
 * Gives a user an API key. Giving the same key to its owner again changes nothing; a key that belongs to
 * someone else is a conflict.
 *
 * @internal
 */
export const addApiKey = (state: State, email: string, apiKey: string, now: number): Outcome<void> => {
  const user = findUser(state, email)
  if (user === undefined) return notFound(email)
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    return refuse(400, "INVALIDINPUT", "An API key must be printable ASCII without spaces")
  }
  const existing = state.apiKeys.find((candidate) => candidate.key === apiKey)
  if (existing !== undefined) {
    return existing.email === user.email
      ? succeed(state, undefined)
      : refuse(409, "ALREADYEXISTS", "That API key already belongs to another user")
  }
  return succeed({
    ...state,
    apiKeys: [...state.apiKeys, { key: apiKey, email: user.email, created_at: timestamp(now) }]
  }, undefined)
}

/**
 * Accepts a pending invite: their names show. As recorded live, the user's `state` stays as it was (`NEW`)
 * and the membership keeps who invited them and when the invite expired.
 *
 * @internal
 */
export const acceptInvite = (state: State, email: string): Outcome<UserView> => {
  const user = findUser(state, email)
  if (user === undefined) return notFound(email)
  const updated: StoredUser = { ...user, invite_state: "ACCEPTED" }
  const next = replaceUser(state, updated)
  return succeed(next, viewUser(next, updated, "member"))
}

/**
 * One call: `user` is the decoded `{user}` path segment (ignored by the operations without one), `body` the
 * parsed JSON request body.
 *
 * @internal
 */
export interface Call {
  readonly state: State
  readonly apiKey: string
  readonly user: string
  readonly body: unknown
  readonly now: number
}

/**
 * Each operation's domain function, for the emulator and the in-memory layer: an operation added to the
 * table and missing here is a compile error.
 *
 * @internal
 */
export const byOperation: { readonly [Name in OperationName]: (call: Call) => Outcome<unknown> } = {
  create: ({ apiKey, body, now, state }) => createUser(state, apiKey, body, now),
  deleteUser: ({ apiKey, state, user }) => deleteUser(state, apiKey, user),
  get: ({ apiKey, state, user }) => getUser(state, apiKey, user),
  getCurrentUser: ({ apiKey, state }) => getCurrentUser(state, apiKey),
  list: ({ apiKey, state }) => listUsers(state, apiKey),
  listUnsubscribePreferences: ({ apiKey, state }) => listPreferences(state, apiKey),
  updateUnsubscribePreferences: ({ apiKey, body, state }) => updatePreferences(state, apiKey, body),
  update: ({ apiKey, body, state, user }) => updateUser(state, apiKey, user, body)
}
