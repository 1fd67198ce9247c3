import * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import * as SchemaIssue from "effect/SchemaIssue"
import type { Answer } from "../../core/responseBody.js"
import { errorBodyFields, issuesDetail, parseJsonBody, retryAfterMillisOf } from "../../core/responseBody.js"
import * as RocksetError from "../RocksetError.js"
import type { Decoder } from "./request.js"

const byStatus: Readonly<
  Record<
    number,
    new(fields: Omit<ConstructorParameters<typeof RocksetError.NotFound>[0], "_tag">) => RocksetError.StatusError
  >
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

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

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
): Result.Result<A, RocksetError.Decode> => {
  const parsed = parseJsonBody(text, secret)
  if (!parsed.ok) {
    return Result.fail(new RocksetError.Decode({ operation, status, reason: "InvalidJson", detail: parsed.detail }))
  }
  return Result.mapError(decode(parsed.json), (error) =>
    new RocksetError.Decode({
      operation,
      status,
      reason: "UnexpectedShape",
      detail: issuesDetail(
        formatIssues(error.issue).issues.map((issue) => ({
          path: issue.path?.map((segment) => typeof segment === "object" ? segment.key : segment) ?? [],
          message: issue.message
        })),
        secret
      )
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
): Result.Result<A, RocksetError.CallError> => {
  const status = response.status
  if (status >= 200 && status < 300) return decodeBody(operation, status, response.text, decode, secret)
  return Result.fail(
    errorFromBody(
      operation,
      status,
      response.text,
      secret,
      retryAfterMillisOf(status, (name) => response.header(name), now)
    )
  )
}
