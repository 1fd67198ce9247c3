/**
 * A call's request as the operation table makes it, and what the recoveries of the table decide, over plain
 * values: each edition's `operation.ts` wraps these in its own `Effect` and `Schema`. Nothing here imports
 * Effect.
 *
 * @internal
 */
import {
  type Method,
  type Operation,
  type OperationKind,
  type OperationName,
  operationNames,
  operations,
  pathOf
} from "./operations.js"
import { statuses } from "./statuses.js"
import { encodeUser, userProblem } from "./userPath.js"
import { sameRoles } from "./wire.js"

/**
 * What the table says of a call whose arguments were checked: everything a request spec holds but its
 * decoder and recovery.
 *
 * @internal
 */
export interface RequestParts {
  readonly operation: OperationName
  readonly kind: OperationKind
  readonly method: Method
  /** The route template, for spans: never the concrete path, which holds an email. */
  readonly route: string
  /** The encoded path. */
  readonly path: string
  /** The JSON body, as text. */
  readonly body: string | undefined
}

/**
 * The request parts of `name` called with the checked `{user}` and body.
 *
 * @internal
 */
export const requestParts = (name: OperationName, user: string | undefined, body: unknown): RequestParts => {
  const operation = operations[name]
  return {
    operation: name,
    kind: operation.kind,
    method: operation.method,
    route: operation.route,
    path: pathOf(operation, user === undefined ? undefined : encodeUser(user)),
    body: body === undefined ? undefined : JSON.stringify(body)
  }
}

/**
 * How many arguments an operation takes: its `{user}`, then its request body, as the table declares.
 *
 * @internal
 */
export const argumentCount = (name: OperationName): number =>
  (operations[name].user ? 1 : 0) + (operations[name].body === undefined ? 0 : 1)

/**
 * The position of the request body among an operation's arguments (after the `{user}` when it has one).
 *
 * @internal
 */
export const bodyIndex = (name: OperationName): number => operations[name].user ? 1 : 0

/**
 * The error tag a repeat must meet for the operation's recovery to apply, or `undefined` when it has none.
 *
 * @internal
 */
export const recoveryTag = (name: OperationName): string | undefined => {
  const recovery = operations[name].recovery
  return recovery === undefined ? undefined : statuses[recovery.status].tag
}

const isCreateBody = (body: unknown): body is { readonly email: string; readonly roles: ReadonlyArray<string> } =>
  typeof body === "object" && body !== null && "email" in body && typeof body.email === "string" && "roles" in body &&
  Array.isArray(body.roles)

/**
 * The email a repeated create that met 409 looks up, or `undefined` when it cannot be looked up.
 *
 * @internal
 */
export const createdLookup = (body: unknown): string | undefined =>
  isCreateBody(body) && userProblem(body.email) === undefined ? body.email : undefined

/**
 * Whether the user found by that lookup is the one the create asked for: the same email, the same roles.
 *
 * @internal
 */
export const isCreated = (
  user: { readonly email: string; readonly roles?: ReadonlyArray<string> | null | undefined },
  body: unknown
): boolean =>
  isCreateBody(body) && user.email.toLowerCase() === body.email.toLowerCase() && sameRoles(user.roles, body.roles)

/**
 * One value per operation, built once per distinct response schema and unwrapping (so that operations that
 * answer the same way share it): each edition's 2xx decoders.
 *
 * @internal
 */
export const byResponse = <D>(build: (operation: Operation) => D): { readonly [Name in OperationName]: D } => {
  const built = new Map<string, D>()
  const out: Partial<Record<OperationName, D>> = {}
  for (const name of operationNames) {
    const operation: Operation = operations[name]
    const key = operation.unwrap === "body" ? operation.response : `${operation.response}.data`
    let value = built.get(key)
    if (value === undefined) {
      value = build(operation)
      built.set(key, value)
    }
    out[name] = value
  }
  // one entry per name of the table
  return out as { readonly [Name in OperationName]: D }
}
