import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import * as Tracer from "effect/Tracer"
import { ApiKey } from "../ApiKey.js"
import { ApiServer } from "../ApiServer.js"
import * as Policy from "../Policy.js"
import * as RocksetError from "../RocksetError.js"
import { UserAgent } from "../UserAgent.js"
import { decodeBody, errorFromResponse } from "./response.js"
import { scrubSecret } from "./secret.js"
import { timeoutFail } from "./timeout.js"

/**
 * How an operation may be repeated: `read` and `update` (idempotent writes: update, delete, preferences)
 * always; `create` only when nothing was done, or with the conflict recovery.
 *
 * @internal
 */
export type OperationKind = "read" | "update" | "create"

/** @internal */
export interface RequestSpec<A> {
  readonly operation: RocksetError.OperationName
  readonly kind: OperationKind
  readonly method: "GET" | "POST" | "DELETE"
  /** The route template, for spans: never the concrete path, which holds an email. */
  readonly route: string
  /** The encoded path. */
  readonly path: string
  readonly body?: unknown
  readonly decode: (u: unknown) => Either.Either<A, ParseResult.ParseError>
  /**
   * Turns a failure met on a repeat after an ambiguous attempt into the outcome the caller wanted
   * (create meeting 409, delete meeting 404), or `undefined` to keep the failure.
   */
  readonly recover?: (
    error: RocksetError.CallError,
    send: <B>(spec: RequestSpec<B>) => Effect.Effect<B, RocksetError.CallError>
  ) => Effect.Effect<A, RocksetError.CallError> | undefined
}

interface ClientState {
  tokens: number
  readonly slots: Map<OperationKind, { available: number; updatedAt: number }>
}

const clientStates = new WeakMap<HttpClient.HttpClient, ClientState>()

const stateOf = (client: HttpClient.HttpClient, policy: Policy.Policy): ClientState => {
  let state = clientStates.get(client)
  if (state === undefined) {
    state = { tokens: policy.retryBudget?.capacity ?? 0, slots: new Map() }
    clientStates.set(client, state)
  }
  return state
}

/**
 * The retry tokens left for a client, for tests and diagnostics.
 *
 * @internal
 */
export const retryTokens = (client: HttpClient.HttpClient): number | undefined => clientStates.get(client)?.tokens

const notSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_INVALID_URL"
])

/** Certificate and handshake failures: nothing was sent, and a retry cannot succeed. */
const isTlsCode = (code: string): boolean => /CERT|SELF_SIGNED|^ERR_TLS|^ERR_SSL|^UNABLE_TO_VERIFY/.test(code)

const findCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string") return code
    const errors = (current as { readonly errors?: unknown }).errors
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0]
      continue
    }
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

const causeMessage = (error: unknown): string | undefined => {
  let current: unknown = error
  let message: string | undefined
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const text = (current as { readonly message?: unknown }).message
    if (typeof text === "string" && text !== "") message = text
    current = (current as { readonly cause?: unknown }).cause
  }
  return message
}

const toTransport = (
  operation: RocksetError.OperationName,
  error: HttpClientError.HttpClientError,
  url: string,
  secret: string
): RocksetError.Transport => {
  const code = findCode(error.cause)
  const requestSent = error._tag === "ResponseError" ||
    (error.reason === "Transport" && (code === undefined || !(notSentCodes.has(code) || isTlsCode(code))))
  const message = causeMessage(error.cause)
  const what = error._tag === "ResponseError" ? "reading the response body failed" : error.reason
  const detail = RocksetError.redactEmails(
    scrubSecret(message === undefined ? what : `${what}: ${message.split(url).join("<url>")}`, secret)
  )
  return new RocksetError.Transport({ operation, requestSent, detail, ...(code === undefined ? {} : { code }) })
}

/**
 * Whether the failure leaves it open that the server applied the request.
 *
 * @internal
 */
export const isAmbiguous = (error: RocksetError.CallError): boolean => {
  switch (error._tag) {
    case "Transport":
      return error.requestSent
    case "Timeout":
      return true
    case "InternalError":
    case "BadGateway":
      return true
    case "UnexpectedStatus":
      return error.status === 504
    default:
      return false
  }
}

/**
 * Whether a failure is transient: worth another attempt if the operation may be repeated.
 *
 * @internal
 */
export const isTransient = (error: RocksetError.CallError): boolean => {
  switch (error._tag) {
    case "Transport":
      return error.code === undefined || !isTlsCode(error.code)
    case "RequestTimeout":
    case "ResourceExceeded":
    case "InternalError":
    case "BadGateway":
    case "NotReady":
      return true
    case "Timeout":
      return error.scope === "attempt"
    case "UnexpectedStatus":
      return error.status === 504
    default:
      return false
  }
}

