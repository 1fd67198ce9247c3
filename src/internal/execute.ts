import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
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
import { ApiServer, type ApiServerUrl } from "../ApiServer.js"
import { scrubSecret } from "../core/redact.js"
import * as Policy from "../Policy.js"
import * as RocksetError from "../RocksetError.js"
import { UserAgent } from "../UserAgent.js"
import { type Direct, type DirectHandler, type DirectHeaders, directOf } from "./direct.js"
import { decodeBody, errorFromResponse } from "./response.js"
import { isLiveClock, timeoutFail } from "./timeout.js"

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

/** Where a transport failure happened: before any response, or while its body was read. */
type FailedPhase = "request" | "body"

const toTransport = (
  operation: RocksetError.OperationName,
  phase: FailedPhase,
  reason: string,
  cause: unknown,
  url: string,
  secret: string
): RocksetError.Transport => {
  const code = findCode(cause)
  const requestSent = phase === "body" ||
    (reason === "Transport" && (code === undefined || !(notSentCodes.has(code) || isTlsCode(code))))
  const message = causeMessage(cause)
  const what = phase === "body" ? "reading the response body failed" : reason
  const detail = RocksetError.redactEmails(
    scrubSecret(message === undefined ? what : `${what}: ${message.split(url).join("<url>")}`, secret)
  )
  return new RocksetError.Transport({ operation, requestSent, detail, ...(code === undefined ? {} : { code }) })
}

const fromClientError = (
  operation: RocksetError.OperationName,
  error: HttpClientError.HttpClientError,
  url: string,
  secret: string
): RocksetError.Transport =>
  error._tag === "ResponseError"
    ? toTransport(operation, "body", error.reason, error.cause, url, secret)
    : toTransport(operation, "request", error.reason, error.cause, url, secret)

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

/**
 * The context of what runs inside a call: its span (when it has one) as parent, and fetch told not to
 * follow redirects.
 */
const callContextOf = <R>(context: Context.Context<R>, span: Tracer.Span | undefined) => {
  const requestInit = {
    ...Option.getOrElse(Context.getOption(context, FetchHttpClient.RequestInit), () => ({})),
    redirect: "manual" as const
  }
  const withInit = Context.add(context, FetchHttpClient.RequestInit, requestInit)
  return span === undefined ? withInit : Context.add(withInit, Tracer.ParentSpan, span)
}

const tracerDisabled = () => true

interface Endpoint {
  readonly origin: string
  readonly basePath: string
}

const endpoints = new WeakMap<ApiServerUrl, Endpoint>()

/** The server's origin and base path, for the direct way, which takes them apart. */
const endpointOf = (server: ApiServerUrl): Endpoint => {
  let endpoint = endpoints.get(server)
  if (endpoint === undefined) {
    const url = new URL(server.url)
    endpoint = { origin: url.origin, basePath: url.pathname === "/" ? "" : url.pathname }
    endpoints.set(server, endpoint)
  }
  return endpoint
}

type Scope = "attempt" | "total"

/**
 * One call of an operation: what it read from its context, and how its attempts went. A class rather than
 * closures, because a call allocates it once and its methods live on the prototype: at high concurrency,
 * what a call allocates is what the garbage collector costs.
 */
class Call<A> {
  readonly client: HttpClient.HttpClient
  readonly server: ApiServerUrl
  readonly policy: Policy.Policy
  readonly secret: string
  readonly state: ClientState
  /** The direct way into the client (see `direct.ts`), only on the live clock: its timer is a plain `setTimeout`. */
  readonly direct: Direct | undefined
  readonly headers: Record<string, string>
  jsonHeaders: Record<string, string> | undefined
  enterCall: Effect.Effect<void> | undefined
  deadline = 0
  attempts = 0
  lastStatus: number | undefined

