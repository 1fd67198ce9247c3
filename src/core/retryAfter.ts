/**
 * `Retry-After`, as the client reads it. Plain TypeScript: nothing here imports Effect.
 *
 * @internal
 */

/**
 * Parses `Retry-After` into milliseconds: delta-seconds, or an HTTP-date measured against the response's
 * own `Date` header when it has one (so a skewed local clock does not matter), else against `now`. Garbage
 * gives `undefined`; a date in the past gives 0.
 *
 * @internal
 */
export const parseRetryAfter = (
  value: string | undefined,
  serverDate: string | undefined,
  now: number
): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000
  if (!/^[A-Za-z]{3},/.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  const reference = serverDate === undefined ? Number.NaN : Date.parse(serverDate)
  return Math.max(0, at - (Number.isNaN(reference) ? now : reference))
}

/**
 * The response headers the client reads (for `Retry-After`, measured against the server's `Date`): what a
 * transport has to keep of a response once its exchange is over.
 *
 * @internal
 */
export const readHeaders = ["retry-after", "date"] as const
