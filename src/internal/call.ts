/**
 * The call loop: one operation's call, attempted under the policy in force. The first attempt is the hot
 * path (no fiber of its own on the direct transports, one clock read, no span unless a real tracer is
 * installed); what happens after a failure is plain Effect code over the pure decision of `core/retry.ts`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
// v4-
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
// v4: import * as Pull from "effect/Pull"
// v3 {
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
// v3 }
import * as Redacted from "effect/Redacted"
// v4: import * as References from "effect/References"
// v4: import * as Result from "effect/Result"
// v4: import * as Schedule from "effect/Schedule"
// v3 {
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
// v3 }
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
// v4: import { inCallContext } from "./clientTransport.js"
import { callContextOf, inCallContext } from "./clientTransport.js"
import { type AttemptContext, type Transport, transportOf } from "./transport.js"

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
  /** The clock's time, in milliseconds. */
  readonly now: () => number
  readonly headers: Record<string, string>
  jsonHeaders: Record<string, string> | undefined
  // v4-
  callContext: Context.Context<never> | undefined
  deadline: number
  attempts: number
  lastStatus: number | undefined
}

const makeCall = (
  operation: OperationName,
  // v4: fiber: { readonly context: Context.Context<never>; readonly getRef: <A>(ref: Context.Reference<A>) => A },
  context: Context.Context<HttpClient.HttpClient | ApiKey>,
  span: Tracer.Span | undefined,
  clock: Clock.Clock
): Call => {
  // v4+: // the operation's requirements are in the fiber's context: `execute`'s type says so
  // v4+: const context = fiber.context as Context.Context<HttpClient.HttpClient | ApiKey>
  const client = Context.get(context, HttpClient.HttpClient)
  // v4: const server = fiber.getRef(ApiServer)
  // v4: const policy = fiber.getRef(Policy.CurrentPolicy)
  // v3 {
  const server = Context.get(context, ApiServer)
  const policy = Context.get(context, Policy.CurrentPolicy)
  // v3 }
  const secret = Redacted.value(Context.get(context, ApiKey))
  return {
    operation,
    // v4: context: fiber.context,
    context,
    span,
    policy,
    server,
    endpoint: endpointOf(server),
    secret,
    state: stateOf(client, policy.retryBudget?.capacity ?? 0),
    transport: transportOf(client, clock),
    clock,
    // v4: now: () => clock.currentTimeMillisUnsafe(),
    now: () => clock.unsafeCurrentTimeMillis(),
    headers: {
      authorization: `ApiKey ${secret}`,
      accept: "application/json",
      // v4: "user-agent": fiber.getRef(UserAgent)
      "user-agent": Context.get(context, UserAgent)
    },
    jsonHeaders: undefined,
    // v4-
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
  const { millis: limitMillis, scope } = Retry.attemptLimit(
    call.deadline,
    now,
    Duration.toMillis(call.policy.attemptTimeout)
  )
  const { basePath, origin } = call.endpoint
  const exchange = call.transport({
    method: request.method,
    origin,
    path: basePath + request.path,
    headers: request.body === undefined
      ? call.headers
      : (call.jsonHeaders ??= { ...call.headers, "content-type": "application/json" }),
    body: request.body,
    timeoutMillis: limitMillis
  }, call)
  return Effect.matchEffect(exchange, {
    onSuccess: (response) => {
      call.lastStatus = response.status
      const outcome = responseOutcome(
        request.operation,
        response,
        request.decode,
        call.secret,
        call.now()
      )
      // v4: return Result.isSuccess(outcome) ? onValue(outcome.success) : onError(outcome.failure)
      return Either.isRight(outcome) ? onValue(outcome.right) : onError(outcome.left)
    },
    onFailure: (failure) =>
      onError(
        attemptError(
          request.operation,
          failure,
          call.server.url + request.path,
          call.secret,
          Duration.millis(limitMillis),
          scope
        )
      )
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

// v4+: type Step = (now: number, input: RocksetError.CallError) => Pull.Pull<[unknown, Duration.Duration], never, unknown>
// v4+:
// v4+: /** The delay the policy's schedule proposes after `error`, or `undefined` when the schedule is done. */
// v4+: const proposedDelay = (step: Step, now: number, error: RocksetError.CallError): Effect.Effect<number | undefined> =>
// v4+:   Pull.catchDone(
// v4+:     Effect.map(step(now, error), ([, delay]) => Duration.toMillis(delay)),
// v4+:     () => Effect.succeed(undefined)
// v4+:   )
// v4+:
/** After a failed first attempt: recover, or ask the decision, sleep and attempt again, until one ends it. */
const retried = <B>(
  call: Call,
  request: RequestSpec<B>,
  own: boolean,
  firstError: RocksetError.CallError
): Effect.Effect<B, RocksetError.CallError> =>
  Effect.gen(function*() {
    const { policy, span, state } = call
    let error = firstError
    const retries = new Retry.Retries(policy, request.kind, state, call.deadline)
    // v4: let step: Step | undefined
    let scheduleState: unknown = policy.schedule.initial
    while (true) {
      if (retries.ambiguous && request.recover !== undefined) {
        const recovered = request.recover(error, (lookup) => Effect.suspend(() => lookupOf(call, lookup)))
        if (recovered !== undefined) {
          span?.attribute("rockset.recovered", error._tag)
          return yield* recovered
        }
      }
      const now = call.now()
      const input = retries.input(error, retryAfterMillis(error), now)
      if (input === undefined) return yield* Effect.fail(error)

      // v4: step ??= yield* Schedule.toStep(policy.schedule)
      // v4: const proposed = yield* inCallContext(proposedDelay(step, now, error), call)
      // v3 {
      call.callContext ??= callContextOf(call)
      const [nextState, , step] = yield* inCallContext(
        policy.schedule.step(now, error, scheduleState),
        call.callContext
      )
      const proposed = ScheduleDecision.isDone(step) ? undefined : ScheduleIntervals.start(step.intervals) - now
      // v3 }
      const decision = retries.decide(input, proposed)
      if (decision._tag === "Stop") {
        if (decision.reason === "budget") span?.attribute("rockset.retry_budget_exhausted", true)
        return yield* Effect.fail(error)
      }
      // v4-
      scheduleState = nextState
      if (span !== undefined) {
        retryEvent(span, now, retries.made, decision.delay, error, request.operation, call.operation)
      }
      yield* Effect.sleep(decision.delay)

      if (own) call.attempts = retries.made
      // v4: const outcome = yield* Effect.result(attempt(call, request, call.now(), Effect.succeed, Effect.fail))
      const outcome = yield* Effect.either(attempt(call, request, call.now(), Effect.succeed, Effect.fail))
      // v4: if (Result.isSuccess(outcome)) {
      if (Either.isRight(outcome)) {
        retries.succeeded()
        // v4: return outcome.success
        return outcome.right
      }
      // v4: error = outcome.failure
      error = outcome.left
    }
  })

/** A lookup made by `recover`: attempted under the policy too, within the call's deadline. */
const lookupOf = <B>(call: Call, lookup: RequestSpec<B>) => attempts(call, lookup, false, call.now())

/** Books the operation's send in its kind's rate-limit window, and waits until it has come. */
const waitForSlot = (call: Call, kind: OperationKind, limits: Retry.RateLimits): Effect.Effect<void> =>
  Effect.suspend(() => {
    const wait = Retry.bookFirstSend(call.state, kind, limits, call.now())
    return wait === 0 ? Effect.void : Effect.sleep(wait)
  })

/** The call's attempts, from the deadline on; its span told how they went. */
const attemptAll = <A>(call: Call, spec: RequestSpec<A>): Effect.Effect<A, RocksetError.CallError> => {
  const now = call.now()
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
  return Effect.andThen(waitForSlot(call, spec.kind, limits), Effect.suspend(() => attemptAll(call, spec)))
}

// v4-
// v3 {
/** Effect's built-in tracer: its spans go nowhere, so a call under it makes none. */
const nativeTracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

// v3 }
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
  // v4: Effect.withFiber<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey>((fiber) => {
  // v4:   const clock = fiber.getRef(Clock.Clock)
  // v4:   if (fiber.getRef(Tracer.Tracer) === Tracer.nativeTracer || !fiber.getRef(References.TracerEnabled)) {
  // v4:     return run(makeCall(spec.operation, fiber, undefined, clock), spec)
  // v3 {
  Effect.withFiberRuntime<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey>((fiber) => {
    // the operation's requirements are in the fiber's context: this function's type says so
    const context = fiber.currentContext as Context.Context<HttpClient.HttpClient | ApiKey>
    const services = fiber.currentDefaultServices
    const clock = Context.get(services, Clock.Clock)
    if (
      Context.get(services, Tracer.Tracer) === nativeTracer || !fiber.getFiberRef(FiberRef.currentTracerEnabled)
    ) {
      return run(makeCall(spec.operation, context, undefined, clock), spec)
      // v3 }
    }
    return Effect.useSpan(`Users.${spec.operation}`, {
      kind: "client",
      // v4-
      // v3 {
      // the stack trace would point into this file, never at the caller: capturing it costs an Error per call
      captureStackTrace: false,
      // v3 }
      attributes: {
        "rockset.operation": spec.operation,
        "http.request.method": spec.method,
        "http.route": spec.route
      }
      // v4: }, (span) => run(makeCall(spec.operation, fiber, span, clock), spec))
    }, (span) => run(makeCall(spec.operation, context, span, clock), spec))
  })