  constructor(
    readonly spec: RequestSpec<A>,
    readonly span: Tracer.Span | undefined,
    readonly context: Context.Context<HttpClient.HttpClient | ApiKey>,
    readonly clock: Clock.Clock
  ) {
    this.client = Context.get(context, HttpClient.HttpClient)
    this.server = Context.get(context, ApiServer)
    this.policy = Context.get(context, Policy.CurrentPolicy)
    this.secret = Redacted.value(Context.get(context, ApiKey))
    this.state = stateOf(this.client, this.policy)
    this.direct = isLiveClock(clock) ? directOf(this.client) : undefined
    this.headers = {
      authorization: `ApiKey ${this.secret}`,
      accept: "application/json",
      "user-agent": Context.get(context, UserAgent)
    }
  }

  /** The call: waits for a rate-limit slot when the policy has limits, then attempts under the policy. */
  run(): Effect.Effect<A, RocksetError.CallError> {
    const limits = this.policy.rateLimits
    if (limits === undefined) return this.attemptAll()
    return Effect.zipRight(waitForSlot(this.state, this.spec.kind, limits), Effect.suspend(() => this.attemptAll()))
  }

  attemptAll(): Effect.Effect<A, RocksetError.CallError> {
    this.deadline = this.clock.unsafeCurrentTimeMillis() + Duration.toMillis(this.policy.totalTimeout)
    const attempts = new Attempts(this, this.spec, true)
    if (this.span === undefined) return attempts.next()
    return Effect.matchEffect(attempts.next(), {
      onFailure: (error) => {
        this.finish("failure")
        return Effect.fail(error)
      },
      onSuccess: (value) => {
        this.finish("success")
        return Effect.succeed(value)
      }
    })
  }

  finish(outcome: "success" | "failure"): void {
    const span = this.span!
    span.attribute("rockset.attempts", this.attempts)
    span.attribute("rockset.outcome", outcome)
    if (this.lastStatus !== undefined) span.attribute("http.response.status_code", this.lastStatus)
  }

  /** A lookup made by `recover`: attempted under the policy too. */
  lookup<B>(request: RequestSpec<B>): Effect.Effect<B, RocksetError.CallError> {
    return Effect.suspend(() => new Attempts(this, request, false).next())
  }

  /** One attempt: the exchange, then the body decoded or the status turned into its error. */
  attempt<B>(request: RequestSpec<B>): Effect.Effect<B, RocksetError.CallError> {
    const remaining = this.deadline - this.clock.unsafeCurrentTimeMillis()
    const attemptLimit = this.policy.attemptTimeout
    return remaining < Duration.toMillis(attemptLimit)
      ? this.exchange(request, Duration.millis(Math.max(0, remaining)), "total")
      : this.exchange(request, attemptLimit, "attempt")
  }

  exchange<B>(
    request: RequestSpec<B>,
    limit: Duration.Duration,
    scope: Scope
  ): Effect.Effect<B, RocksetError.CallError> {
    return this.direct === undefined
      ? this.viaClient(request, limit, scope)
      : this.viaDirect(this.direct, request, limit, scope)
  }

  /** A response: its body decoded when the status is 2xx, else the status's error. */
  interpret<B>(
    request: RequestSpec<B>,
    status: number,
    headers: DirectHeaders,
    text: string
  ): Either.Either<B, RocksetError.CallError> {
    this.lastStatus = status
    if (status >= 200 && status < 300) return decodeBody(request.operation, status, text, request.decode, this.secret)
    return Either.left(
      errorFromResponse(
        request.operation,
        status,
        (name) => headers.header(name),
        text,
        this.secret,
        this.clock.unsafeCurrentTimeMillis()
      )
    )
  }

  timeout(request: RequestSpec<unknown>, limit: Duration.Duration, scope: Scope): RocksetError.Timeout {
    return new RocksetError.Timeout({ operation: request.operation, scope, after: limit })
  }

