import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { userProblem } from "../../core/userPath.js"
import * as RocksetError from "../RocksetError.js"

// Markers for the two issues whose reason this edition words itself (the formatter's own words echo input).
const unexpected = "\u0000unexpected"
const missing = "\u0000missing"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1({
  leafHook: (issue) =>
    issue._tag === "UnexpectedKey"
      ? unexpected
      : issue._tag === "MissingKey"
      ? missing
      : SchemaIssue.defaultLeafHook(issue)
})

const reasonOf = (message: string): string =>
  message === unexpected
    ? "is not a field of this request"
    : message === missing
    ? "is required"
    : RocksetError.redactEmails(message)

/**
 * Checks an operation's input against its request schema before any I/O. Unknown fields are refused; the
 * error names the field at fault and never echoes an email.
 *
 * @internal
 */
export const checkInput = <S extends Schema.Decoder<unknown>>(
  operation: RocksetError.OperationName,
  schema: S,
  input: unknown
): Result.Result<S["Type"], RocksetError.InvalidRequest> =>
  Result.mapError(Schema.decodeUnknownResult(schema)(input, { onExcessProperty: "error" }), (error) => {
    const [issue] = formatter(error.issue).issues
    const path = issue?.path?.map((segment) => String(typeof segment === "object" ? segment.key : segment)) ?? []
    return new RocksetError.InvalidRequest({
      operation,
      field: path.length === 0 ? "input" : path.join("."),
      reason: issue === undefined ? "is not valid" : reasonOf(issue.message)
    })
  })

/**
 * Checks a `{user}` argument before any I/O: a string that can go as exactly one path segment.
 *
 * @internal
 */
export const checkUser = (
  operation: RocksetError.OperationName,
  user: unknown
): Result.Result<string, RocksetError.InvalidRequest> => {
  if (typeof user !== "string") {
    return Result.fail(
      new RocksetError.InvalidRequest({ operation, field: "user", reason: "must be a string (the user's email)" })
    )
  }
  const problem = userProblem(user)
  return problem === undefined
    ? Result.succeed(user)
    : Result.fail(new RocksetError.InvalidRequest({ operation, field: "user", reason: problem }))
}
