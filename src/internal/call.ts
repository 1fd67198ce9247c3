/**
 * The call loop: one operation's call, attempted under the policy in force. The first attempt is the hot
 * path (no fiber of its own on the direct transports, one clock read, no span unless a real tracer is
 * installed); what happens after a failure is plain Effect code over the pure decision of `core/retry.ts`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Redacted from "effect/Redacted"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import * as Tracer from "effect/Tracer"
import { ApiKey } from "../ApiKey.js"
import { ApiServer, type ApiServerUrl } from "../ApiServer.js"
import { stateOf } from "../core/clientState.js"
import { type Endpoint, endpointOf } from "../core/exchange/attempt.js"
import type { OperationKind, OperationName } from "../core/operations.js"
import * as Retry from "../core/retry.js"
import { finishSpan, retryEvent } from "../core/tracing.js"
import * as Policy from "../Policy.js"
import type * as RocksetError from "../RocksetError.js"
import { UserAgent } from "../UserAgent.js"
import type { RequestSpec } from "./request.js"
import { attemptError, responseOutcome } from "./response.js"
import { type AttemptContext, callContextOf, inCallContext, type Transport, transportOf } from "./transport.js"

/** What one call read from its context, and how its own attempts went. */
interface Call extends AttemptContext {
  readonly operation: OperationName
  readonly policy: Policy.Policy
  readonly server: ApiServerUrl
  readonly endpoint: Endpoint
  readonly secret: string
  readonly state: Retry.ClientState
  readonly transport: Transport
  readonly clock: Clock.Clock
  readonly headers: Record<string, string>
  jsonHeaders: Record<string, string> | undefined
  callContext: Context.Context<never> | undefined
  deadline: number
  attempts: number
  lastStatus: number | undefined
}

const makeCall = (
  operation: OperationName,
  context: Context.Context<HttpClient.HttpClient | ApiKey>,
  span: Tracer.Span | undefined,
  clock: Clock.Clock
): Call => {
  const client = Context.get(context, HttpClient.HttpClient)
  const server = Context.get(context, ApiServer)
  const policy = Context.get(context, Policy.CurrentPolicy)
  const secret = Redacted.value(Context.get(context, ApiKey))
  return {
    operation,
    context,
    span,
    policy,
    server,
    endpoint: endpointOf(server),
    secret,
    state: stateOf(client, policy.retryBudget?.capacity ?? 0),
    transport: transportOf(client, clock),
    clock,
    headers: {
      authorization: `ApiKey ${secret}`,
      accept: "application/json",
      "user-agent": Context.get(context, UserAgent)
    },
    jsonHeaders: undefined,
    callContext: undefined,
    deadline: 0,
    attempts: 0,
    lastStatus: undefined
  }
}

/**
 * One attempt at `now`, under the attempt's limit or what is left of the call's when that is less; its value
 * or error handed on (so that the first attempt and what follows it are one step).
 */
const attempt = <B, C>(
  call: Call,
  request: RequestSpec<B>,
  now: number,
  onValue: (value: B) => Effect.Effect<C, RocksetError.CallError>,
  onError: (error: RocksetError.CallError) => Effect.Effect<C, RocksetError.CallError>
): Effect.Effect<C, RocksetError.CallError> => {
  const { millis, scope } = Retry.attemptLimit(call.deadline, now, Duration.toMillis(call.policy.attemptTimeout))
  const limit = scope === "total" ? Duration.millis(millis) : call.policy.attemptTimeout
  const { basePath, origin } = call.endpoint
  const exchange = call.transport({
    method: request.method,
    origin,
    path: basePath + request.path,
    headers: request.body === undefined
      ? call.headers
      : (call.jsonHeaders ??= { ...call.headers, "content-type": "application/json" }),
    body: request.body,
    timeoutMillis: Duration.toMillis(limit)
  }, call)
  return Effect.matchEffect(exchange, {
    onSuccess: (response) => {
      call.lastStatus = response.status
      const outcome = responseOutcome(request.operation, response, request.decode, call.secret, call.clock)
      return Either.isRight(outcome) ? onValue(outcome.right) : onError(outcome.left)
    },
    onFailure: (failure) =>
      onError(attemptError(request.operation, failure, call.server.url + request.path, call.secret, limit, scope))
  })
}

/**
 * The attempts at one request: the first, then the retries the decision allows. A lookup made by `recover`
 * gets attempts of its own (`own` false), so a transient failure of the lookup does not turn a create that
 * succeeded into a Conflict.
 */
const attempts = <B>(
  call: Call,
  request: RequestSpec<B>,
  own: boolean,
  now: number
): Effect.Effect<B, RocksetError.CallError> => {
  if (own) call.attempts = 1
  return attempt(call, request, now, (value) => {
    const budget = call.policy.retryBudget
    if (budget !== undefined) Retry.refund(call.state, budget, 1, 0)
    return Effect.succeed(value)
  }, (error) => retried(call, request, own, error))
}

const retryAfterMillis = (error: RocksetError.CallError): number | undefined =>
  "retryAfter" in error && error.retryAfter !== undefined ? Duration.toMillis(error.retryAfter) : undefined

