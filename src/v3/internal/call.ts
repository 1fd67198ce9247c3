/**
 * The call loop: one operation's call through the `HttpClient` in context, under the policy in force. Each
 * attempt is the platform's request (the key, accept and user-agent headers set on it) under the attempt's
 * time limit; what follows a failure is `Effect.retryOrElse` over a `Schedule` whose logic is the core's
 * decision (`core/retry.ts`). What differs between the Effect majors is in `platform.ts`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Tracer from "effect/Tracer"
import { stateOf } from "../../core/clientState.js"
import { keyHeader } from "../../core/config.js"
import * as Retry from "../../core/retry.js"
import { ApiKey } from "../ApiKey.js"
import { ApiServer } from "../ApiServer.js"
import * as Policy from "../Policy.js"
import * as RocksetError from "../RocksetError.js"
import { UserAgent } from "../UserAgent.js"
import { exchange, retriedSoFar, retrySchedule } from "./platform.js"
import type { RequestSpec } from "./request.js"
import { responseOutcome } from "./response.js"

/** What every request of one call shares, read from the context when the call starts. */
interface Call extends Retry.Decider {
  readonly client: HttpClient.HttpClient
  readonly policy: Policy.Policy
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly secret: string
  readonly span: Tracer.Span
}

/** The platform's request of a spec: the server's URL and the path, the call's headers, the JSON body. */
const requestOf = (call: Call, spec: RequestSpec<unknown>): HttpClientRequest.HttpClientRequest => {
  const request = HttpClientRequest.make(spec.method)(call.url + spec.path).pipe(
    HttpClientRequest.setHeaders(call.headers)
  )
  return spec.body === undefined ? request : HttpClientRequest.bodyText(request, spec.body, "application/json")
}

/**
 * One attempt: the exchange under the attempt's limit (or what is left of the call's, when that is less),
 * then the body decoded or the status's error; a success gives the client back what its last retry cost.
 */
const attempt = <A>(
  call: Call,
  spec: RequestSpec<A>,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<A, RocksetError.CallError> =>
  Effect.gen(function*() {
    const { limitMillis, millis, scope } = Retry.attemptLimit(
      call.deadline,
      yield* Clock.currentTimeMillis,
      Duration.toMillis(call.policy.attemptTimeout),
      Duration.toMillis(call.policy.totalTimeout)
    )
    // the error names the limit that was hit: the attempt's, or the whole call's
    const after = Duration.millis(limitMillis)
    const answer = yield* exchange(call.client, request, spec.operation, call.secret).pipe(
      Effect.timeoutFail({
        duration: Duration.millis(millis),
        onTimeout: () => new RocksetError.Timeout({ operation: spec.operation, scope, after })
      })
    )
    call.span.attribute("http.response.status_code", answer.status)
    const outcome = responseOutcome(spec.operation, answer, spec.decode, call.secret, yield* Clock.currentTimeMillis)
    const value = yield* outcome
    const budget = call.policy.retryBudget
    if (budget !== undefined) {
      const { lastCost, made } = yield* retriedSoFar
      Retry.refund(call.state, budget, made, lastCost)
    }
    return value
  })

const retryAfterMillis = (error: RocksetError.CallError): number | undefined =>
  "retryAfter" in error && error.retryAfter !== undefined ? Duration.toMillis(error.retryAfter) : undefined

/**
 * The attempts at one request: the first, then the retries the decision allows; when they end in a failure
 * after an ambiguous one, the request's recovery (a lookup made by `recover` gets attempts of its own, so
 * that a transient failure of the lookup does not turn a create that succeeded into a Conflict).
 */
const attempts = <A>(call: Call, spec: RequestSpec<A>, own: boolean): Effect.Effect<A, RocksetError.CallError> =>
  Effect.retryOrElse(
    attempt(call, spec, requestOf(call, spec)),
    retrySchedule(call.policy.schedule, Retry.onFailureOf(call, spec, own, retryAfterMillis)),
    (error, retried) => {
      const recovered = retried.ambiguous
        ? spec.recover?.(error, (lookup) => attempts(call, lookup, false))
        : undefined
      if (recovered === undefined) return Effect.fail(error)
      call.span.attribute("rockset.recovered", error._tag)
      return recovered
    }
  )

/**
 * Runs one operation in its span, `Users.<op>`: waits for a rate-limit slot when the policy has limits
 * (before the call's deadline starts), then attempts the request under the policy in force.
 *
 * @internal
 */
export const execute = <A>(
  spec: RequestSpec<A>
): Effect.Effect<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey> =>
  Effect.useSpan(`Users.${spec.operation}`, {
    kind: "client",
    attributes: {
      "rockset.operation": spec.operation,
      "http.request.method": spec.method,
      "http.route": spec.route,
      "rockset.attempts": 1
    }
  }, (span) =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      const policy = yield* Policy.CurrentPolicy
      const state = stateOf(client, policy.retryBudget?.capacity ?? 0)
      if (policy.rateLimits !== undefined) {
        const wait = Retry.bookFirstSend(state, spec.kind, policy.rateLimits, yield* Clock.currentTimeMillis)
        if (wait > 0) yield* Effect.sleep(wait)
      }
      const secret = Redacted.value(yield* ApiKey)
      const call: Call = {
        operation: spec.operation,
        client,
        policy,
        url: (yield* ApiServer).url,
        headers: {
          [keyHeader]: `ApiKey ${secret}`,
          accept: "application/json",
          "user-agent": yield* UserAgent
        },
        secret,
        state,
        span,
        deadline: (yield* Clock.currentTimeMillis) + Duration.toMillis(policy.totalTimeout)
      }
      return yield* attempts(call, spec, true)
    }).pipe(
      Effect.withParentSpan(span),
      Effect.tap(() => Effect.sync(() => span.attribute("rockset.outcome", "success"))),
      Effect.tapError(() => Effect.sync(() => span.attribute("rockset.outcome", "failure")))
    ))
