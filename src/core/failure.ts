/**
 * Failure classification over plain values: what a transport failure says about the request (was it sent?),
 * and whether a failure is worth another attempt or leaves it open that the server applied the request.
 * The statuses' flags come from the status table; nothing here imports Effect.
 *
 * @internal
 */
import { redactEmails, scrubSecret } from "./redact.js"
import { statusRow } from "./statuses.js"

/**
 * Where a transport failure happened: before any response (`request`), or while its body was read (`body`).
 *
 * @internal
 */
export type Phase = "request" | "body"

/**
 * What a transport failure tells: whether the request may have reached the server, the error code found
 * in its cause, and a detail safe to show (no secret, no email, no URL).
 *
 * @internal
 */
export interface TransportFacts {
  readonly requestSent: boolean
  readonly code: string | undefined
  readonly detail: string
}

/** Codes of failures that happen before a byte of the request is sent. */
const notSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_INVALID_URL"
])

/**
 * What `fetch` itself refuses before sending (undici's network errors without a code: a blocked port, a
 * scheme it does not fetch, a request the runtime blocks), and the errors Deno raises for a permission it
 * was not given.
 */
const notSentMessages = new Set([
  "bad port",
  "blocked",
  "local URLs only",
  "unknown scheme",
  "URL scheme must be a HTTP(S) scheme",
  "about scheme is not supported",
  "invalid method",
  "request mode cannot be \"same-origin\""
])
const notSentNames = new Set(["PermissionDenied", "NotCapable"])

/**
 * Certificate and handshake failures: nothing was sent, and a retry cannot succeed.
 *
 * @internal
 */
export const isTlsCode = (code: string): boolean => /CERT|SELF_SIGNED|^ERR_TLS|^ERR_SSL|^UNABLE_TO_VERIFY/.test(code)

const maxDepth = 6

const field = (value: object, name: string): unknown => (value as Readonly<Record<string, unknown>>)[name]

/**
 * The first string `code` in a cause chain (following `cause`, and the first of an `AggregateError`'s
 * `errors`).
 *
 * @internal
 */
export const findCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < maxDepth && typeof current === "object" && current !== null; depth++) {
    const code = field(current, "code")
    if (typeof code === "string") return code
    const errors = field(current, "errors")
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0]
      continue
    }
    current = field(current, "cause")
  }
  return undefined
}

/** The innermost non-empty message of a cause chain. */
const causeMessage = (error: unknown): string | undefined => {
  let current: unknown = error
  let message: string | undefined
  for (let depth = 0; depth < maxDepth && typeof current === "object" && current !== null; depth++) {
    const text = field(current, "message")
    if (typeof text === "string" && text !== "") message = text
    current = field(current, "cause")
  }
  return message
}

/** Whether some error of the chain is one `fetch` or the runtime raises before sending anything. */
const refusedBeforeSending = (error: unknown): boolean => {
  let current: unknown = error
  for (let depth = 0; depth < maxDepth && typeof current === "object" && current !== null; depth++) {
    const message = field(current, "message")
    const name = field(current, "name")
    if (typeof message === "string" && notSentMessages.has(message)) return true
    if (typeof name === "string" && notSentNames.has(name)) return true
    current = field(current, "cause")
  }
  return false
}

const reasons: Readonly<Record<string, string>> = {
  Encode: "the request could not be encoded",
  InvalidUrl: "the request's URL is not valid"
}

/**
 * Classifies a transport failure. `reason` is the platform's (`Transport`, `Encode`, `InvalidUrl`; the
 * direct exchanges say `Transport`): only a `Transport` failure before any response may have sent the
 * request, unless its code or cause says it never left. `url` is cut out of the detail (it holds an email),
 * and so is every form of `secret`.
 *
 * @internal
 */
export const classifyTransport = (
  phase: Phase,
  reason: string,
  cause: unknown,
  url: string,
  secret: string
): TransportFacts => {
  const code = findCode(cause)
  const requestSent = phase === "body" ||
    (reason === "Transport" && (code === undefined || !(notSentCodes.has(code) || isTlsCode(code))) &&
      !refusedBeforeSending(cause))
  const message = causeMessage(cause)
  // the error's message already says "transport failure": the detail says what failed, not that again
  const what = phase === "body"
    ? "reading the response body failed"
    : reason === "Transport"
    ? undefined
    : reasons[reason] ?? reason
  const said = message?.split(url).join("<url>")
  const detail = redactEmails(
    scrubSecret(
      said === undefined ? what ?? "the request failed" : what === undefined ? said : `${what}: ${said}`,
      secret
    )
  )
  return { requestSent, code, detail }
}

/**
 * A failure as classification sees it: the fields of the client's errors that matter, nothing else.
 *
 * @internal
 */
export interface FailureFacts {
  readonly _tag: string
  readonly status?: number | undefined
  readonly requestSent?: boolean | undefined
  readonly code?: string | undefined
  readonly scope?: "attempt" | "total" | undefined
}

/** The status table's row of a status error, or `undefined` for any other failure. */
const rowOf = (failure: FailureFacts) => {
  if (failure.status === undefined) return undefined
  const row = statusRow(failure.status)
  return row !== undefined && row.tag === failure._tag ? row : undefined
}

/** A 504 has no class of its own (the API does not document it), but a gateway timing out is both. */
const isGatewayTimeout = (failure: FailureFacts): boolean =>
  failure._tag === "UnexpectedStatus" && failure.status === 504

/**
 * Whether the failure leaves it open that the server applied the request.
 *
 * @internal
 */
export const isAmbiguous = (failure: FailureFacts): boolean => {
  switch (failure._tag) {
    case "Transport":
      return failure.requestSent === true
    case "Timeout":
      return true
    default:
      return rowOf(failure)?.ambiguous ?? isGatewayTimeout(failure)
  }
}

/**
 * Whether a failure is transient: worth another attempt if the operation may be repeated.
 *
 * @internal
 */
export const isTransient = (failure: FailureFacts): boolean => {
  switch (failure._tag) {
    case "Transport":
      return failure.code === undefined || !isTlsCode(failure.code)
    case "Timeout":
      return failure.scope === "attempt"
    default:
      return rowOf(failure)?.transient ?? isGatewayTimeout(failure)
  }
}

/**
 * Whether a failure is throttling (the server asked the client to slow down).
 *
 * @internal
 */
export const isThrottling = (failure: FailureFacts): boolean => rowOf(failure)?.throttling ?? false

/**
 * A failure's short name for a retry event: `NotReady (503)`, `Transport (ECONNRESET)`, `Timeout`.
 *
 * @internal
 */
export const reasonOf = (failure: FailureFacts): string =>
  failure.status !== undefined
    ? `${failure._tag} (${failure.status})`
    : failure._tag === "Transport" && failure.code !== undefined
    ? `Transport (${failure.code})`
    : failure._tag

/**
 * The fields of a transport error: whether the request may have been sent, a detail safe to show, and the
 * system error code when there was one.
 *
 * @internal
 */
export const transportFields = (
  phase: Phase,
  reason: string,
  cause: unknown,
  url: string,
  secret: string
): { readonly requestSent: boolean; readonly detail: string; readonly code?: string } => {
  const { code, detail, requestSent } = classifyTransport(phase, reason, cause, url, secret)
  return code === undefined ? { requestSent, detail } : { requestSent, detail, code }
}
