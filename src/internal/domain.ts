/**
 * The organisation behind the Users API, as pure data and pure functions: users, the API keys that belong
 * to them, and each user's unsubscribe preferences.
 *
 * Every operation takes a state and returns either a new state with a result, or a domain error carrying
 * the HTTP status and the Rockset error `type` the live API would answer with. Nothing here knows about
 * sockets, requests or files: the emulator runs these functions behind HTTP, and the in-memory test layer
 * runs the same ones behind the `Users` service, so the two cannot drift.
 *
 * @since 0.1.0
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as UsersSchema from "../UsersSchema.js"
import { deletedUser } from "../core/wire.js"

/**
 * A user as the organisation stores it. Names are kept even while the invite is pending; views hide them
 * until it is accepted, as the live API does.
 *
 * @since 0.1.0
 * @internal
 */
export const StoredUser = Schema.Struct({
  email: Schema.String,
  created_at: Schema.String,
  first_name: Schema.NullOr(Schema.String),
  last_name: Schema.NullOr(Schema.String),
  roles: Schema.Array(Schema.String),
  state: Schema.Literal("NEW", "ACTIVE"),
  invite_state: Schema.Literal("PENDING", "ACCEPTED"),
  invited_by: Schema.NullOr(Schema.String),
  expires_at: Schema.NullOr(Schema.String)
})

/**
 * @since 0.1.0
 * @internal
 */
export interface StoredUser extends Schema.Schema.Type<typeof StoredUser> {}

/**
 * An API key; it acts as the user it belongs to.
 *
 * @since 0.1.0
 * @internal
 */
export const StoredApiKey = Schema.Struct({
  key: Schema.String,
  email: Schema.String,
  created_at: Schema.String
})

/**
 * @since 0.1.0
 * @internal
 */
export interface StoredApiKey extends Schema.Schema.Type<typeof StoredApiKey> {}

/**
 * @since 0.1.0
 * @internal
 */
export const Organization = Schema.Struct({
  id: Schema.String,
  created_at: Schema.String,
  display_name: Schema.String,
  company_name: Schema.String
})

/**
 * @since 0.1.0
 * @internal
 */
export interface Organization extends Schema.Schema.Type<typeof Organization> {}

/**
 * The whole organisation. Also the format of the emulator's data file, hence the `version`.
 *
 * @since 0.1.0
 * @internal
 */
export const State = Schema.Struct({
  version: Schema.Literal(1),
  org: Organization,
  users: Schema.Array(StoredUser),
  apiKeys: Schema.Array(StoredApiKey),
  /** Unsubscribed notification types, by user email. */
  preferences: Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })
})

/**
 * @since 0.1.0
 * @internal
 */
export interface State extends Schema.Schema.Type<typeof State> {}

/**
 * Why an operation was refused: the HTTP status and error `type` Rockset answers with, and a message.
 *
 * @since 0.1.0
 * @internal
 */
export interface DomainError {
  readonly status: number
  readonly type: string
  readonly message_key?: string | undefined
  readonly message: string
}

/**
 * A successful operation: the state after it (the same object when nothing changed) and its result.
 *
 * @since 0.1.0
 * @internal
 */
export interface Transition<A> {
  readonly state: State
  readonly value: A
}

/**
 * @since 0.1.0
 * @internal
 */
export type Outcome<A> = Either.Either<Transition<A>, DomainError>

/**
 * @since 0.1.0
 * @internal
 */
export const error = (status: number, type: string, message: string, message_key?: string): DomainError =>
  message_key === undefined ? { status, type, message } : { status, type, message, message_key }

/**
 * The error body of every non-2xx response: exactly the nine keys the live API sends, in its order.
 *
 * @since 0.1.0
 * @internal
 */
