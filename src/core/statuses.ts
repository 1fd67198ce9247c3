/**
 * The documented statuses: one row each, and everything the library knows of them. The error classes of
 * each edition, the list of documented statuses, the error tags, failure classification and the emulator's
 * injected error bodies all derive from this table.
 *
 * Plain data and plain TypeScript: nothing here imports Effect.
 *
 * @internal
 */
import type { KnownErrorType } from "./wire.js"

/** @internal */
export interface StatusRow {
  /** The `_tag` of the status's error class. */
  readonly tag: string
  /** The reason phrase, in the error's message. */
  readonly title: string
  /** The Rockset error `type` the emulator answers with when a fault injects the status: one of the spec's. */
  readonly errorType: KnownErrorType
  /** Worth another attempt, when the operation may be repeated. */
  readonly transient: boolean
  /** Leaves it open whether the server applied the request. */
  readonly ambiguous: boolean
  /** Rate limited: retries back off from the larger base and cost the budget's `throttlingCost`. */
  readonly throttling: boolean
}

const row = <const Tag extends string>(
  tag: Tag,
  title: string,
  errorType: KnownErrorType,
  flags: { readonly transient?: true; readonly ambiguous?: true; readonly throttling?: true } = {}
) => ({
  tag,
  title,
  errorType,
  transient: flags.transient ?? false,
  ambiguous: flags.ambiguous ?? false,
  throttling: flags.throttling ?? false
})

/**
 * The table, in status order.
 *
 * @internal
 */
export const statuses = {
  400: row("BadRequest", "Bad Request", "BADREQUEST"),
  401: row("Unauthorized", "Unauthorized", "AUTHEXCEPTION"),
  403: row("Forbidden", "Forbidden", "FORBIDDEN"),
  404: row("NotFound", "Not Found", "NOTFOUND"),
  405: row("MethodNotAllowed", "Method Not Allowed", "METHODNOTALLOWED"),
  406: row("NotAcceptable", "Not Acceptable", "NOTACCEPTABLE"),
  408: row("RequestTimeout", "Request Timeout", "QUERY_TIMEOUT", { transient: true }),
  409: row("Conflict", "Conflict", "CONFLICT"),
  415: row("UnsupportedMediaType", "Unsupported Media Type", "UNSUPPORTEDMEDIATYPE"),
  429: row("ResourceExceeded", "Resource Exceeded", "RATELIMITEXCEEDED", { transient: true, throttling: true }),
  500: row("InternalError", "Internal Error", "INTERNALERROR", { transient: true, ambiguous: true }),
  501: row("NotImplemented", "Not Implemented", "NOTIMPLEMENTEDYET"),
  502: row("BadGateway", "Bad Gateway", "INTERNALERROR", { transient: true, ambiguous: true }),
  503: row("NotReady", "Not Ready", "NOT_READY", { transient: true })
} as const satisfies Readonly<Record<number, StatusRow>>

/**
 * A documented status.
 *
 * @internal
 */
export type DocumentedStatus = keyof typeof statuses

/**
 * The `_tag` of a documented status's error.
 *
 * @internal
 */
export type StatusTag = (typeof statuses)[DocumentedStatus]["tag"]

/**
 * The documented statuses, in order.
 *
 * @internal
 */
export const documentedStatuses: ReadonlyArray<DocumentedStatus> = Object.keys(statuses).map(Number).filter(
  isDocumented
)

/**
 * Whether a status is documented.
 *
 * @internal
 */
export function isDocumented(status: number): status is DocumentedStatus {
  return Object.prototype.hasOwnProperty.call(statuses, status)
}

/**
 * The row of a status, or `undefined` for one the API does not document.
 *
 * @internal
 */
export const statusRow = (status: number): StatusRow | undefined => isDocumented(status) ? statuses[status] : undefined

/**
 * The tags of the errors that are not a documented status, in the order the editions declare them.
 *
 * @internal
 */
export const otherTags = ["UnexpectedStatus", "Transport", "Decode", "Timeout", "InvalidRequest"] as const

/**
 * Every error tag of the client.
 *
 * @internal
 */
export type ErrorTag = StatusTag | (typeof otherTags)[number]

/**
 * Every error tag of the client, documented statuses first.
 *
 * @internal
 */
export const errorTags: ReadonlyArray<ErrorTag> = [
  ...documentedStatuses.map((status) => statuses[status].tag),
  ...otherTags
]

/**
 * Statuses whose `Retry-After` the client reads (the throttling and server-side statuses).
 *
 * @internal
 */
export const readsRetryAfter = (status: number): boolean =>
  status === 429 || status === 503 || status === 408 || status >= 500

/**
 * What an edition's table of status classes must be: a class for every documented status, whose `_tag` is
 * the table's.
 *
 * @internal
 */
export type StatusClasses = {
  readonly [Status in DocumentedStatus]: new(fields: never) => { readonly _tag: (typeof statuses)[Status]["tag"] }
}

/**
 * Gives each status class its message, named as the table names the status: on the prototype, as
 * `Schema.TaggedError` installs its own default message.
 *
 * @internal
 */
export const installStatusMessages = <Error>(
  classes: { readonly [Status in DocumentedStatus]: { readonly prototype: Error } },
  message: (error: Error, title: string) => string
): void => {
  for (const status of documentedStatuses) {
    const title = statuses[status].title
    Object.defineProperty(classes[status].prototype, "message", {
      get(this: Error) {
        return message(this, title)
      },
      enumerable: false,
      configurable: true
    })
  }
}

/**
 * `true` only when both unions hold the same members: an edition checks its error union's tags against
 * {@link ErrorTag} with it.
 *
 * @internal
 */
export type Same<A, B> = [A] extends [B] ? [B] extends [A] ? true : false : false

const tags: ReadonlySet<string> = new Set(errorTags)

/**
 * Whether a value has the shape of one of the client's errors: a `_tag` of {@link errorTags} and an
 * `operation`.
 *
 * @internal
 */
export const isErrorLike = (u: unknown): boolean =>
  typeof u === "object" && u !== null && "_tag" in u && typeof u._tag === "string" && tags.has(u._tag) &&
  "operation" in u
