/**
 * The messages of the client's errors, for every edition: each error class's `message` is one of these over
 * its own fields. An edition formats durations itself (its `Duration.format`) and passes the text in.
 *
 * No message contains an email: what a server or a cause said is masked first.
 *
 * Nothing here imports Effect.
 *
 * @internal
 */
import { redactEmails } from "./redact.js"
import type { ErrorBody } from "./wire.js"

/** @internal */
export interface StatusFacts {
  readonly operation: string
  readonly status: number
  readonly body?: ErrorBody | undefined
  readonly bodyExcerpt?: string | undefined
}

/**
 * A status error's message: the operation, the status and its title, the error body's type and key, its
 * message or the start of a body that was not one, the delay asked for, the trace id.
 *
 * @internal
 */
export const statusMessage = (error: StatusFacts, title: string, retryAfter: string | undefined): string => {
  const parts = [`Users.${error.operation}: ${error.status} ${title}`]
  const detail = [error.body?.type, error.body?.message_key].filter((part) => typeof part === "string").join("/")
  if (detail !== "") parts.push(`(${detail})`)
  if (typeof error.body?.message === "string" && error.body.message !== "") {
    parts.push(`- ${redactEmails(error.body.message)}`)
  } else if (error.bodyExcerpt !== undefined && error.bodyExcerpt !== "") {
    parts.push(`- body: ${JSON.stringify(redactEmails(error.bodyExcerpt))}`)
  }
  if (retryAfter !== undefined) parts.push(`(retry after ${retryAfter})`)
  if (typeof error.body?.trace_id === "string") parts.push(`[trace_id ${error.body.trace_id}]`)
  return parts.join(" ")
}

/**
 * The title of a status the API does not document.
 *
 * @internal
 */
export const unexpectedStatusTitle = (status: number): string =>
  status >= 300 && status < 400 ? "redirect (not followed)" : "unexpected status"

/** @internal */
export const transportMessage = (error: {
  readonly operation: string
  readonly requestSent: boolean
  readonly code?: string | undefined
  readonly detail: string
}): string =>
  `Users.${error.operation}: transport failure${error.code === undefined ? "" : ` (${error.code})`}: ${
    redactEmails(error.detail)
  }${error.requestSent ? "" : " - nothing reached the server"}`

/** @internal */
export const decodeMessage = (error: {
  readonly operation: string
  readonly status: number
  readonly reason: string
  readonly detail: string
}): string =>
  `Users.${error.operation}: the ${error.status} response body is not as documented (${error.reason}): ${
    redactEmails(error.detail)
  }`

/** @internal */
export const timeoutMessage = (
  error: { readonly operation: string; readonly scope: "attempt" | "total" },
  after: string
): string =>
  `Users.${error.operation}: ${
    error.scope === "attempt" ? "the attempt" : "the call, retries included,"
  } timed out after ${after}`

/** @internal */
export const invalidRequestMessage = (error: {
  readonly operation: string
  readonly field: string
  readonly reason: string
}): string => `Users.${error.operation}: invalid ${error.field}: ${error.reason} (nothing was sent)`
