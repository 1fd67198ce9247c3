import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { scrubSecret } from "../core/redact.js"
import * as RocksetError from "../RocksetError.js"
import { ErrorBody } from "../UsersSchema.js"
import * as JsonDecoder from "./jsonDecoder.js"

const excerptLength = 200

/**
 * Parses `Retry-After`: delta-seconds, or an HTTP-date measured against the response's own `Date` header
 * when it has one (so a skewed local clock does not matter), else against `now`. Garbage gives `undefined`.
 *
 * @internal
 */
export const parseRetryAfter = (
  value: string | undefined,
  serverDate: string | undefined,
  now: number
): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d{1,10}$/.test(trimmed)) return Duration.seconds(Number(trimmed))
  if (!/^[A-Za-z]{3},/.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  const reference = serverDate === undefined ? Number.NaN : Date.parse(serverDate)
  const delta = at - (Number.isNaN(reference) ? now : reference)
  return Duration.millis(Math.max(0, delta))
}

const decodeErrorBody = Schema.decodeUnknownEither(ErrorBody)

const scrubBody = (body: ErrorBody, secret: string): ErrorBody => {
  let changed = false
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") {
      const scrubbed = scrubSecret(value, secret)
      if (scrubbed !== value) changed = true
      out[key] = scrubbed
    } else {
      out[key] = value
    }
  }
  return changed ? (out as ErrorBody) : body
}

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
  let body: ErrorBody | undefined
  let bodyExcerpt: string | undefined
  const trimmed = text.trim()
  if (trimmed.startsWith("{")) {
    try {
      const decoded = decodeErrorBody(JSON.parse(trimmed))
      if (Either.isRight(decoded)) body = scrubBody(decoded.right, secret)
    } catch {
      // not JSON: fall through to the excerpt
    }
  }
  if (body === undefined) bodyExcerpt = scrubSecret(trimmed.slice(0, excerptLength), secret)
  const fields = {
    operation,
    status,
    ...(body === undefined ? {} : { body }),
    ...(bodyExcerpt === undefined ? {} : { bodyExcerpt }),
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
  const retryAfter = status === 429 || status === 503 || status === 408 || status >= 500
    ? parseRetryAfter(header("retry-after"), header("date"), now)
    : undefined
  return errorFromBody(operation, status, text, secret, retryAfter)
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
  decode: (u: unknown) => Either.Either<A, ParseResult.ParseError>,
  secret: string
): Either.Either<A, RocksetError.Decode> => {
  const clean = (detail: string) => RocksetError.redactEmails(scrubSecret(detail, secret))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return Either.left(
      new RocksetError.Decode({
        operation,
        status,
        reason: "InvalidJson",
        detail: text.length === 0 ? "the body is empty" : clean(error instanceof Error ? error.message : "not JSON")
      })
    )
  }
  return Either.mapLeft(decode(json), (error) =>
    new RocksetError.Decode({
      operation,
      status,
      reason: "UnexpectedShape",
      detail: clean(
        ParseResult.ArrayFormatter.formatErrorSync(error)
          .slice(0, 5)
          .map((issue) => `${issue.path.length === 0 ? "body" : issue.path.join(".")}: ${issue.message}`)
          .join("; ")
      )
    }))
}

/**
 * Decodes a parsed JSON body with a schema, keeping undeclared keys. When the schema compiles (see
 * `jsonDecoder.ts`), valid bodies take the compiled path and only invalid ones go through Schema, which
 * describes the failure.
 *
 * @internal
 */
export const schemaDecoder = <A, I>(
  schema: Schema.Schema<A, I>
): (u: unknown) => Either.Either<A, ParseResult.ParseError> => {
  const decode = Schema.decodeUnknownEither(schema, { onExcessProperty: "preserve" })
  const compiled = JsonDecoder.compile(schema.ast)
  if (compiled === undefined) return decode
  return (u) => {
    const output = compiled(u)
    // the compiled decoder implements this schema's AST, so a valid output is an `A`
    return output === JsonDecoder.invalid ? decode(u) : Either.right(output as A)
  }
}
