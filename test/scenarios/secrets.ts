import * as Scripted from "../../src/core/scripted.js"
import { documentedStatuses } from "../../src/core/statuses.js"
import { errorBody } from "../fixtures/live.js"

/** A key that must never show up anywhere: each edition's tests scan every output for it. */
export const canaryKey = "rs_CANARY_7f3a9c1e5b2dQ"

/**
 * The forms a leaked key could take: raw, percent-encoded and base64 (with and without padding).
 * Pick a canary with `+`, `/` or `=` so that the percent-encoded form differs from the raw one.
 */
export const canaryForms = (key: string): ReadonlyArray<string> => {
  const base64 = Buffer.from(key).toString("base64")
  return [...new Set([key, encodeURIComponent(key), base64, base64.replace(/=+$/, "")])]
}

/** The forms of `key` found in `text`. */
export const leaks = (text: string, key: string): ReadonlyArray<string> =>
  canaryForms(key).filter((form) => text.includes(form))

/** What a proxy that echoes the request back might put in a body: every form of the key. */
export const echoOf = (key: string): string => `ApiKey ${canaryForms(key).join(" ")}`

/**
 * The replies each edition's canary scan answers a call with, by name: every documented status with the
 * echo and an email in its message, an HTML page, a redirect to a foreign origin carrying the key, a reset,
 * malformed JSON and a body of the wrong shape.
 */
export const secretReplies = (key: string, email: string): ReadonlyArray<readonly [string, Scripted.Reply]> => {
  const echo = echoOf(key)
  return [
    ...documentedStatuses.map((status) =>
      [`${status}`, Scripted.json(status, errorBody("X", `${echo} for ${email}`))] as const
    ),
    ["HTML 502", Scripted.text(502, `<pre>${echo} ${email}</pre>`)],
    ["redirect", Scripted.text(307, echo, { location: `https://evil.example/?key=${key}` })],
    ["reset", Scripted.transportFailure("ECONNRESET", `${echo} ${email}`)],
    ["malformed JSON", Scripted.text(200, `{${echo} ${email}`)],
    ["wrong shape", Scripted.json(200, { data: [{ email: 1, note: `${echo} ${email}` }] })]
  ]
}

/** Every form of `key` found on any of `surfaces` (a surface's name to its text), as `surface: form`. */
export const leakedOn = (surfaces: Readonly<Record<string, string>>, key: string): ReadonlyArray<string> =>
  Object.entries(surfaces).flatMap(([surface, text]) => leaks(text, key).map((form) => `${surface}: ${form}`))

/** The email the canary scan puts in the server's messages. */
export const secretEmail = "grace.hopper@example.com"

/** A 404 whose server message names the user by email: an error's message must not repeat it. */
export const notFoundWithEmail = {
  operation: "get",
  status: 404,
  body: { message: `User ${secretEmail} not found` }
} as const

/** What is wrong with the message of the error made of `notFoundWithEmail`: the email in it, its gist lost. */
export const messageMismatches = (message: string): ReadonlyArray<string> => [
  ...(message.includes(secretEmail) ? [`the message has the email: ${message}`] : []),
  ...(message.includes("User <email> not found") ? [] : [`the message lost its gist: ${message}`])
]