  /**
   * Through the `HttpClient` interface: the platform's request and response, the body read in an effect of
   * its own, and the attempt in a fiber of its own under the time limit.
   */
  viaClient<B>(
    request: RequestSpec<B>,
    limit: Duration.Duration,
    scope: Scope
  ): Effect.Effect<B, RocksetError.CallError> {
    // An attempt runs in a fiber of its own (timeoutFail), so it enters the call's settings without restoring them.
    this.enterCall ??= Effect.zipRight(
      FiberRef.set(FiberRef.currentContext, callContextOf(this.context, this.span)),
      FiberRef.set(HttpClient.currentTracerDisabledWhen, tracerDisabled)
    )
    const url = this.server.url + request.path
    const httpRequest = HttpClientRequest.make(request.method)(url, {
      headers: this.headers,
      ...(request.body === undefined ? {} : { body: HttpBody.unsafeJson(request.body) })
    })
    return timeoutFail(
      Effect.zipRight(this.enterCall, this.client.execute(httpRequest)).pipe(
        Effect.flatMap((response) => Effect.map(response.text, (text) => [response, text] as const)),
        Effect.mapError((error) => fromClientError(request.operation, error, url, this.secret)),
        Effect.flatMap(([response, text]) =>
          this.interpret(request, response.status, { header: (name) => response.headers[name] }, text)
        )
      ),
      limit,
      () => this.timeout(request, limit, scope)
    )
  }

  /** The direct way (see `direct.ts`): one callback for the whole exchange, its timer included. */
  viaDirect<B>(
    direct: Direct,
    request: RequestSpec<B>,
    limit: Duration.Duration,
    scope: Scope
  ): Effect.Effect<B, RocksetError.CallError> {
    const attempt = new DirectAttempt(this, request, limit, scope)
    // The exchange is cancelled by `onInterrupt` rather than by a canceler returned to `Effect.async`: with a
    // canceler, Effect keeps the register's closures (and what they reach) alive past the call, long
    // enough to be promoted out of the young generation; measured, that cost a quarter of a call's CPU.
    return Effect.onInterrupt(
      Effect.async<B, RocksetError.CallError>((resume) => {
        attempt.start(direct, resume)
      }),
      () => attempt.cancel
    )
  }
}

const ignoreOutcome = () => {}

/** Hears how a direct exchange ended, and resumes the attempt with its outcome. */
class DirectAttempt<A, B> implements DirectHandler {
  private resume: (outcome: Effect.Effect<B, RocksetError.CallError>) => void = ignoreOutcome
  private exchange: { cancel(): void } | undefined
  /** Cancels the exchange, for `onInterrupt`. */
  readonly cancel: Effect.Effect<void> = Effect.sync(() => {
    this.exchange?.cancel()
  })

  constructor(
    readonly call: Call<A>,
    readonly request: RequestSpec<B>,
    readonly limit: Duration.Duration,
    readonly scope: Scope
  ) {}

  start(direct: Direct, resume: (outcome: Effect.Effect<B, RocksetError.CallError>) => void): void {
    const { call, request } = this
    this.resume = resume
    const endpoint = endpointOf(call.server)
    this.exchange = direct(
      {
        method: request.method,
        origin: endpoint.origin,
        path: endpoint.basePath + request.path,
        headers: request.body === undefined
          ? call.headers
          : (call.jsonHeaders ??= { ...call.headers, "content-type": "application/json" }),
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMillis: Duration.toMillis(this.limit)
      },
      this,
      call.context
    )
  }

  onResponse(status: number, headers: DirectHeaders, text: string): void {
    this.settle(this.call.interpret(this.request, status, headers, text))
  }

  onFailure(phase: "request" | "body", cause: unknown): void {
    const { call, request } = this
    this.settle(Effect.fail(
      toTransport(request.operation, phase, "Transport", cause, call.server.url + request.path, call.secret)
    ))
  }

  onTimeout(): void {
    this.settle(Effect.fail(this.call.timeout(this.request, this.limit, this.scope)))
  }

  /** Resumes the attempt, first dropping the exchange and the fiber's callback: nothing is left to cancel. */
  private settle(outcome: Effect.Effect<B, RocksetError.CallError>): void {
    const resume = this.resume
    this.resume = ignoreOutcome
    this.exchange = undefined
    resume(outcome)
  }
}

