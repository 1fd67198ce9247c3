const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** @internal */
export const maxUserLength = 1024

/**
 * Why a `{user}` value cannot be sent, or `undefined` when it can. The value itself never appears in
 * the reason.
 *
 * @internal
 */
export const userProblem = (user: string): string | undefined => {
  if (user.length === 0) return "must not be empty"
  if (user === "." || user === "..") return "must not be \".\" or \"..\" (they would change the path)"
  if (user.toLowerCase() === "self") {
    return "\"self\" is reserved for the current user: use getCurrentUser() or the preference operations"
  }
  if (user.length > maxUserLength) return `must be at most ${maxUserLength} characters`
  if (loneSurrogate.test(user)) return "is not well-formed Unicode (it has a lone surrogate)"
  return undefined
}

/**
 * Encodes a checked `{user}` as exactly one path segment. `encodeURIComponent` escapes `/ ? # %` and
 * controls; `.` and `..`, the only segments it leaves meaningful, were refused by {@link userProblem}.
 *
 * @internal
 */
export const encodeUser = (user: string): string => encodeURIComponent(user)
