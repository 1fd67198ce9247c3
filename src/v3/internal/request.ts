import type * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import type { RequestParts } from "../../core/request.js"
import type * as RocksetError from "../RocksetError.js"

/**
 * A 2xx body's decoder: the operation's value, or Schema's description of why the body is not one.
 *
 * @internal
 */
export type Decoder<A> = (u: unknown) => Either.Either<A, ParseResult.ParseError>

/** @internal */
export interface RequestSpec<A> extends RequestParts {
  readonly decode: Decoder<A>
  /**
   * Turns a failure met on a repeat after an ambiguous attempt into the outcome the caller wanted
   * (create meeting 409, delete meeting 404), or `undefined` to keep the failure. `send` makes a lookup,
   * attempted under the policy too.
   */
  readonly recover: Recover<A> | undefined
}

/** @internal */
export type Recover<A> = (
  error: RocksetError.CallError,
  send: <B>(spec: RequestSpec<B>) => Effect.Effect<B, RocksetError.CallError>
) => Effect.Effect<A, RocksetError.CallError> | undefined
