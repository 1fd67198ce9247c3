/**
 * The typed errors of every operation: one class per documented HTTP status, and the failures that
 * happen around a response (transport, timeout, undecodable body, input refused before any I/O).
 *
 * No error carries the request, its headers or the API key; messages never contain an email address.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Messages from "../core/messages.js"
import type * as Operations from "../core/operations.js"
import * as Redact from "../core/redact.js"
import * as Statuses from "../core/statuses.js"
import { ErrorBody } from "./UsersSchema.js"

/**
 * The name of the operation that failed, e.g. `"create"` or `"get"`.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * const operation: RocksetError.OperationName = "deleteUser"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export type OperationName = Operations.OperationName

const statusFields = {
  /** The operation that failed. */
  operation: Schema.String,
  /** The HTTP status. */
  status: Schema.Number,
  /** The Rockset error body, when the response carried one. */
  body: Schema.optional(ErrorBody),
  /** The start of a body that was not a Rockset error body (an HTML proxy page, say), at most 200 characters. */
  bodyExcerpt: Schema.optional(Schema.String),
  /** The delay the server asked for in `Retry-After`, when it gave a valid one. */
  retryAfter: Schema.optional(Schema.DurationFromSelf)
}

/**
 * Replaces anything that looks like an email address with `<email>`, so personal data stays out of messages.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * console.log(RocksetError.redactEmails("User ada@example.com not found")) // "User <email> not found"
 * ```
 *
 * @since 0.1.0
 * @category Utils
 */
export const redactEmails: (text: string) => string = Redact.redactEmails

/**
 * 400 Bad Request: the request body or a parameter was rejected (INVALIDINPUT, BADREQUEST).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("BadRequest", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class BadRequest
  extends Schema.TaggedError<BadRequest>("effect-rockset/BadRequest")("BadRequest", statusFields)
{}

/**
 * 401 Unauthorized: the API key is missing, malformed or unknown.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("Unauthorized", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class Unauthorized
  extends Schema.TaggedError<Unauthorized>("effect-rockset/Unauthorized")("Unauthorized", statusFields)
{}

/**
 * 403 Forbidden: the key's user lacks the role for this operation (only `admin` may create, update or delete users).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("Forbidden", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class Forbidden extends Schema.TaggedError<Forbidden>("effect-rockset/Forbidden")("Forbidden", statusFields) {}

/**
 * 404 Not Found: no user has that email.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("NotFound", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class NotFound extends Schema.TaggedError<NotFound>("effect-rockset/NotFound")("NotFound", statusFields) {}

/**
 * 405 Method Not Allowed: the path exists but not for this method.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("MethodNotAllowed", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class MethodNotAllowed
  extends Schema.TaggedError<MethodNotAllowed>("effect-rockset/MethodNotAllowed")("MethodNotAllowed", statusFields)
{}

/**
 * 406 Not Acceptable: the `Accept` header excludes JSON.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("NotAcceptable", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class NotAcceptable
  extends Schema.TaggedError<NotAcceptable>("effect-rockset/NotAcceptable")("NotAcceptable", statusFields)
{}

/**
 * 408 Request Timeout: the server gave up waiting for the request; retried by the default policy.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("RequestTimeout", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class RequestTimeout
  extends Schema.TaggedError<RequestTimeout>("effect-rockset/RequestTimeout")("RequestTimeout", statusFields)
{}

/**
 * 409 Conflict: a user with that email already exists.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("Conflict", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class Conflict extends Schema.TaggedError<Conflict>("effect-rockset/Conflict")("Conflict", statusFields) {}

/**
 * 415 Unsupported Media Type: the body was not JSON.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("UnsupportedMediaType", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnsupportedMediaType
  extends Schema.TaggedError<UnsupportedMediaType>("effect-rockset/UnsupportedMediaType")(
    "UnsupportedMediaType",
    statusFields
  )
{}

/**
 * 429 Resource Exceeded: a rate limit was hit (create 10/min, updates 50/min, reads 500/min); retried after `Retry-After`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("ResourceExceeded", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class ResourceExceeded
  extends Schema.TaggedError<ResourceExceeded>("effect-rockset/ResourceExceeded")("ResourceExceeded", statusFields)
{}

/**
 * 500 Internal Error: the server failed; retried by the default policy.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("InternalError", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class InternalError
  extends Schema.TaggedError<InternalError>("effect-rockset/InternalError")("InternalError", statusFields)
{}

/**
 * 501 Not Implemented: the server does not implement the operation; never retried.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("NotImplemented", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class NotImplemented
  extends Schema.TaggedError<NotImplemented>("effect-rockset/NotImplemented")("NotImplemented", statusFields)
{}

/**
 * 502 Bad Gateway: a proxy in front of Rockset failed; retried by the default policy.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("BadGateway", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class BadGateway
  extends Schema.TaggedError<BadGateway>("effect-rockset/BadGateway")("BadGateway", statusFields)
{}

/**
 * 503 Not Ready: the service is not ready or overloaded; retried after `Retry-After`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.get("ada@example.com").pipe(
 *   Effect.catchTag("NotReady", (error) => Effect.succeed(`${error.status} ${error.body?.type ?? ""}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class NotReady extends Schema.TaggedError<NotReady>("effect-rockset/NotReady")("NotReady", statusFields) {}

/**
 * A status the API does not document (a 3xx redirect, which is never followed, a 504 from a proxy, ...).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.list().pipe(Effect.catchTag("UnexpectedStatus", (error) => Effect.succeed(error.status)))
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnexpectedStatus
  extends Schema.TaggedError<UnexpectedStatus>("effect-rockset/UnexpectedStatus")("UnexpectedStatus", statusFields)
{
  override get message(): string {
    return statusMessageOf(this, Messages.unexpectedStatusTitle(this.status))
  }
}

/**
 * The request did not complete: connection refused or reset, DNS failure, a body cut short.
 * `requestSent` is `false` only when nothing can have reached the server (the connection was never made),
 * which makes even a `create` safe to repeat.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.list().pipe(
 *   Effect.catchTag("Transport", (error) => Effect.succeed(error.code ?? "unknown"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class Transport extends Schema.TaggedError<Transport>("effect-rockset/Transport")("Transport", {
  operation: Schema.String,
  /** Whether any part of the request may have reached the server. */
  requestSent: Schema.Boolean,
  /** The system error code, when there was one (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, ...). */
  code: Schema.optional(Schema.String),
  /** What failed, without the URL. */
  detail: Schema.String
}) {
  override get message(): string {
    return Messages.transportMessage(this)
  }
}

