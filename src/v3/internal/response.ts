import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type { Answer } from "../../core/responseBody.js"
import { errorBodyFields, issuesDetail, parseJsonBody, retryAfterMillisOf } from "../../core/responseBody.js"
import * as RocksetError from "../RocksetError.js"
import type { Decoder } from "./request.js"

const byStatus: Readonly<
  Record<number, new(fields: ConstructorParameters<typeof RocksetError.NotFound>[0]) => RocksetError.StatusError>
> = RocksetError.statusErrors

/**
 * Builds the typed error of a non-2xx status from its body text: the Rockset error body when it is one, else
 * a short excerpt of what came instead.
 *
 * @internal
 */
export const errorFromBody = (
  operation: RocksetError.OperationName,
  status: number,
  text: string,
  secret: string,
  retryAfterMillis: number | undefined
): RocksetError.StatusError | RocksetError.UnexpectedStatus => {
  const fields = {
    operation,
    status,
    ...errorBodyFields(text, secret),
    ...(retryAfterMillis === undefined ? {} : { retryAfter: Duration.millis(retryAfterMillis) })
  }
  const ErrorClass = byStatus[status]
  return ErrorClass === undefined ? new RocksetError.UnexpectedStatus(fields) : new ErrorClass(fields)
}

/**
 * Decodes a 2xx body: parses the JSON, then checks it against the schema.
 *
 * @internal
 */
export const decodeBody = <A>(
  operation: RocksetError.OperationName,
  status: number,
  text: string,
  decode: Decoder<A>,
  secret: string
): Either.Either<A, RocksetError.Decode> => {
  const parsed = parseJsonBody(text, secret)
  if (!parsed.ok) {
    return Either.left(new RocksetError.Decode({ operation, status, reason: "InvalidJson", detail: parsed.detail }))
  }
  return Either.mapLeft(decode(parsed.json), (error) =>
    new RocksetError.Decode({
      operation,
      status,
      reason: "UnexpectedShape",
      detail: issuesDetail(ParseResult.ArrayFormatter.formatErrorSync(error), secret)
    }))
}

/**
 * The outcome of a response: its body decoded when the status is 2xx, else the status's error.
 *
 * @internal
 */
export const responseOutcome = <A>(
  operation: RocksetError.OperationName,
  response: Answer,
  decode: Decoder<A>,
  secret: string,
  now: number
): Either.Either<A, RocksetError.CallError> => {
  const status = response.status
  if (status >= 200 && status < 300) return decodeBody(operation, status, response.text, decode, secret)
  return Either.left(
    errorFromBody(
      operation,
      status,
      response.text,
      secret,
      retryAfterMillisOf(status, (name) => response.header(name), now)
    )
  )
}
