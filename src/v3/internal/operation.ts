/**
 * An operation of the table, implemented once: its arguments checked before any I/O (the `{user}` segment,
 * the request body against its schema), its request spec built from the table (path, body, decoder, the
 * recovery after an ambiguous attempt), then run by a runner: over HTTP by the call loop (`Users`), or in
 * memory (`InMemoryUsers`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Schema from "effect/Schema"
import { type OperationName, operationNames, operations, type Recovery } from "../../core/operations.js"
import { bodyIndex, createdLookup, isCreated, recoveryTag, requestParts } from "../../core/request.js"
import { deletedUser } from "../../core/wire.js"
import type * as RocksetError from "../RocksetError.js"
import { decoders, schemas, type Value } from "./decoders.js"
import { checkInput, checkUser } from "./input.js"
import type { Recover, RequestSpec } from "./request.js"
import type { OperationFunction, Operations } from "./signatures.js"

/**
 * A call's arguments once checked: the `{user}` (when the route has one) and the decoded request body.
 *
 * @internal
 */
export interface Checked {
  readonly user: string | undefined
  readonly body: unknown
}

/**
 * Carries out a checked call.
 *
 * @internal
 */
export type Runner<R> = <Name extends OperationName>(
  spec: RequestSpec<Value<Name>>,
  checked: Checked
) => Effect.Effect<Value<Name>, RocksetError.CallError, R>

/** The recoveries of the table, each turning a failure met on a repeat into the outcome the caller wanted. */
const recoveries: { readonly [Then in Recovery["then"]]: (checked: Checked) => Recover<unknown> | undefined } = {
  // a repeated create meeting 409 fetches the user (retried like any read) and returns it when it is what was asked
  lookupCreated: ({ body }) => {
    const email = createdLookup(body)
    if (email === undefined) return undefined
    return (error, send) =>
      Effect.flatMap(
        Effect.mapError(send(specOf("get", { user: email, body: undefined })), () => error),
        (user) => isCreated(user, body) ? Effect.succeed(user) : Effect.fail(error)
      )
  },
  // a repeated delete meeting 404: the user is gone, as asked; the API's shape of a deleted user
  alreadyDeleted: ({ user }) => user === undefined ? undefined : () => Effect.succeed(deletedUser(user.toLowerCase()))
}

/** The request of a call whose arguments were checked. */
const specOf = <Name extends OperationName>(name: Name, checked: Checked): RequestSpec<Value<Name>> => {
  const recovery: Recovery | undefined = operations[name].recovery
  const recover = recovery === undefined ? undefined : recoveries[recovery.then](checked)
  const tag = recoveryTag(name)
  return {
    ...requestParts(name, checked.user, checked.body),
    decode: decoders[name],
    recover: recover === undefined ? undefined : (error, send) =>
      // the recovery's result is the operation's (a created or deleted user)
      error._tag === tag ? recover(error, send) as Effect.Effect<Value<Name>, RocksetError.CallError> : undefined
  }
}

/**
 * The operation `name`, run by `run`.
 *
 * @internal
 */
export const implementWith =
  <R>(run: Runner<R>) => <Name extends OperationName>(name: Name): OperationFunction<Name, R> => {
    const operation = operations[name]
    const bodySchema: Schema.Schema.AnyNoContext | undefined = operation.body === undefined
      ? undefined
      : schemas[operation.body]
    const at = bodyIndex(name)
    const call = (
      ...args: ReadonlyArray<unknown>
    ): Effect.Effect<Value<Name>, RocksetError.RocksetError, R> => {
      let user: string | undefined
      if (operation.user) {
        const checked = checkUser(name, args[0])
        if (Either.isLeft(checked)) return Effect.fail(checked.left)
        user = checked.right
      }
      let body: unknown
      if (bodySchema !== undefined) {
        const checked = checkInput(name, bodySchema, args[at])
        if (Either.isLeft(checked)) return Effect.fail(checked.left)
        body = checked.right
      }
      const checked = { user, body }
      return run(specOf(name, checked), checked)
    }
    // the arguments are those the table declares (checked at run time, as input from JavaScript may be
    // anything), and an operation without any fails with CallErrors only
    return call as unknown as OperationFunction<Name, R>
  }

/**
 * Every operation of the table, run by `run`.
 *
 * @internal
 */
export const serviceWith = <R>(run: Runner<R>): Operations<R> => {
  const implement = implementWith(run)
  const service: Partial<Record<OperationName, unknown>> = {}
  for (const name of operationNames) service[name] = implement(name)
  // one function per name of the table, each the table's own
  return service as Operations<R>
}
