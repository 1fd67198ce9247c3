/**
 * What a response says, over plain values, before an edition builds its typed error or decodes its value:
 * a non-2xx status's fields, its `Retry-After`, and a 2xx body's JSON. Nothing here imports Effect.
 *
 * @internal
 */
import { parseErrorBody } from "./errorBody.js"
import { redactEmails, scrubSecret } from "./redact.js"
import { parseRetryAfter } from "./retryAfter.js"
import { readsRetryAfter } from "./statuses.js"
import type { ErrorBody } from "./wire.js"

/**
 * A whole response as the call loop reads it: its status, its body as text, and its headers by lower-case
 * name.
 *
 * @internal
 */
export interface Answer {
  readonly status: number
  readonly text: string
  header(name: string): string | undefined
}

/**
 * The `Retry-After` delay of a response in milliseconds, when its status is one that reads it and it gave a
 * valid one. `header` takes a lower-case name.
 *
 * @internal
 */
export const retryAfterMillisOf = (
  status: number,
  header: (name: string) => string | undefined,
  now: number
): number | undefined =>
  readsRetryAfter(status) ? parseRetryAfter(header("retry-after"), header("date"), now) : undefined

/**
 * The body fields of a non-2xx status's error: the Rockset error body when it is one, else an excerpt.
 *
 * @internal
 */
export const errorBodyFields = (
  text: string,
  secret: string
): { readonly body: ErrorBody } | { readonly bodyExcerpt: string } => {
  const parsed = parseErrorBody(text, secret)
  return parsed.body === undefined ? { bodyExcerpt: parsed.bodyExcerpt } : { body: parsed.body }
}

/**
 * A detail of a body that cannot be shown as it is: the secret scrubbed, emails redacted.
 *
 * @internal
 */
export const cleanDetail = (detail: string, secret: string): string => redactEmails(scrubSecret(detail, secret))

/**
 * A 2xx body's JSON, or why it is not JSON (a detail safe to show).
 *
 * @internal
 */
export const parseJsonBody = (
  text: string,
  secret: string
): { readonly ok: true; readonly json: unknown } | { readonly ok: false; readonly detail: string } => {
  try {
    return { ok: true, json: JSON.parse(text) }
  } catch (error) {
    return {
      ok: false,
      detail: text.length === 0
        ? "the body is empty"
        : cleanDetail(error instanceof Error ? error.message : "not JSON", secret)
    }
  }
}

/**
 * The first issues of a decoding failure as one line: `path: message; ...` (`body` for the root).
 *
 * @internal
 */
export const issuesDetail = (
  issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>,
  secret: string
): string =>
  cleanDetail(
    issues.slice(0, 5).map((issue) =>
      `${issue.path.length === 0 ? "body" : issue.path.map(String).join(".")}: ${issue.message}`
    ).join("; "),
    secret
  )
