/**
 * The operation table: every endpoint of the Users API, exactly once. Everything else that names an
 * operation (the error's `operation`, the `Users` service and its free functions, the emulator's routes
 * and rate classes, the fault rules, the in-memory layer, the Promise facade, the fault matrix) is derived
 * from this table, so an endpoint added here is a compile error everywhere it is still missing.
 *
 * Plain data and plain TypeScript: nothing here imports Effect.
 *
 * @internal
 */

/** @internal */
export type Method = "GET" | "POST" | "DELETE"

/**
 * How an operation may be repeated: `read` and `update` (idempotent writes: update, delete, preferences)
 * always; `create` only when nothing was done, or with its recovery.
 *
 * @internal
 */
export type OperationKind = "read" | "update" | "create"

/**
 * Which documented rate limit an operation counts against: create user 10/min, metadata updates 50/min,
 * metadata reads 500/min.
 *
 * @internal
 */
export type RateClass = "create" | "update" | "read"

/**
 * The request bodies, by the name of their schema.
 *
 * @internal
 */
export type RequestBody = "CreateUserRequest" | "UpdateUserRequest" | "UpdateUnsubscribePreferencesRequest"

/**
 * The 2xx bodies, by the name of their schema.
 *
 * @internal
 */
export type ResponseBody = "User" | "UserEnvelope" | "ListUsersResponse" | "UnsubscribePreferencesResponse"

/**
 * What an operation does after an ambiguous attempt (one the server may have applied) when a repeat meets
 * the status it names:
 * - `lookupCreated`: a create meeting 409 fetches the user and returns it when it is what was asked;
 * - `alreadyDeleted`: a delete meeting 404 returns the deleted user's shape (the user is gone, as asked).
 *
 * @internal
 */
export type Recovery = { readonly status: 409; readonly then: "lookupCreated" } | {
  readonly status: 404
  readonly then: "alreadyDeleted"
}

/**
 * One endpoint.
 *
 * @internal
 */
export interface Operation {
  readonly method: Method
  /** The route template, as in the spec; `{user}` is the only parameter. Spans name this, never the path. */
  readonly route: string
  readonly kind: OperationKind
  readonly rateClass: RateClass
  /** Whether the route has a `{user}` segment: an email, checked by `userProblem` and sent by `encodeUser`. */
  readonly user: boolean
  /** The request body's schema, or `undefined` for none. */
  readonly body: RequestBody | undefined
  /** The 2xx body's schema. */
  readonly response: ResponseBody
  /** `data`: the result is the body's `data`; `body`: the body itself. */
  readonly unwrap: "data" | "body"
  readonly recovery: Recovery | undefined
}

const usersRoute = "/v1/orgs/self/users"
const userRoute = "/v1/orgs/self/users/{user}"
const selfRoute = "/v1/orgs/self/users/self"
const preferencesRoute = "/v1/orgs/self/users/self/preferences"

/**
 * The table. Keys are the operations' names as users call them (`Users.get`, `client.get`, ...).
 *
 * @internal
 */
export const operations = {
  create: {
    method: "POST",
    route: usersRoute,
    kind: "create",
    rateClass: "create",
    user: false,
    body: "CreateUserRequest",
    response: "UserEnvelope",
    unwrap: "data",
    recovery: { status: 409, then: "lookupCreated" }
  },
  deleteUser: {
    method: "DELETE",
    route: userRoute,
    kind: "update",
    rateClass: "update",
    user: true,
    body: undefined,
    response: "UserEnvelope",
    unwrap: "data",
    recovery: { status: 404, then: "alreadyDeleted" }
  },
  get: {
    method: "GET",
    route: userRoute,
    kind: "read",
    rateClass: "read",
    user: true,
    body: undefined,
    response: "User",
    unwrap: "body",
    recovery: undefined
  },
  getCurrentUser: {
    method: "GET",
    route: selfRoute,
    kind: "read",
    rateClass: "read",
    user: false,
    body: undefined,
    response: "User",
    unwrap: "body",
    recovery: undefined
  },
  list: {
    method: "GET",
    route: usersRoute,
    kind: "read",
    rateClass: "read",
    user: false,
    body: undefined,
    response: "ListUsersResponse",
    unwrap: "data",
    recovery: undefined
  },
  listUnsubscribePreferences: {
    method: "GET",
    route: preferencesRoute,
    kind: "read",
    rateClass: "read",
    user: false,
    body: undefined,
    response: "UnsubscribePreferencesResponse",
    unwrap: "data",
    recovery: undefined
  },
  updateUnsubscribePreferences: {
    method: "POST",
    route: preferencesRoute,
    kind: "update",
    rateClass: "update",
    user: false,
    body: "UpdateUnsubscribePreferencesRequest",
    response: "UnsubscribePreferencesResponse",
    unwrap: "data",
    recovery: undefined
  },
  update: {
    method: "POST",
    route: userRoute,
    kind: "update",
    rateClass: "update",
    user: true,
    body: "UpdateUserRequest",
    response: "User",
    unwrap: "body",
    recovery: undefined
  }
} as const satisfies Readonly<Record<string, Operation>>

/**
 * The name of an operation, e.g. `"create"` or `"get"`.
 *
 * @internal
 */
export type OperationName = keyof typeof operations

/**
 * The entry of one operation, with its literal types.
 *
 * @internal
 */
export type OperationOf<Name extends OperationName> = (typeof operations)[Name]

/**
 * The names of the operations, in the table's order (never empty: the table has entries).
 *
 * @internal
 */
export const operationNames = Object.keys(operations) as unknown as readonly [OperationName, ...Array<OperationName>]

/**
 * The operations whose route has a `{user}` segment.
 *
 * @internal
 */
export type UserOperation = { [Name in OperationName]: OperationOf<Name>["user"] extends true ? Name : never }[
  OperationName
]

/**
 * The operations that take a request body.
 *
 * @internal
 */
export type BodyOperation = {
  [Name in OperationName]: OperationOf<Name>["body"] extends RequestBody ? Name : never
}[OperationName]

/**
 * The path of a call: the route with its `{user}` replaced by an already encoded segment.
 *
 * @internal
 */
export const pathOf = (operation: Operation, encodedUser: string | undefined): string =>
  encodedUser === undefined ? operation.route : operation.route.replace("{user}", encodedUser)
