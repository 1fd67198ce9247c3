/**
 * What a call's span carries (see src/core/tracing.ts), as both editions' tracing tests check it: a `get` of
 * one user, a client span with the operation's route and method, and how the attempts ended.
 */

/** A span's facts, as either edition's recording tracer exposes them. */
export interface SpanFacts {
  readonly kind: string
  readonly attributes: ReadonlyMap<string, unknown>
}

/** What is wrong with the span of a successful `Users.get` that took `attempts` attempts. */
export const getSpanMismatches = (span: SpanFacts, attempts: number): ReadonlyArray<string> => {
  const expected: ReadonlyArray<readonly [string, unknown]> = [
    ["rockset.operation", "get"],
    ["http.route", "/v1/orgs/self/users/{user}"],
    ["http.request.method", "GET"],
    ["rockset.attempts", attempts],
    ["rockset.outcome", "success"],
    ["http.response.status_code", 200]
  ]
  return [
    ...(span.kind === "client" ? [] : [`kind: expected client, got ${span.kind}`]),
    ...expected.flatMap(([name, value]) =>
      span.attributes.get(name) === value
        ? []
        : [`${name}: expected ${value}, got ${String(span.attributes.get(name))}`]
    )
  ]
}
