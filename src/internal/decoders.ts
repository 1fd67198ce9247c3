import * as Either from "effect/Either"
import * as UsersSchema from "../UsersSchema.js"
import { schemaDecoder } from "./response.js"

const decodeEnvelope = schemaDecoder(UsersSchema.UserEnvelope)
const decodeList = schemaDecoder(UsersSchema.ListUsersResponse)
const decodePreferences = schemaDecoder(UsersSchema.UnsubscribePreferencesResponse)

/**
 * A bare `User` body: `get`, `getCurrentUser` and `update`.
 *
 * @internal
 */
export const user = schemaDecoder(UsersSchema.User)

/**
 * A `{ data: User }` body, unwrapped: `create` and `deleteUser`.
 *
 * @internal
 */
export const userEnvelope = (u: unknown) => Either.map(decodeEnvelope(u), (body): UsersSchema.User => body.data)

/**
 * A `{ data: User[] }` body, unwrapped: `list`.
 *
 * @internal
 */
export const userList = (u: unknown) => Either.map(decodeList(u), (body) => body.data)

/**
 * A `{ data: UnsubscribePreference[] }` body, unwrapped: both preference operations.
 *
 * @internal
 */
export const preferenceList = (u: unknown) => Either.map(decodePreferences(u), (body) => body.data)
