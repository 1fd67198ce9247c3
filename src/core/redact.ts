/**
 * Removes every form of a secret a server or proxy might echo: raw, percent-encoded and base64.
 *
 * @internal
 */
export const scrubSecret = (text: string, secret: string): string => {
  if (secret.length < 4 || text.length < secret.length / 2) return text
  let out = text
  for (const form of secretForms(secret)) {
    if (out.includes(form)) out = out.split(form).join("<redacted>")
  }
  return out
}

const formsCache = new Map<string, ReadonlyArray<string>>()

/** @internal */
export const secretForms = (secret: string): ReadonlyArray<string> => {
  let forms = formsCache.get(secret)
  if (forms === undefined) {
    const base64 = btoa(unescape(encodeURIComponent(secret)))
    forms = [...new Set([secret, encodeURIComponent(secret), base64, base64.replace(/=+$/, "")])]
    if (formsCache.size > 16) formsCache.clear()
    formsCache.set(secret, forms)
  }
  return forms
}

const emailLike = /[^\s@"'<>()[\]{},;:]+@[^\s@"'<>()[\]{},;:]+/g

/**
 * Replaces anything that looks like an email address with `<email>`, so personal data stays out of messages.
 *
 * @internal
 */
export const redactEmails = (text: string): string => text.replace(emailLike, "<email>")

/**
 * The length of a body excerpt kept in an error.
 *
 * @internal
 */
export const excerptLength = 200
