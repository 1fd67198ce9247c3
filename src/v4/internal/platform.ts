/**
 * What the call loop (`call.ts`) asks of Effect 4 and its platform, where the two majors' APIs differ: an
 * exchange through the `HttpClient`, the retry schedule built on the policy's `Schedule`, and what a retried
 * effect knows of the retries before it. `src/internal/platform.ts` has the same exports for Effect 3.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Schedule from "effect/Schedule"
import { withKeyHeader } from "../../core/config.js"
import { transportFields } from "../../core/failure.js"
import type { OperationName } from "../../core/operations.js"
import type { Answer } from "../../core/responseBody.js"
import { firstAttempt, isRetried, type OnFailure, type Retried } from "../../core/retry.js"
import * as RocksetError from "../RocksetError.js"

const always = () => true

const transportError = (
  error: HttpClientError.HttpClientError,
  request: HttpClientRequest.HttpClientRequest,
  operation: OperationName,
  secret: string
): RocksetError.Transport => {
  const reason = error.reason
  return new RocksetError.Transport({
    operation,
    ...transportFields(
      // a response error (its status, its body) came after the request was sent
      reason._tag === "StatusCodeError" || reason._tag === "DecodeError" || reason._tag === "EmptyBodyError"
        ? "body"
        : "request",
      // Effect 4 names its reasons `TransportError`, `EncodeError`, `InvalidUrlError`: the core's have no suffix
      reason._tag.replace(/Error$/, ""),
      reason.cause,
      request.url,
      secret
    )
  })
}

/**
 * One exchange through `client`, the whole body read: the client's middleware runs, and interrupting the
 * effect aborts the request and closes its connection. Around it, the platform's own request span is off
 * (it would record the URL, and an email with it: the call's span is the one to see), the key's header is
 * among the names the platform redacts, and fetch is told not to follow redirects (a redirect is an answer
 * to report; following it would send the key to another origin).
 *
 * @internal
 */
export const exchange = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  operation: OperationName,
  secret: string
): Effect.Effect<Answer, RocksetError.Transport> =>
  Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
    client.execute(request).pipe(
      Effect.flatMap((response) =>
        Effect.map(response.text, (text): Answer => ({
          status: response.status,
          text,
          header: (name) => response.headers[name]
        }))
      ),
      Effect.mapError((error) => transportError(error, request, operation, secret)),
      Effect.provideService(FetchHttpClient.RequestInit, {
        ...Option.getOrUndefined(init),
        redirect: "manual"
      }),
      Effect.provideService(HttpClient.TracerDisabledWhen, always),
      Effect.updateService(Headers.CurrentRedactedNames, withKeyHeader)
    ))

/**
 * The schedule of a request's retries, for `Effect.retryOrElse`: the policy's schedule proposes a delay after
 * each failure, and `onFailure` (the core's decision) turns it into the delay to wait, or stops. Its output
 * is the request's retries so far.
 *
 * @internal
 */
export const retrySchedule = (
  schedule: Schedule.Schedule<unknown, RocksetError.CallError>,
  onFailure: OnFailure<RocksetError.CallError>
): Schedule.Schedule<Retried, RocksetError.CallError> =>
  Schedule.fromStep(Effect.map(Schedule.toStep(schedule), (step) => {
    let retried = firstAttempt
    return (now: number, error: RocksetError.CallError) => {
      const decide = onFailure(now, error, retried)
      if (decide === undefined) return Cause.done(retried)
      const proposed = Pull.catchDone(
        Effect.map(step(now, error), ([, delay]) => Duration.toMillis(delay)),
        () => Effect.succeed(undefined)
      )
      return Effect.flatMap(proposed, (proposedDelay) => {
        const decided = decide(proposedDelay)
        if (decided === undefined) return Cause.done(retried)
        retried = decided.retried
        return Effect.succeed([retried, Duration.millis(decided.delay)] as [Retried, Duration.Duration])
      })
    }
  }))

/**
 * Inside an effect retried over {@link retrySchedule}: the retries before this attempt (the first attempt
 * has none).
 *
 * @internal
 */
export const retriedSoFar: Effect.Effect<Retried> = Effect.map(
  Schedule.CurrentMetadata,
  (meta) => isRetried(meta.output) ? meta.output : firstAttempt
)
