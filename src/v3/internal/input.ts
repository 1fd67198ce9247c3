import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { userProblem } from "../../core/userPath.js"
import * as RocksetError from "../RocksetError.js"

/**
 * Checks an operation's input against its request schema before any I/O. Unknown fields are refused; the
 * error names the field at fault and never echoes an email.
 *
 * @internal
 */
export const checkInput = <A, I>(
  operation: RocksetError.OperationName,
  schema: Schema.Schema<A, I>,
  input: unknown
): Either.Either<A, RocksetError.InvalidRequest> =>
  Either.mapLeft(Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(input), (error) => {
    const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
    return new RocksetError.InvalidRequest({
      operation,
      field: issue === undefined || issue.path.length === 0 ? "input" : issue.path.join("."),
      reason: issue === undefined
        ? "is not valid"
        : issue._tag === "Unexpected"
        ? "is not a field of this request"
        : issue._tag === "Missing"
        ? "is required"
        : RocksetError.redactEmails(issue.message)
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
): Either.Either<string, RocksetError.InvalidRequest> => {
  if (typeof user !== "string") {
    return Either.left(
      new RocksetError.InvalidRequest({ operation, field: "user", reason: "must be a string (the user's email)" })
    )
  }
  const problem = userProblem(user)
  return problem === undefined
    ? Either.right(user)
    : Either.left(new RocksetError.InvalidRequest({ operation, field: "user", reason: problem }))
}
