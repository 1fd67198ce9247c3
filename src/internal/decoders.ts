import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import {
  type Operation,
  type OperationName,
  operationNames,
  type OperationOf,
  operations,
  type RequestBody,
  type ResponseBody
} from "../core/operations.js"
import * as UsersSchema from "../UsersSchema.js"
import { schemaDecoder } from "./response.js"

/**
 * The schemas, by the names the operation table gives them: a name without its schema is a compile error.
 *
 * @internal
 */
export const schemas = {
  CreateUserRequest: UsersSchema.CreateUserRequest,
  UpdateUserRequest: UsersSchema.UpdateUserRequest,
  UpdateUnsubscribePreferencesRequest: UsersSchema.UpdateUnsubscribePreferencesRequest,
  User: UsersSchema.User,
  UserEnvelope: UsersSchema.UserEnvelope,
  ListUsersResponse: UsersSchema.ListUsersResponse,
  UnsubscribePreferencesResponse: UsersSchema.UnsubscribePreferencesResponse
} as const satisfies { readonly [Name in RequestBody | ResponseBody]: Schema.Schema.AnyNoContext }

/** @internal */
export type Schemas = typeof schemas

type BodyOf<Op extends Operation> = Schema.Schema.Type<Schemas[Op["response"]]>

/**
 * What an operation returns: its 2xx body, or the body's `data`, as the table says.
 *
 * @internal
 */
export type Result<Name extends OperationName> = OperationOf<Name>["unwrap"] extends "data"
  ? BodyOf<OperationOf<Name>> extends { readonly data: infer Data } ? Data : never
  : BodyOf<OperationOf<Name>>

/** @internal */
export type Decoder<A> = (u: unknown) => Either.Either<A, ParseResult.ParseError>

const unwrapData = (body: unknown): unknown =>
  typeof body === "object" && body !== null && "data" in body ? body.data : undefined

const decoderOf = (operation: Operation): Decoder<unknown> => {
  const schema: Schema.Schema.AnyNoContext = schemas[operation.response]
  const decode: Decoder<unknown> = schemaDecoder(schema)
  return operation.unwrap === "body" ? decode : (u) => Either.map(decode(u), unwrapData)
}

const built = new Map<ResponseBody | `${ResponseBody}.data`, Decoder<unknown>>()
for (const name of operationNames) {
  const operation: Operation = operations[name]
  const key = operation.unwrap === "body" ? operation.response : (`${operation.response}.data` as const)
  if (!built.has(key)) built.set(key, decoderOf(operation))
}

/**
 * The 2xx decoder of each operation, from its response schema and `unwrap`. One decoder per distinct pair.
 *
 * @internal
 */
export const decoders = Object.fromEntries(
  operationNames.map((name) => {
    const operation: Operation = operations[name]
    return [name, built.get(operation.unwrap === "body" ? operation.response : `${operation.response}.data`)!]
  })
  // the decoder of each name implements the schema the table names for it, with its unwrapping: its output
  // is that operation's `Result`
) as unknown as { readonly [Name in OperationName]: Decoder<Result<Name>> }

/**
 * A bare `User` body: `get`, `getCurrentUser` and `update`.
 *
 * @internal
 */
export const user = decoders.get

/**
 * A `{ data: User }` body, unwrapped: `create` and `deleteUser`.
 *
 * @internal
 */
export const userEnvelope = decoders.create

/**
 * A `{ data: User[] }` body, unwrapped: `list`.
 *
 * @internal
 */
export const userList = decoders.list

/**
 * A `{ data: UnsubscribePreference[] }` body, unwrapped: both preference operations.
 *
 * @internal
 */
export const preferenceList = decoders.listUnsubscribePreferences