const mayRepeat = (kind: OperationKind, error: RocksetError.CallError, policy: Policy.Policy): boolean =>
  isTransient(error) && (kind !== "create" || !isAmbiguous(error) || policy.ambiguousCreate === "recover")

const reasonOf = (error: RocksetError.CallError): string =>
  "status" in error ? `${error._tag} (${error.status})` : error._tag === "Transport" && error.code !== undefined
    ? `Transport (${error.code})`
    : error._tag

const retryAfterOf = (error: RocksetError.CallError): Duration.Duration | undefined =>
  "retryAfter" in error ? error.retryAfter : undefined

const minute = 60_000

/** The wait, in ms, before a rate-limit slot is free, taking the slot when it is free now. */
const takeSlot = (state: ClientState, kind: OperationKind, limits: Policy.RateLimits, now: number): number => {
  const perMinute = Math.max(1, limits[kind])
  let slot = state.slots.get(kind)
  if (slot === undefined) {
    slot = { available: perMinute, updatedAt: now }
    state.slots.set(kind, slot)
  }
  slot.available = Math.min(perMinute, slot.available + ((now - slot.updatedAt) * perMinute) / minute)
  slot.updatedAt = now
  if (slot.available >= 1) {
    slot.available -= 1
    return 0
  }
  return Math.ceil(((1 - slot.available) * minute) / perMinute)
}

const waitForSlot = (state: ClientState, kind: OperationKind, limits: Policy.RateLimits): Effect.Effect<void> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const wait = takeSlot(state, kind, limits, now)
    return wait === 0 ? Effect.void : Effect.zipRight(Effect.sleep(wait), waitForSlot(state, kind, limits))
  })

/** The context of what runs inside a call: its span as parent, and fetch told not to follow redirects. */
const callContextOf = <R>(context: Context.Context<R>, span: Tracer.Span) =>
  Context.add(Context.add(context, Tracer.ParentSpan, span), FetchHttpClient.RequestInit, {
    ...Option.getOrElse(Context.getOption(context, FetchHttpClient.RequestInit), () => ({})),
    redirect: "manual"
  })

const tracerDisabled = () => true