/**
 * A 2xx response whose body is not what the API documents: not JSON, or JSON of the wrong shape.
 * Never retried.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.list().pipe(Effect.catchTag("Decode", (error) => Effect.succeed(error.reason)))
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class Decode extends Schema.TaggedError<Decode>("effect-rockset/Decode")("Decode", {
  operation: Schema.String,
  status: Schema.Number,
  /** `"InvalidJson"` when the body does not parse, `"UnexpectedShape"` when it parses but does not match. */
  reason: Schema.Literal("InvalidJson", "UnexpectedShape"),
  /** Where the body differs from the schema, with email-like values masked. */
  detail: Schema.String
}) {
  override get message(): string {
    return Messages.decodeMessage(this)
  }
}

/**
 * A time limit ran out: one attempt's (`scope: "attempt"`, covering connect, headers, body and decoding) or
 * the whole call's including retries (`scope: "total"`). The request was interrupted and its socket closed.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.list().pipe(Effect.catchTag("Timeout", (error) => Effect.succeed(error.scope)))
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class Timeout extends Schema.TaggedError<Timeout>("effect-rockset/Timeout")("Timeout", {
  operation: Schema.String,
  scope: Schema.Literal("attempt", "total"),
  /** The limit that ran out. */
  after: Schema.DurationFromSelf
}) {
  override get message(): string {
    return Messages.timeoutMessage(this, Duration.format(this.after))
  }
}

/**
 * The input was refused before any I/O: no request was sent. `field` names the input at fault and
 * `reason` says what is wrong, without echoing the value.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-rockset"
 *
 * const program = Users.create({ email: "not-an-email", roles: ["member"] }).pipe(
 *   Effect.catchTag("InvalidRequest", (error) => Effect.succeed(error.message))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>("effect-rockset/InvalidRequest")(
  "InvalidRequest",
  {
    operation: Schema.String,
    field: Schema.String,
    reason: Schema.String
  }
) {
  override get message(): string {
    return Messages.invalidRequestMessage(this)
  }
}

// A status error's message, its `Retry-After` formatted as this edition formats durations.
const statusMessageOf = (
  error: Messages.StatusFacts & { readonly retryAfter?: Duration.Duration | undefined },
  title: string
): string =>
  Messages.statusMessage(error, title, error.retryAfter === undefined ? undefined : Duration.format(error.retryAfter))

/**
 * The class of each documented status. Its type is checked against the status table of the core: a status
 * without a class, or a class whose `_tag` is not the table's, is a compile error.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * const NotFoundClass = RocksetError.statusErrors[404]
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export const statusErrors = {
  400: BadRequest,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  405: MethodNotAllowed,
  406: NotAcceptable,
  408: RequestTimeout,
  409: Conflict,
  415: UnsupportedMediaType,
  429: ResourceExceeded,
  500: InternalError,
  501: NotImplemented,
  502: BadGateway,
  503: NotReady
} as const satisfies Statuses.StatusClasses

Statuses.installStatusMessages(statusErrors, statusMessageOf)

/**
 * The error of a documented status.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * const status = (error: RocksetError.StatusError) => error.status
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export type StatusError = InstanceType<(typeof statusErrors)[Statuses.DocumentedStatus]>

/**
 * What any call that reached for the network can fail with.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * const describe = (error: RocksetError.CallError) => error._tag
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export type CallError = StatusError | UnexpectedStatus | Transport | Decode | Timeout

/**
 * Every error of the client.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * const describe = (error: RocksetError.RocksetError) => error.message
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export type RocksetError = CallError | InvalidRequest

/**
 * The documented statuses, in order.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * console.log(RocksetError.documentedStatuses.includes(409)) // true
 * ```
 *
 * @since 0.1.0
 * @category Errors
 */
export const documentedStatuses: ReadonlyArray<keyof typeof statusErrors> = Statuses.documentedStatuses

// The core's list of tags is exactly the tags of `RocksetError`: a class or a tag missing on one side fails to compile.
const tagsAgree: Statuses.Same<RocksetError["_tag"], Statuses.ErrorTag> = true

/**
 * Whether a value is one of the client's errors.
 *
 * @example
 * ```ts
 * import { RocksetError } from "effect-rockset"
 *
 * console.log(RocksetError.isRocksetError(new Error("boom"))) // false
 * ```
 *
 * @since 0.1.0
 * @category Guards
 */
export const isRocksetError = (u: unknown): u is RocksetError => tagsAgree && Statuses.isErrorLike(u)
