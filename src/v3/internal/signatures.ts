import type * as Effect from "effect/Effect"
import type { OperationName, OperationOf, RequestBody } from "../../core/operations.js"
import type * as RocksetError from "../RocksetError.js"
import type { Schemas, Value } from "./decoders.js"

/** @internal */
export type UserArgument<Name extends OperationName> = OperationOf<Name>["user"] extends true ? [user: string] : []

/** @internal */
export type InputArgument<Name extends OperationName> = OperationOf<Name>["body"] extends RequestBody
  ? [input: Schemas[OperationOf<Name>["body"]]["Encoded"]]
  : []

/**
 * The arguments of an operation: its `{user}`, then its request body, as the table says it has them.
 *
 * @internal
 */
export type Arguments<Name extends OperationName> = [...UserArgument<Name>, ...InputArgument<Name>]

/**
 * An operation with arguments may refuse them before any I/O.
 *
 * @internal
 */
export type ErrorOf<Name extends OperationName> = Arguments<Name> extends [] ? RocksetError.CallError
  : RocksetError.RocksetError

/**
 * The function of an operation, needing `R`.
 *
 * @internal
 */
export type OperationFunction<Name extends OperationName, R> = (
  ...args: Arguments<Name>
) => Effect.Effect<Value<Name>, ErrorOf<Name>, R>

/**
 * Every operation's function, needing `R`: one per entry of the operation table.
 *
 * @internal
 */
export type Operations<R> = { readonly [Name in OperationName]: OperationFunction<Name, R> }