const run = <A>(
  spec: RequestSpec<A>,
  span: Tracer.Span
): Effect.Effect<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey> =>
  Effect.gen(function*() {
    const context = yield* Effect.context<HttpClient.HttpClient | ApiKey>()
    const client = Context.get(context, HttpClient.HttpClient)
    const apiKey = Context.get(context, ApiKey)
    const server = Context.get(context, ApiServer)
    const userAgent = Context.get(context, UserAgent)
    const policy = Context.get(context, Policy.CurrentPolicy)
    const secret = Redacted.value(apiKey)
    const state = stateOf(client, policy)
    const callContext = callContextOf(context, span)
    // An attempt runs in a fiber of its own (timeoutFail), so it enters the call's settings without restoring them.
    const enterCall = Effect.zipRight(
      FiberRef.set(FiberRef.currentContext, callContext),
      FiberRef.set(HttpClient.currentTracerDisabledWhen, tracerDisabled)
    )

    const headers = {
      authorization: `ApiKey ${secret}`,
      accept: "application/json",
      "user-agent": userAgent
    }
    const build = (request: RequestSpec<unknown>) => {
      const url = server.url + request.path
      return {
        url,
        request: HttpClientRequest.make(request.method)(url, {
          headers,
          ...(request.body === undefined ? {} : { body: HttpBody.unsafeJson(request.body) })
        })
      }
    }

    let lastStatus: number | undefined
    const attempt = <B>(
      request: RequestSpec<B>,
      limit: Duration.Duration,
      scope: "attempt" | "total"
    ): Effect.Effect<B, RocksetError.CallError> => {
      const { request: httpRequest, url } = build(request)
      return Effect.zipRight(enterCall, client.execute(httpRequest)).pipe(
        Effect.flatMap((response) => Effect.map(response.text, (text) => [response, text] as const)),
        Effect.mapError((error) => toTransport(request.operation, error, url, secret)),
        Effect.flatMap(([response, text]): Effect.Effect<B, RocksetError.CallError> => {
          lastStatus = response.status
          if (response.status >= 200 && response.status < 300) {
            return decodeBody(request.operation, response.status, text, request.decode, secret)
          }
          return Effect.flatMap(
            Clock.currentTimeMillis,
            (now) => Effect.fail(errorFromResponse(request.operation, response, text, secret, now))
          )
        }),
        (effect) =>
          timeoutFail(
            effect,
            limit,
            () => new RocksetError.Timeout({ operation: request.operation, scope, after: limit })
          )
      )
    }

    if (policy.rateLimits !== undefined) yield* waitForSlot(state, spec.kind, policy.rateLimits)
    const clock = yield* Effect.clock
    const start = clock.unsafeCurrentTimeMillis()
    const totalMillis = Duration.toMillis(policy.totalTimeout)
    const attemptMillis = Duration.toMillis(policy.attemptTimeout)
    const deadline = start + totalMillis
    const limitAt = (now: number): readonly [Duration.Duration, "attempt" | "total"] => {
      const remaining = deadline - now
      return remaining < attemptMillis
        ? [Duration.millis(Math.max(0, remaining)), "total"]
        : [policy.attemptTimeout, "attempt"]
    }
    // Attempts `request` under the policy: repeats what may be repeated, within the call's deadline and the
    // client's retry budget. A lookup made by `recover` runs through it too, so a transient failure of the
    // lookup does not turn a create that succeeded into a Conflict.
    const attemptAll = <B>(
      request: RequestSpec<B>,
      onAttempt: (attempts: number) => void
    ): Effect.Effect<B, RocksetError.CallError> =>
      Effect.gen(function*() {
        let scheduleState = policy.schedule.initial
        let ambiguous = false
        let attempts = 0
        let lastRetryCost = 0
        while (true) {
          attempts++
          onAttempt(attempts)
          const result = yield* Effect.either(attempt(request, ...limitAt(clock.unsafeCurrentTimeMillis())))
          if (Either.isRight(result)) {
            if (policy.retryBudget !== undefined) {
              state.tokens = Math.min(
                policy.retryBudget.capacity,
                state.tokens + (attempts === 1 ? policy.retryBudget.successRefund : lastRetryCost)
              )
            }
            return result.right
          }
          const error = result.left
          if (ambiguous && request.recover !== undefined) {
            const recovered = request.recover(error, lookup)
            if (recovered !== undefined) {
              span.attribute("rockset.recovered", error._tag)
              return yield* recovered
            }
          }
          if (attempts >= policy.maxAttempts || !mayRepeat(request.kind, error, policy)) {
            return yield* Effect.fail(error)
          }
          if (isAmbiguous(error)) ambiguous = true

          const stepAt = clock.unsafeCurrentTimeMillis()
          const [nextState, , decision] = yield* policy.schedule.step(stepAt, error, scheduleState).pipe(
            Effect.locally(HttpClient.currentTracerDisabledWhen, tracerDisabled),
            Effect.provide(callContext)
          )
          if (ScheduleDecision.isDone(decision)) return yield* Effect.fail(error)
          scheduleState = nextState
          let delay = Math.max(0, ScheduleIntervals.start(decision.intervals) - stepAt)
          const retryAfter = retryAfterOf(error)
          if (retryAfter !== undefined) delay = Math.max(delay, Duration.toMillis(retryAfter))
          if (policy.rateLimits !== undefined) {
            delay = Math.max(delay, takeSlot(state, request.kind, policy.rateLimits, stepAt + delay))
          }
          if (stepAt + delay >= deadline) return yield* Effect.fail(error)

          if (policy.retryBudget !== undefined) {
            const cost = Policy.isThrottling(error) ? policy.retryBudget.throttlingCost : policy.retryBudget.retryCost
            if (state.tokens < cost) {
              span.attribute("rockset.retry_budget_exhausted", true)
              return yield* Effect.fail(error)
            }
            state.tokens -= cost
            lastRetryCost = cost
          }
          span.event("rockset.retry", BigInt(stepAt) * 1_000_000n, {
            "rockset.attempt": attempts + 1,
            "rockset.retry.delay_ms": delay,
            "rockset.retry.reason": reasonOf(error),
            ...(request.operation === spec.operation ? {} : { "rockset.retry.request": request.operation })
          })
          yield* Effect.sleep(delay)
        }
      })
    const lookup = <B>(request: RequestSpec<B>): Effect.Effect<B, RocksetError.CallError> =>
      attemptAll(request, () => {})

    let attempts = 0
    const finish = (outcome: "success" | "failure") =>
      Effect.sync(() => {
        span.attribute("rockset.attempts", attempts)
        span.attribute("rockset.outcome", outcome)
        if (lastStatus !== undefined) span.attribute("http.response.status_code", lastStatus)
      })
    return yield* attemptAll(spec, (count) => {
      attempts = count
    }).pipe(
      Effect.tapBoth({ onFailure: () => finish("failure"), onSuccess: () => finish("success") })
    )
  })

/**
 * Runs one operation in its span: builds the request, then attempts it under the policy in force.
 *
 * @internal
 */
export const execute = <A>(
  spec: RequestSpec<A>
): Effect.Effect<A, RocksetError.CallError, HttpClient.HttpClient | ApiKey> =>
  Effect.useSpan(`Users.${spec.operation}`, {
    kind: "client",
    // the stack trace would point into this file, never at the caller: capturing it costs an Error per call
    captureStackTrace: false,
    attributes: {
      "rockset.operation": spec.operation,
      "http.request.method": spec.method,
      "http.route": spec.route
    }
  }, (span) => run(spec, span))
