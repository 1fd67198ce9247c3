/**
 * The call loop: one operation's call, attempted under the policy in force. The first attempt is the hot
 * path (no fiber of its own on the direct transports, one clock read, no span unless a real tracer is
 * installed); what happens after a failure is plain Effect code over the pure decision of `core/retry.ts`.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Pull from "effect/Pull"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Tracer from "effect/Tracer"
import { stateOf } from "../../core/clientState.js"
import { type Endpoint, endpointOf } from "../../core/exchange/attempt.js"
import type { OperationKind, OperationName } from "../../core/operations.js"
import * as Retry from "../../core/retry.js"
import { finishSpan, retryEvent } from "../../core/tracing.js"
import { ApiKey } from "../ApiKey.js"
import { ApiServer, type ApiServerUrl } from "../ApiServer.js"
import * as Policy from "../Policy.js"
import type * as RocksetError from "../RocksetError.js"
import { UserAgent } from "../UserAgent.js"
import type { RequestSpec } from "./request.js"
import { attemptError, responseOutcome } from "./response.js"
import { type AttemptContext, inCallContext, type Transport, transportOf } from "./transport.js"

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
  deadline: number
  attempts: number
  lastStatus: number | undefined
}

const makeCall = (
  operation: OperationName,
  fiber: { readonly context: Context.Context<never>; readonly getRef: <A>(ref: Context.Reference<A>) => A },
  span: Tracer.Span | undefined,
  clock: Clock.Clock
): Call => {
  // the operation's requirements are in the fiber's context: `execute`'s type says so
  const context = fiber.context as Context.Context<HttpClient.HttpClient | ApiKey>
  const client = Context.get(context, HttpClient.HttpClient)
  const server = fiber.getRef(ApiServer)
  const policy = fiber.getRef(Policy.CurrentPolicy)
  const secret = Redacted.value(Context.get(context, ApiKey))
  return {
    operation,
    context: fiber.context,
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
      "user-agent": fiber.getRef(UserAgent)
    },
    jsonHeaders: undefined,
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
        call.clock.currentTimeMillisUnsafe()
      )
      return Result.isSuccess(outcome) ? onValue(outcome.success) : onError(outcome.failure)
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

type Step = (now: number, input: RocksetError.CallError) => Pull.Pull<[unknown, Duration.Duration], never, unknown>

/** The delay the policy's schedule proposes after `error`, or `undefined` when the schedule is done. */
const proposedDelay = (step: Step, now: number, error: RocksetError.CallError): Effect.Effect<number | undefined> =>
  Pull.catchDone(
    Effect.map(step(now, error), ([, delay]) => Duration.toMillis(delay)),
    () => Effect.succeed(undefined)
  )

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
    let step: Step | undefined
    while (true) {
      if (retries.ambiguous && request.recover !== undefined) {
        const recovered = request.recover(error, (lookup) => Effect.suspend(() => lookupOf(call, lookup)))
        if (recovered !== undefined) {
          span?.attribute("rockset.recovered", error._tag)
          return yield* recovered
        }
      }
      const now = clock.currentTimeMillisUnsafe()
      const input = retries.input(error, retryAfterMillis(error), now)
      if (input === undefined) return yield* Effect.fail(error)

      step ??= yield* Schedule.toStep(policy.schedule)
      const proposed = yield* inCallContext(proposedDelay(step, now, error), call)
      const decision = retries.decide(input, proposed)
      if (decision._tag === "Stop") {
        if (decision.reason === "budget") span?.attribute("rockset.retry_budget_exhausted", true)
        return yield* Effect.fail(error)
      }
      if (span !== undefined) {
        retryEvent(span, now, retries.made, decision.delay, error, request.operation, call.operation)
      }
      yield* Effect.sleep(decision.delay)

      if (own) call.attempts = retries.made
      const outcome = yield* Effect.result(
        attempt(call, request, clock.currentTimeMillisUnsafe(), Effect.succeed, Effect.fail)
      )
      if (Result.isSuccess(outcome)) {
        retries.succeeded()
        return outcome.success
      }
      error = outcome.failure
    }
  })

/** A lookup made by `recover`: attempted under the policy too, within the call's deadline. */
const lookupOf = <B>(call: Call, lookup: RequestSpec<B>) =>
  attempts(call, lookup, false, call.clock.currentTimeMillisUnsafe())

/** Books the operation's send in its kind's rate-limit window, and waits until it has come. */
const waitForSlot = (call: Call, kind: OperationKind, limits: Retry.RateLimits): Effect.Effect<void> =>
  Effect.suspend(() => {
    const wait = Retry.bookFirstSend(call.state, kind, limits, call.clock.currentTimeMillisUnsafe())
    return wait === 0 ? Effect.void : Effect.sleep(wait)
  })

/** The call's attempts, from the deadline on; its span told how they went. */
const attemptAll = <A>(call: Call, spec: RequestSpec<A>): Effect.Effect<A, RocksetError.CallError> => {
  const now = call.clock.currentTimeMillisUnsafe()
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

/**
 * Runs one operation in its span: attempts the request under the policy in force.
 *
 * The span, `Users.<op>`, is made only when a tracer other than Effect's built-in one is installed (an
 * OpenTelemetry one, say) and tracing is enabled: the built-in tracer exports nothing, and a span costs
 * about a sixth of a call.
 *
 * @internal
 */
export const execute = <A>(
  spec: RequestSpec<A>
): Effect.Effect<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey> =>
  Effect.withFiber<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey>((fiber) => {
    const clock = fiber.getRef(Clock.Clock)
    if (fiber.getRef(Tracer.Tracer) === Tracer.nativeTracer || !fiber.getRef(References.TracerEnabled)) {
      return run(makeCall(spec.operation, fiber, undefined, clock), spec)
    }
    return Effect.useSpan(`Users.${spec.operation}`, {
      kind: "client",
      attributes: {
        "rockset.operation": spec.operation,
        "http.request.method": spec.method,
        "http.route": spec.route
      }
    }, (span) => run(makeCall(spec.operation, fiber, span, clock), spec))
  })
