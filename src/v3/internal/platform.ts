/**
 * What the call loop (`call.ts`) asks of Effect 3 and its platform, where the two majors' APIs differ: an
 * exchange through the `HttpClient`, the retry schedule built on the policy's `Schedule`, and what a retried
 * effect knows of the retries before it. `src/v4/internal/platform.ts` has the same exports for Effect 4.
 *
 * @internal
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleInterval from "effect/ScheduleInterval"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import { withKeyHeader } from "../../core/config.js"
import { transportFields } from "../../core/failure.js"
import type { OperationName } from "../../core/operations.js"
import type { Answer } from "../../core/responseBody.js"
import { firstAttempt, isRetried, type OnFailure, type Retried } from "../../core/retry.js"
import * as RocksetError from "../RocksetError.js"

const always = () => true

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
      Effect.mapError((error) =>
        new RocksetError.Transport({
          operation,
          ...transportFields(
            error._tag === "ResponseError" ? "body" : "request",
            error.reason,
            error.cause,
            request.url,
            secret
          )
        })
      ),
      Effect.provideService(FetchHttpClient.RequestInit, {
        ...Option.getOrElse(init, () => ({})),
        redirect: "manual"
      }),
      Effect.locally(HttpClient.currentTracerDisabledWhen, always),
      Effect.locallyWith(Headers.currentRedactedNames, withKeyHeader)
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
  Schedule.makeWithState(
    { retried: firstAttempt, schedule: schedule.initial },
    (now, error, state) => {
      const done = [state, state.retried, ScheduleDecision.done] as const
      const decide = onFailure(now, error, state.retried)
      if (decide === undefined) return Effect.succeed(done)
      return Effect.flatMap(schedule.step(now, error, state.schedule), ([next, , step]) =>
        Effect.sync(() => {
          const decided = decide(
            ScheduleDecision.isDone(step) ? undefined : ScheduleIntervals.start(step.intervals) - now
          )
          if (decided === undefined) return done
          return [
            { retried: decided.retried, schedule: next },
            decided.retried,
            ScheduleDecision.continueWith(ScheduleInterval.after(now + decided.delay))
          ] as const
        }))
    }
  )

/**
 * Inside an effect retried over {@link retrySchedule}: the retries before this attempt (the first attempt
 * has none).
 *
 * @internal
 */
export const retriedSoFar: Effect.Effect<Retried> = Effect.map(
  Schedule.CurrentIterationMetadata,
  (meta) => isRetried(meta.output) ? meta.output : firstAttempt
)