export const errorBody = (failure: DomainError, traceId: string): UsersSchema.ErrorBody => ({
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
 * @since 0.1.0
 * @internal
 */
export const adminRole = "admin"

const day = 24 * 60 * 60 * 1000

/**
 * A timestamp as the API writes it: ISO-8601 UTC to the second (`2023-08-23T18:58:26Z`).
 *
 * @since 0.1.0
 * @internal
 */
export const timestamp = (millis: number): string => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

/**
 * The organisation the emulator and the in-memory test layer start from, so both answer with the same `org`.
 *
 * @since 0.1.0
 * @internal
 */
export const defaultOrganization = { orgId: "rockset-emulator", name: "Rockset Emulator" } as const

/**
 * The email of the admin the emulator and the in-memory test layer start with.
 *
 * @since 0.1.0
 * @internal
 */
export const defaultAdminEmail = "admin@example.com"

/**
 * An organisation with no users and no keys.
 *
 * @since 0.1.0
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

const succeed = <A>(state: State, value: A): Outcome<A> => Either.right({ state, value })

const fail = (status: number, type: string, message: string): Either.Either<never, DomainError> =>
  Either.left(error(status, type, message))

const unchanged = <A>(state: State, result: Either.Either<A, DomainError>): Outcome<A> =>
  Either.map(result, (value) => ({ state, value }))

/**
 * Finds a user by email, ignoring case.
 *
 * @since 0.1.0
 * @internal
 */
export const findUser = (state: State, email: string): StoredUser | undefined => {
  const wanted = email.toLowerCase()
  return state.users.find((user) => user.email === wanted)
}

/**
 * The keys that belong to a user, oldest first.
 *
 * @since 0.1.0
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
 * @since 0.1.0
 * @internal
 */
export const parseAuthorization = (header: string | undefined): Either.Either<string, DomainError> => {
  if (header === undefined || header.trim() === "") {
    return fail(401, "AUTHEXCEPTION", `No API key was provided: ${authHint}`)
  }
  const match = /^\s*apikey\s+(\S+)\s*$/i.exec(header)
  if (match === null || match[1] === undefined) {
    return fail(401, "AUTHEXCEPTION", `Malformed Authorization header: ${authHint}`)
  }
  return Either.right(match[1])
}

/**
 * The user an API key belongs to, or 401 when no user has it.
 *
 * @since 0.1.0
 * @internal
 */
export const authenticate = (state: State, apiKey: string): Either.Either<StoredUser, DomainError> => {
  const owner = state.apiKeys.find((candidate) => candidate.key === apiKey)
  const user = owner === undefined ? undefined : findUser(state, owner.email)
  return user === undefined
    ? fail(401, "AUTHEXCEPTION", "The API key is not valid: it is unknown or was deleted")
    : Either.right(user)
}

const isAdmin = (user: StoredUser): boolean => user.roles.includes(adminRole)

const requireAdmin = (
  state: State,
  apiKey: string,
  action: string
): Either.Either<StoredUser, DomainError> =>
  Either.flatMap(authenticate(state, apiKey), (caller) =>
    isAdmin(caller)
      ? Either.right(caller)
      : fail(403, "FORBIDDEN", `Forbidden: only a user with the "${adminRole}" role may ${action}`))

// ---------------------------------------------------------------------------------------------------------------
// views: users in the shapes the live API answers with
// ---------------------------------------------------------------------------------------------------------------

/**
 * Which recorded shape a user is shown in: as just created (full organisation in its membership), as
 * another member (a sparse organisation), or as the caller itself (`orgs` filled in too).
 *
 * @since 0.1.0
 * @internal
 */
export type View = "created" | "member" | "self"

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
    clusters: [],
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
 * @since 0.1.0
 * @internal
 */
export const viewUser = (state: State, user: StoredUser, view: View): UsersSchema.User => {
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
 * The user in a delete response: every field `null` except `email`, as recorded.
 *
 * @since 0.1.0
 * @internal
 */
export const deletedView: (email: string) => UsersSchema.User = deletedUser

// ---------------------------------------------------------------------------------------------------------------
// input validation
// ---------------------------------------------------------------------------------------------------------------

const invalidInput = (message: string): DomainError => error(400, "INVALIDINPUT", message)

const describeIssue = (issue: ParseResult.ArrayFormatterIssue): string => {
  const path = issue.path.length === 0 ? "the body" : issue.path.join(".")
  return issue._tag === "Missing" ? `${path} is required` : `${path}: ${issue.message}`
}

const decodeInput = <A, I>(schema: Schema.Schema<A, I>, input: unknown): Either.Either<A, DomainError> => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return Either.left(invalidInput("Invalid input: the request body must be a JSON object"))
  }
  return Either.mapLeft(Schema.decodeUnknownEither(schema)(input), (parseError) => {
    const [issue] = ParseResult.ArrayFormatter.formatErrorSync(parseError)
    const email = "email" in input ? input.email : undefined
    if (issue !== undefined && issue.path[0] === "email" && typeof email === "string") {
      return invalidInput(`Invalid input: "${email}" is not a valid email address`)
    }
    return invalidInput(`Invalid input: ${issue === undefined ? "the body is not valid" : describeIssue(issue)}`)
  })
}

// Role names are an open set (organisations define their own), so only their form is checked.
const distinct = (values: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(values)]

const isSelf = (user: string): boolean => user.toLowerCase() === "self"

const resolveUser = (state: State, caller: StoredUser, user: string): Either.Either<StoredUser, DomainError> => {
  if (isSelf(user)) return Either.right(caller)
  const found = findUser(state, user)
  return found === undefined
    ? fail(404, "NOTFOUND", `User "${user.toLowerCase()}" not found`)
    : Either.right(found)
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
  input: UsersSchema.CreateUserRequest,
  now: number,
  invite: Pick<StoredUser, "state" | "invite_state" | "invited_by" | "expires_at">,
  view: View
): Outcome<UsersSchema.User> => {
  const email = input.email.toLowerCase()
  if (findUser(state, email) !== undefined) return fail(409, "ALREADYEXISTS", `User "${email}" already exists`)
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
 * with a `PENDING` invite that expires in a day.
 *
 * @since 0.1.0
 * @internal
 */
export const createUser = (state: State, apiKey: string, body: unknown, now: number): Outcome<UsersSchema.User> =>
  Either.flatMap(
    requireAdmin(state, apiKey, "create users"),
    (caller) =>
      Either.flatMap(decodeInput(UsersSchema.CreateUserRequest, body), (input) => {
        return insertUser(state, input, now, {
          state: "NEW",
          invite_state: "PENDING",
          invited_by: caller.email,
          expires_at: timestamp(now + day)
        }, "created")
      })
  )

/**
 * `DELETE /v1/orgs/self/users/{user}`: an admin removes a user, with its API keys and preferences.
 *
 * @since 0.1.0
 * @internal
 */
export const deleteUser = (state: State, apiKey: string, user: string): Outcome<UsersSchema.User> =>
  Either.flatMap(
    requireAdmin(state, apiKey, "delete users"),
    (caller) =>
      Either.flatMap(resolveUser(state, caller, user), (target) => {
        const { [target.email]: _removed, ...preferences } = state.preferences
        const next: State = {
          ...state,
          users: state.users.filter((candidate) => candidate.email !== target.email),
          apiKeys: state.apiKeys.filter((candidate) => candidate.email !== target.email),
          preferences
        }
        return succeed(next, deletedView(target.email))
      })
  )

/**
 * `GET /v1/orgs/self/users/{user}`: any user may read any user; `self` is the caller.
 *
 * @since 0.1.0
 * @internal
 */
export const getUser = (state: State, apiKey: string, user: string): Outcome<UsersSchema.User> =>
  unchanged(
    state,
    Either.flatMap(authenticate(state, apiKey), (caller) =>
      Either.map(
        resolveUser(state, caller, user),
        (target) => viewUser(state, target, target.email === caller.email ? "self" : "member")
      ))
  )

/**
 * `GET /v1/orgs/self/users/self`: the user the key belongs to.
 *
 * @since 0.1.0
 * @internal
 */
export const getCurrentUser = (state: State, apiKey: string): Outcome<UsersSchema.User> =>
  unchanged(state, Either.map(authenticate(state, apiKey), (caller) => viewUser(state, caller, "self")))

/**
 * `GET /v1/orgs/self/users`: every user, in the order they were added. No pagination.
 *
 * @since 0.1.0
 * @internal
 */
export const listUsers = (state: State, apiKey: string): Outcome<ReadonlyArray<UsersSchema.User>> =>
  unchanged(
    state,
    Either.map(authenticate(state, apiKey), () => state.users.map((user) => viewUser(state, user, "member")))
  )

/**
 * `POST /v1/orgs/self/users/{user}`: an admin changes a user's names or roles. Names stay hidden in the
 * response until the invite is accepted.
 *
 * @since 0.1.0
 * @internal
 */
export const updateUser = (state: State, apiKey: string, user: string, body: unknown): Outcome<UsersSchema.User> =>
  Either.flatMap(
    requireAdmin(state, apiKey, "update users"),
    (caller) =>
      Either.flatMap(
        decodeInput(UsersSchema.UpdateUserRequest, body),
        (input) =>
          Either.flatMap(resolveUser(state, caller, user), (target) => {
            const updated: StoredUser = {
              ...target,
              first_name: input.first_name ?? target.first_name,
              last_name: input.last_name ?? target.last_name,
              roles: input.roles === undefined ? target.roles : distinct(input.roles)
            }
            const next = replaceUser(state, updated)
            return succeed(next, viewUser(next, updated, "member"))
          })
      )
  )

/**
 * `GET /v1/orgs/self/users/self/preferences`: the notifications the caller unsubscribed from.
 *
 * @since 0.1.0
 * @internal
 */
export const listPreferences = (
  state: State,
  apiKey: string
): Outcome<ReadonlyArray<UsersSchema.UnsubscribePreference>> =>
  unchanged(
    state,
    Either.map(authenticate(state, apiKey), (caller) =>
      (state.preferences[caller.email] ?? []).map((notificationType) => ({ notificationType })))
  )

/**
 * `POST /v1/orgs/self/users/self/preferences`: replaces the caller's preferences with the given list
 * (a missing `data` empties it). Any user may change their own.
 *
 * @since 0.1.0
 * @internal
 */
export const updatePreferences = (
  state: State,
  apiKey: string,
  body: unknown
): Outcome<ReadonlyArray<UsersSchema.UnsubscribePreference>> =>
  Either.flatMap(
    authenticate(state, apiKey),
    (caller) =>
      Either.flatMap(decodeInput(UsersSchema.UpdateUnsubscribePreferencesRequest, body), (input) => {
        const types = distinct((input.data ?? []).map((preference) => preference.notificationType))
        const next: State = { ...state, preferences: { ...state.preferences, [caller.email]: types } }
        return succeed(next, types.map((notificationType) => ({ notificationType })))
      })
  )

// ---------------------------------------------------------------------------------------------------------------
// administration: what the emulator and test layers do outside the API
// ---------------------------------------------------------------------------------------------------------------

/**
 * A user to add directly, as if they had accepted their invite long ago.
 *
 * @since 0.1.0
 * @internal
 */
export interface NewUser {
  readonly email: string
  readonly roles: ReadonlyArray<string>
  readonly first_name?: string | undefined
  readonly last_name?: string | undefined
}

/**
 * Adds an `ACTIVE` user whose invite is `ACCEPTED`, without any API check: for seeding.
 *
 * @since 0.1.0
 * @internal
 */
export const addUser = (state: State, input: NewUser, now: number): Outcome<UsersSchema.User> =>
  Either.flatMap(
    decodeInput(UsersSchema.CreateUserRequest, {
      email: input.email,
      roles: input.roles,
      ...(input.first_name === undefined ? {} : { first_name: input.first_name }),
      ...(input.last_name === undefined ? {} : { last_name: input.last_name })
    }),
    (valid) =>
      insertUser(
        state,
        valid,
        now,
        { state: "ACTIVE", invite_state: "ACCEPTED", invited_by: null, expires_at: null },
        "member"
      )
  )

/**
 * Gives a user an API key. Giving the same key to its owner again changes nothing; a key that belongs to
 * someone else is a conflict.
 *
 * @since 0.1.0
 * @internal
 */
export const addApiKey = (state: State, email: string, apiKey: string, now: number): Outcome<void> => {
  const user = findUser(state, email)
  if (user === undefined) return fail(404, "NOTFOUND", `User "${email.toLowerCase()}" not found`)
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    return fail(400, "INVALIDINPUT", "An API key must be printable ASCII without spaces")
  }
  const existing = state.apiKeys.find((candidate) => candidate.key === apiKey)
  if (existing !== undefined) {
    return existing.email === user.email
      ? succeed(state, undefined)
      : fail(409, "ALREADYEXISTS", "That API key already belongs to another user")
  }
  return succeed({
    ...state,
    apiKeys: [...state.apiKeys, { key: apiKey, email: user.email, created_at: timestamp(now) }]
  }, undefined)
}

/**
 * Accepts a pending invite: the user becomes `ACTIVE` and their names show.
 *
 * @since 0.1.0
 * @internal
 */
export const acceptInvite = (state: State, email: string): Outcome<UsersSchema.User> => {
  const user = findUser(state, email)
  if (user === undefined) return fail(404, "NOTFOUND", `User "${email.toLowerCase()}" not found`)
  const updated: StoredUser = { ...user, state: "ACTIVE", invite_state: "ACCEPTED", expires_at: null }
  const next = replaceUser(state, updated)
  return succeed(next, viewUser(next, updated, "member"))
}