/** After a failed first attempt: recover, or ask the decision, sleep and attempt again, until one ends it. */
const retried = <B>(
  call: Call,
  request: RequestSpec<B>,
  own: boolean,
  firstError: RocksetError.CallError
): Effect.Effect<B, RocksetError.CallError> =>
  Effect.gen(function*() {
    const { clock, policy, span, state } = call
    let error = firstError
    const retries = new Retry.Retries(policy, request.kind, state, call.deadline)
    let scheduleState: unknown = policy.schedule.initial
    while (true) {
      if (retries.ambiguous && request.recover !== undefined) {
        const recovered = request.recover(error, (lookup) => Effect.suspend(() => lookupOf(call, lookup)))
        if (recovered !== undefined) {
          span?.attribute("rockset.recovered", error._tag)
          return yield* recovered
        }
      }
      const now = clock.unsafeCurrentTimeMillis()
      const input = retries.input(error, retryAfterMillis(error), now)
      if (input === undefined) return yield* Effect.fail(error)

      call.callContext ??= callContextOf(call)
      const [nextState, , step] = yield* inCallContext(
        policy.schedule.step(now, error, scheduleState),
        call.callContext
      )
      const proposed = ScheduleDecision.isDone(step) ? undefined : ScheduleIntervals.start(step.intervals) - now
      const decision = retries.decide(input, proposed)
      if (decision._tag === "Stop") {
        if (decision.reason === "budget") span?.attribute("rockset.retry_budget_exhausted", true)
        return yield* Effect.fail(error)
      }
      scheduleState = nextState
      if (span !== undefined) {
        retryEvent(span, now, retries.made, decision.delay, error, request.operation, call.operation)
      }
      yield* Effect.sleep(decision.delay)

      if (own) call.attempts = retries.made
      const outcome = yield* Effect.either(
        attempt(call, request, clock.unsafeCurrentTimeMillis(), Effect.succeed, Effect.fail)
      )
      if (Either.isRight(outcome)) {
        retries.succeeded()
        return outcome.right
      }
      error = outcome.left
    }
  })

/** A lookup made by `recover`: attempted under the policy too, within the call's deadline. */
const lookupOf = <B>(call: Call, lookup: RequestSpec<B>) =>
  attempts(call, lookup, false, call.clock.unsafeCurrentTimeMillis())

/** Books the operation's send in its kind's rate-limit window, and waits until it has come. */
const waitForSlot = (call: Call, kind: OperationKind, limits: Retry.RateLimits): Effect.Effect<void> =>
  Effect.suspend(() => {
    const wait = Retry.bookFirstSend(call.state, kind, limits, call.clock.unsafeCurrentTimeMillis())
    return wait === 0 ? Effect.void : Effect.sleep(wait)
  })

/** The call's attempts, from the deadline on; its span told how they went. */
const attemptAll = <A>(call: Call, spec: RequestSpec<A>): Effect.Effect<A, RocksetError.CallError> => {
  const now = call.clock.unsafeCurrentTimeMillis()
  call.deadline = now + Duration.toMillis(call.policy.totalTimeout)
  const all = attempts(call, spec, true, now)
  const span = call.span
  if (span === undefined) return all
  const finish = (outcome: "success" | "failure") => finishSpan(span, call.attempts, outcome, call.lastStatus)
  return Effect.matchEffect(all, {
    onFailure: (error) => {
      finish("failure")
      return Effect.fail(error)
    },
    onSuccess: (value) => {
      finish("success")
      return Effect.succeed(value)
    }
  })
}

/** The call: waits for a rate-limit slot when the policy has limits (before the deadline starts), then attempts. */
const run = <A>(call: Call, spec: RequestSpec<A>): Effect.Effect<A, RocksetError.CallError> => {
  const limits = call.policy.rateLimits
  if (limits === undefined) return attemptAll(call, spec)
  return Effect.zipRight(waitForSlot(call, spec.kind, limits), Effect.suspend(() => attemptAll(call, spec)))
}

/** Effect's built-in tracer: its spans go nowhere, so a call under it makes none. */
const nativeTracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

/**
 * Runs one operation in its span: attempts the request under the policy in force.
 *
 * The span, `Users.<op>`, is made only when a tracer other than Effect's built-in one is installed (an
 * OpenTelemetry one, say) and tracing is enabled: the built-in tracer records nothing, and a span costs
 * about a sixth of a call.
 *
 * @internal
 */
export const execute = <A>(
  spec: RequestSpec<A>
): Effect.Effect<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey> =>
  Effect.withFiberRuntime<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey>((fiber) => {
    // the operation's requirements are in the fiber's context: this function's type says so
    const context = fiber.currentContext as Context.Context<HttpClient.HttpClient | ApiKey>
    const services = fiber.currentDefaultServices
    const clock = Context.get(services, Clock.Clock)
    if (
      Context.get(services, Tracer.Tracer) === nativeTracer || !fiber.getFiberRef(FiberRef.currentTracerEnabled)
    ) {
      return run(makeCall(spec.operation, context, undefined, clock), spec)
    }
    return Effect.useSpan(`Users.${spec.operation}`, {
      kind: "client",
      // the stack trace would point into this file, never at the caller: capturing it costs an Error per call
      captureStackTrace: false,
      attributes: {
        "rockset.operation": spec.operation,
        "http.request.method": spec.method,
        "http.route": spec.route
      }
    }, (span) => run(makeCall(spec.operation, context, span, clock), spec))
  })
