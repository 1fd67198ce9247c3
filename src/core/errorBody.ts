/**
 * The body of a non-2xx answer: the Rockset error body when it is one, else a short excerpt of what came
 * instead (a proxy's HTML, an empty body). Secrets a server or proxy echoes are scrubbed from both. Plain
 * TypeScript: nothing here imports Effect.
 *
 * @internal
 */
import { excerptLength, scrubSecret } from "./redact.js"
import type { ErrorBody } from "./wire.js"

const stringFields = ["message", "message_key", "type", "trace_id", "error_id", "query_id", "virtual_instance_rrn"]
const numberFields = ["line", "column"]

const isOptional = (value: unknown, type: "string" | "number"): boolean =>
  value === undefined || value === null || typeof value === type

/**
 * The error body in parsed JSON, or `undefined` when it is not one: an object whose declared fields have
 * their documented types (or `null`); undeclared keys are kept.
 *
 * @internal
 */
export const validateErrorBody = (json: unknown): ErrorBody | undefined => {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined
  const record = json as Readonly<Record<string, unknown>>
  for (const name of stringFields) if (!isOptional(record[name], "string")) return undefined
  for (const name of numberFields) if (!isOptional(record[name], "number")) return undefined
  return record
}

const scrubBody = (body: ErrorBody, secret: string): ErrorBody => {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(body)) {
    if (key === "__proto__") continue
    const value = body[key]
    out[key] = typeof value === "string" ? scrubSecret(value, secret) : value
  }
  return out
}

/**
 * What a non-2xx body holds: `body`, the error body with `secret` scrubbed from its strings, or
 * `bodyExcerpt`, the first characters of anything else, scrubbed too.
 *
 * @internal
 */
export const parseErrorBody = (
  text: string,
  secret: string
): { readonly body: ErrorBody; readonly bodyExcerpt?: undefined } | {
  readonly body?: undefined
  readonly bodyExcerpt: string
} => {
  const trimmed = text.trim()
  if (trimmed.startsWith("{")) {
    let json: unknown
    try {
      json = JSON.parse(trimmed)
    } catch {
      json = undefined
    }
    const body = validateErrorBody(json)
    if (body !== undefined) return { body: scrubBody(body, secret) }
  }
  return { bodyExcerpt: scrubSecret(trimmed.slice(0, excerptLength), secret) }
}