/**
 * The attempts at one request under the policy: repeats what may be repeated, within the call's deadline and
 * the client's retry budget. A lookup made by `recover` gets attempts of its own, so a transient failure of
 * the lookup does not turn a create that succeeded into a Conflict. A first attempt that succeeds costs the
 * attempt itself and one step.
 */
class Attempts<A, B> {
  scheduleState: unknown
  ambiguous = false
  attempts = 0
  lastRetryCost = 0
  readonly onSuccess = (value: B): Effect.Effect<B> => {
    const budget = this.call.policy.retryBudget
    if (budget !== undefined) {
      const state = this.call.state
      state.tokens = Math.min(
        budget.capacity,
        state.tokens + (this.attempts === 1 ? budget.successRefund : this.lastRetryCost)
      )
    }
    return Effect.succeed(value)
  }
  readonly onFailure = (error: RocksetError.CallError): Effect.Effect<B, RocksetError.CallError> => this.failed(error)

  constructor(
    readonly call: Call<A>,
    readonly request: RequestSpec<B>,
    /** Whether these are the attempts of the call's own request, counted in its span. */
    readonly own: boolean
  ) {
    this.scheduleState = call.policy.schedule.initial
  }

  next(): Effect.Effect<B, RocksetError.CallError> {
    this.attempts++
    if (this.own) this.call.attempts = this.attempts
    return Effect.matchEffect(this.call.attempt(this.request), this)
  }

  failed(error: RocksetError.CallError): Effect.Effect<B, RocksetError.CallError> {
    const { call, request } = this
    const { policy, span, state } = call
    if (this.ambiguous && request.recover !== undefined) {
      const recovered = request.recover(error, (lookup) => call.lookup(lookup))
      if (recovered !== undefined) {
        span?.attribute("rockset.recovered", error._tag)
        return recovered
      }
    }
    if (this.attempts >= policy.maxAttempts || !mayRepeat(request.kind, error, policy)) return Effect.fail(error)
    if (isAmbiguous(error)) this.ambiguous = true

    const stepAt = call.clock.unsafeCurrentTimeMillis()
    return Effect.flatMap(
      policy.schedule.step(stepAt, error, this.scheduleState).pipe(
        Effect.locally(HttpClient.currentTracerDisabledWhen, tracerDisabled),
        Effect.provide(callContextOf(call.context, span))
      ),
      ([nextState, , decision]): Effect.Effect<B, RocksetError.CallError> => {
        if (ScheduleDecision.isDone(decision)) return Effect.fail(error)
        this.scheduleState = nextState
        let delay = Math.max(0, ScheduleIntervals.start(decision.intervals) - stepAt)
        const retryAfter = retryAfterOf(error)
        if (retryAfter !== undefined) delay = Math.max(delay, Duration.toMillis(retryAfter))
        if (policy.rateLimits !== undefined) {
          delay = Math.max(delay, takeSlot(state, request.kind, policy.rateLimits, stepAt + delay))
        }
        if (stepAt + delay >= call.deadline) return Effect.fail(error)

        if (policy.retryBudget !== undefined) {
          const cost = Policy.isThrottling(error) ? policy.retryBudget.throttlingCost : policy.retryBudget.retryCost
          if (state.tokens < cost) {
            span?.attribute("rockset.retry_budget_exhausted", true)
            return Effect.fail(error)
          }
          state.tokens -= cost
          this.lastRetryCost = cost
        }
        span?.event("rockset.retry", BigInt(stepAt) * 1_000_000n, {
          "rockset.attempt": this.attempts + 1,
          "rockset.retry.delay_ms": delay,
          "rockset.retry.reason": reasonOf(error),
          ...(request.operation === call.spec.operation ? {} : { "rockset.retry.request": request.operation })
        })
        return Effect.zipRight(Effect.sleep(delay), Effect.suspend(() => this.next()))
      }
    )
  }
}

/** Effect's built-in tracer: its spans go nowhere, so a call under it makes none. */
const nativeTracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

/**
 * Runs one operation in its span: builds the request, then attempts it under the policy in force.
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
      return new Call(spec, undefined, context, clock).run()
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
    }, (span) => new Call(spec, span, context, clock).run())
  })
