import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import { transportFields } from "../core/failure.js"
import { errorBodyFields, issuesDetail, parseJsonBody, retryAfterMillisOf } from "../core/responseBody.js"
import * as RocksetError from "../RocksetError.js"
import type { Decoder } from "./request.js"
import type { AttemptFailure, AttemptResponse } from "./transport.js"

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
  retryAfter: Duration.Duration | undefined
): RocksetError.StatusError | RocksetError.UnexpectedStatus => {
  const fields = {
    operation,
    status,
    ...errorBodyFields(text, secret),
    ...(retryAfter === undefined ? {} : { retryAfter })
  }
  const ErrorClass = byStatus[status]
  return ErrorClass === undefined ? new RocksetError.UnexpectedStatus(fields) : new ErrorClass(fields)
}

/**
 * Builds the typed error of a non-2xx response from its status, headers (`header` takes a lower-case name)
 * and body text.
 *
 * @internal
 */
export const errorFromResponse = (
  operation: RocksetError.OperationName,
  status: number,
  header: (name: string) => string | undefined,
  text: string,
  secret: string,
  now: number
): RocksetError.StatusError | RocksetError.UnexpectedStatus => {
  const retryAfter = retryAfterMillisOf(status, header, now)
  return errorFromBody(
    operation,
    status,
    text,
    secret,
    retryAfter === undefined ? undefined : Duration.millis(retryAfter)
  )
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
 * The one error mapper of an attempt that failed: a transport failure, classified (see `core/failure.ts`),
 * or the time limit of the given scope.
 *
 * @internal
 */
export const attemptError = (
  operation: RocksetError.OperationName,
  failure: AttemptFailure,
  url: string,
  secret: string,
  limit: Duration.Duration,
  scope: "attempt" | "total"
): RocksetError.Transport | RocksetError.Timeout => {
  if (failure._tag === "TimedOut") return new RocksetError.Timeout({ operation, scope, after: limit })
  return new RocksetError.Transport({
    operation,
    ...transportFields(failure.phase, failure.reason, failure.cause, url, secret)
  })
}

/**
 * The outcome of a response: its body decoded when the status is 2xx, else the status's error.
 *
 * @internal
 */
export const responseOutcome = <A>(
  operation: RocksetError.OperationName,
  response: AttemptResponse,
  decode: Decoder<A>,
  secret: string,
  now: number
): Either.Either<A, RocksetError.CallError> => {
  const status = response.status
  if (status >= 200 && status < 300) return decodeBody(operation, status, response.text, decode, secret)
  return Either.left(
    errorFromResponse(
      operation,
      status,
      (name) => response.header(name),
      response.text,
      secret,
      now
    )
  )
}
