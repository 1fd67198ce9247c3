import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import {
  type Operation,
  type OperationName,
  type OperationOf,
  type RequestBody,
  type ResponseBody
} from "../../core/operations.js"
import { byResponse } from "../../core/request.js"
import * as UsersSchema from "../UsersSchema.js"
import type { Decoder } from "./request.js"

/**
 * The schemas, by the names the operation table gives them: `UsersSchema`'s exports of those names. A name
 * the table gives without an export of `UsersSchema` by that name is a compile error.
 *
 * @internal
 */
export const schemas: Pick<typeof UsersSchema, RequestBody | ResponseBody> = UsersSchema

// each of them a schema that needs no context
schemas satisfies { readonly [Name in RequestBody | ResponseBody]: Schema.Schema.AnyNoContext }

/** @internal */
export type Schemas = typeof schemas

type BodyOf<Op extends Operation> = Schemas[Op["response"]]["Type"]

/**
 * What an operation returns: its 2xx body, or the body's `data`, as the table says.
 *
 * @internal
 */
export type Value<Name extends OperationName> = OperationOf<Name>["unwrap"] extends "data"
  ? BodyOf<OperationOf<Name>> extends { readonly data: infer Data } ? Data : never
  : BodyOf<OperationOf<Name>>

const unwrapData = (body: unknown): unknown =>
  typeof body === "object" && body !== null && "data" in body ? body.data : undefined

const decoderOf = (operation: Operation): Decoder<unknown> => {
  const schema: Schema.Schema.AnyNoContext = schemas[operation.response]
  // undeclared keys (phone_number, org_memberships, ...) stay: a record's index signature keeps them, and
  // "preserve" keeps those of a struct without one, such as the envelopes
  const decode: Decoder<unknown> = Schema.decodeUnknownEither(schema, { onExcessProperty: "preserve" })
  return operation.unwrap === "body" ? decode : (u) => Either.map(decode(u), unwrapData)
}

// the decoder of each name implements the schema the table names for it, with its unwrapping: its output is
// that operation's `Value`
/**
 * The 2xx decoder of each operation, from its response schema and `unwrap`. One decoder per distinct pair.
 *
 * @internal
 */
export const decoders = byResponse(decoderOf) as unknown as { readonly [Name in OperationName]: Decoder<Value<Name>> }
