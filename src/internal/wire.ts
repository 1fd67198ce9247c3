/**
 * The Users operations as the live API answers them on the wire: the domain operation, then its 200 body or
 * its error body as JSON text. The emulator sends this text over HTTP; the in-memory test layer hands it to
 * the client's own decoders. Both run the same code from the domain to the bytes, so they cannot drift.
 *
 * @since 0.1.0
 * @internal
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as RocksetError from "../RocksetError.js"
import * as UsersSchema from "../UsersSchema.js"
import * as Domain from "./domain.js"

const encodeOptions = { propertyOrder: "original" } as const

/**
 * Encodes a value with its wire schema, keeping the order of its keys.
 *
 * @since 0.1.0
 * @internal
 */
export const encodeJson = <A, I>(schema: Schema.Schema<A, I>, value: A): string =>
  JSON.stringify(Schema.encodeSync(schema)(value, encodeOptions))

/**
 * The error body of a refusal, as JSON text.
 *
 * @since 0.1.0
 * @internal
 */
export const errorJson = (failure: Domain.DomainError, traceId: string): string =>
  encodeJson(UsersSchema.ErrorBody, Domain.errorBody(failure, traceId))

/**
 * Runs one operation of the API and encodes its 200 body as the live API would. `user` is the decoded
 * `{user}` path segment (ignored by the operations without one), `body` the parsed JSON request body.
 *
 * @since 0.1.0
 * @internal
 */
export const perform = (
  operation: RocksetError.OperationName,
  state: Domain.State,
  apiKey: string,
  user: string,
  body: unknown,
  now: number
): Domain.Outcome<string> => {
  const encodeWith = <A, I>(schema: Schema.Schema<A, I>, outcome: Domain.Outcome<A>): Domain.Outcome<string> =>
    Either.map(outcome, (transition) => ({ state: transition.state, value: encodeJson(schema, transition.value) }))
  const wrap = <A>(outcome: Domain.Outcome<A>): Domain.Outcome<{ readonly data: A }> =>
    Either.map(outcome, (transition) => ({ state: transition.state, value: { data: transition.value } }))
  switch (operation) {
    case "create":
      return encodeWith(UsersSchema.UserEnvelope, wrap(Domain.createUser(state, apiKey, body, now)))
    case "deleteUser":
      return encodeWith(UsersSchema.UserEnvelope, wrap(Domain.deleteUser(state, apiKey, user)))
    case "get":
      return encodeWith(UsersSchema.User, Domain.getUser(state, apiKey, user))
    case "getCurrentUser":
      return encodeWith(UsersSchema.User, Domain.getCurrentUser(state, apiKey))
    case "list":
      return encodeWith(UsersSchema.ListUsersResponse, wrap(Domain.listUsers(state, apiKey)))
    case "update":
      return encodeWith(UsersSchema.User, Domain.updateUser(state, apiKey, user, body))
    case "listUnsubscribePreferences":
      return encodeWith(UsersSchema.UnsubscribePreferencesResponse, wrap(Domain.listPreferences(state, apiKey)))
    case "updateUnsubscribePreferences":
      return encodeWith(UsersSchema.UnsubscribePreferencesResponse, wrap(Domain.updatePreferences(state, apiKey, body)))
  }
}
