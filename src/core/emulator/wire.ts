/**
 * The Users operations as the live API answers them on the wire: the domain operation, then its 200 body or
 * its error body as JSON text. The emulator sends this text over HTTP; the in-memory test layer hands it to
 * the client's own decoders. Both run the same code from the domain to the bytes, so they cannot drift.
 *
 * The domain builds every value in the recorded key order, and `JSON.stringify` keeps it.
 *
 * @internal
 */
import { type OperationName, operations } from "../operations.js"
import * as Domain from "./domain.js"

/**
 * One call: `user` is the decoded `{user}` path segment (ignored by the operations without one), `body` the
 * parsed JSON request body.
 *
 * @internal
 */
export interface Call {
  readonly state: Domain.State
  readonly apiKey: string
  readonly user: string
  readonly body: unknown
  readonly now: number
}

/** Each operation's domain function; an operation added to the table and missing here is a compile error. */
const domain: { readonly [Name in OperationName]: (call: Call) => Domain.Outcome<unknown> } = {
  create: ({ apiKey, body, now, state }) => Domain.createUser(state, apiKey, body, now),
  deleteUser: ({ apiKey, state, user }) => Domain.deleteUser(state, apiKey, user),
  get: ({ apiKey, state, user }) => Domain.getUser(state, apiKey, user),
  getCurrentUser: ({ apiKey, state }) => Domain.getCurrentUser(state, apiKey),
  list: ({ apiKey, state }) => Domain.listUsers(state, apiKey),
  listUnsubscribePreferences: ({ apiKey, state }) => Domain.listPreferences(state, apiKey),
  updateUnsubscribePreferences: ({ apiKey, body, state }) => Domain.updatePreferences(state, apiKey, body),
  update: ({ apiKey, body, state, user }) => Domain.updateUser(state, apiKey, user, body)
}

/**
 * Runs one operation of the API and writes its 200 body as the live API would: wrapped in `{ data }` when
 * the table says the result is the body's `data`.
 *
 * @internal
 */
export const perform = (operation: OperationName, call: Call): Domain.Outcome<string> => {
  const outcome = domain[operation](call)
  if (!outcome.ok) return outcome
  const body = operations[operation].unwrap === "data" ? { data: outcome.value } : outcome.value
  return { ok: true, state: outcome.state, value: JSON.stringify(body) }
}

/**
 * The error body of a refusal, as JSON text.
 *
 * @internal
 */
export const errorJson = (failure: Domain.DomainError, traceId: string): string =>
  JSON.stringify(Domain.errorBody(failure, traceId))
