/**
 * What a call tells its span, over a span's plain interface (both editions' `Tracer.Span` have it): the
 * attributes at its end and the event of each retry. Nothing here imports Effect.
 *
 * @internal
 */
import { type FailureFacts, reasonOf } from "./failure.js"

/** @internal */
export interface SpanLike {
  attribute(key: string, value: unknown): void
  event(name: string, startTime: bigint, attributes?: Record<string, unknown>): void
}

/**
 * The attributes of a call's span once it has ended: its attempts, its outcome, the last status it saw.
 *
 * @internal
 */
export const finishSpan = (
  span: SpanLike,
  attempts: number,
  outcome: "success" | "failure",
  lastStatus: number | undefined
): void => {
  span.attribute("rockset.attempts", attempts)
  span.attribute("rockset.outcome", outcome)
  if (lastStatus !== undefined) span.attribute("http.response.status_code", lastStatus)
}

/**
 * The `rockset.retry` event of a retry decided at `now` (milliseconds): the attempt it makes, its delay, the
 * failure's reason, and the request retried when it is a lookup of another operation.
 *
 * @internal
 */
export const retryEvent = (
  span: SpanLike,
  now: number,
  attempt: number,
  delay: number,
  failure: FailureFacts,
  request: string,
  operation: string
): void => {
  span.event("rockset.retry", BigInt(now) * 1_000_000n, {
    "rockset.attempt": attempt,
    "rockset.retry.delay_ms": delay,
    "rockset.retry.reason": reasonOf(failure),
    ...(request === operation ? {} : { "rockset.retry.request": request })
  })
}
