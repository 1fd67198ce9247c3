import * as Duration from "effect/Duration"
// v4: import * as Result from "effect/Result"
import * as Either from "effect/Either"
// v4: import * as SchemaIssue from "effect/SchemaIssue"
import * as ParseResult from "effect/ParseResult"
import type { Answer } from "../core/responseBody.js"
import { errorBodyFields, issuesDetail, parseJsonBody, retryAfterMillisOf } from "../core/responseBody.js"
import * as RocksetError from "../RocksetError.js"
import type { Decoder } from "./request.js"

const byStatus: Readonly<
  // v4: Record<
  // v4:   number,
  // v4:   new(fields: Omit<ConstructorParameters<typeof RocksetError.NotFound>[0], "_tag">) => RocksetError.StatusError
  // v4: >
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

// v4+: const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()
// v4+:
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
  // v4: ): Result.Result<A, RocksetError.Decode> => {
): Either.Either<A, RocksetError.Decode> => {
  const parsed = parseJsonBody(text, secret)
  if (!parsed.ok) {
    // v4: return Result.fail(new RocksetError.Decode({ operation, status, reason: "InvalidJson", detail: parsed.detail }))
    return Either.left(new RocksetError.Decode({ operation, status, reason: "InvalidJson", detail: parsed.detail }))
  }
  // v4: return Result.mapError(decode(parsed.json), (error) =>
  return Either.mapLeft(decode(parsed.json), (error) =>
    new RocksetError.Decode({
      operation,
      status,
      reason: "UnexpectedShape",
      // v4: detail: issuesDetail(
      // v4:   formatIssues(error.issue).issues.map((issue) => ({
      // v4:     path: issue.path?.map((segment) => typeof segment === "object" ? segment.key : segment) ?? [],
      // v4:     message: issue.message
      // v4:   })),
      // v4:   secret
      // v4: )
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
  // v4: ): Result.Result<A, RocksetError.CallError> => {
): Either.Either<A, RocksetError.CallError> => {
  const status = response.status
  if (status >= 200 && status < 300) return decodeBody(operation, status, response.text, decode, secret)
  // v4: return Result.fail(
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
