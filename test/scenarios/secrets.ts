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
