import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import * as Domain from "../../internal/domain.js"
import * as Wire from "../../internal/wire.js"
import type { RequestRecord, Service } from "../Emulator.js"
import * as Fault from "../Fault.js"
import type { RateLimiter } from "./rateLimiter.js"
import { allowedMethods, matchRoute, rateKind, type Route } from "./routes.js"

/**
 * What the HTTP layer needs from the emulator's core.
 *
 * @internal
 */
export interface Engine {
  readonly state: Effect.Effect<Domain.State>
  /** Runs an operation under the lock; a change is saved before it is acknowledged. */
  readonly transact: <A>(
    f: (state: Domain.State, now: number) => Domain.Outcome<A>
  ) => Effect.Effect<Either.Either<A, Domain.DomainError>>
  readonly takeFault: (target: Fault.Target) => Effect.Effect<Fault.Action | undefined>
  readonly limiter: RateLimiter | undefined
  /** Starts a log entry; the caller fills in the outcome. */
  readonly record: (entry: Omit<RequestRecord, "seq" | "status" | "fault">) => MutableRecord
}

/** @internal */
export interface MutableRecord {
  status: number | null
  fault: Fault.Action["kind"] | null
}

/** A response before it is sent: kept as text so faults can cut or drip it. */
interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly contentType: string | undefined
  readonly body: string
}

const json = "application/json"

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "retry-after"
}

const baseHeaders = { "cache-control": "no-store", ...corsHeaders }

const preflightHeaders = {
  ...corsHeaders,
  "access-control-allow-headers": "origin, content-type, accept, authorization, user-agent, x-rockset-version",
  "access-control-max-age": "86400"
}

const ok = (body: string): Answer => ({ status: 200, headers: baseHeaders, contentType: json, body })

const failure = (error: Domain.DomainError, headers: Readonly<Record<string, string>> = {}): Answer => ({
  status: error.status,
  headers: { ...baseHeaders, ...headers },
  contentType: json,
  body: Wire.errorJson(error, randomUUID())
})

const toResponse = (answer: Answer): HttpServerResponse.HttpServerResponse =>
  answer.body === "" && answer.contentType === undefined
    ? HttpServerResponse.empty({ status: answer.status, headers: answer.headers })
    : HttpServerResponse.text(answer.body, {
      status: answer.status,
      headers: answer.headers,
      ...(answer.contentType === undefined ? {} : { contentType: answer.contentType })
    })

const mediaType = (value: string): string => (value.split(";")[0] ?? "").trim().toLowerCase()

/** `Accept` allows JSON unless every listed range excludes it (or has `q=0`). */
const acceptsJson = (accept: string | undefined): boolean => {
  if (accept === undefined || accept.trim() === "") return true
  return accept.split(",").some((range) => {
    const [type = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase())
    const quality = parameters.find((parameter) => parameter.startsWith("q="))
    if (quality !== undefined && Number(quality.slice(2)) === 0) return false
    return type === json || type === "application/*" || type === "*/*"
  })
}

const isJsonContentType = (contentType: string): boolean => {
  const type = mediaType(contentType)
  return type === json || (type.startsWith("application/") && type.endsWith("+json"))
}

const statusTypes: Readonly<Record<number, string>> = {
  400: "BADREQUEST",
  401: "AUTHEXCEPTION",
  403: "FORBIDDEN",
  404: "NOTFOUND",
  405: "METHODNOTALLOWED",
  406: "NOTACCEPTABLE",
  408: "QUERY_TIMEOUT",
  409: "CONFLICT",
  415: "UNSUPPORTEDMEDIATYPE",
  429: "RATELIMITEXCEEDED",
  500: "INTERNALERROR",
  501: "NOTIMPLEMENTEDYET",
  503: "NOT_READY"
}

const statusText = (status: number): string => Http.STATUS_CODES[status] ?? "Unknown Status"

const injectedStatus = (action: Extract<Fault.Action, { kind: "status" }>): Answer => {
  const headers: Record<string, string> = { ...baseHeaders }
  if (action.retryAfter !== undefined) headers["retry-after"] = String(action.retryAfter)
  switch (action.body ?? "rockset") {
    case "empty":
      return { status: action.status, headers, contentType: undefined, body: "" }
    case "html": {
      const title = `${action.status} ${statusText(action.status)}`
      return {
        status: action.status,
        headers,
        contentType: "text/html",
        body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
          "<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n"
      }
    }
    default: {
      const type = action.type ?? statusTypes[action.status] ?? (action.status >= 500 ? "INTERNALERROR" : "BADREQUEST")
      const message = action.message ?? `${statusText(action.status)} (injected by the emulator)`
      return failure(Domain.error(action.status, type, message), headers)
    }
  }
}

const malformedBody = "{\"data\":{\"email\":\"truncated@exam"
const wrongShapeBody = "{\"data\":\"not what the API documents\",\"email\":null}"

/** Whether the fault lets the request run first. */
const applies = (action: Fault.Action): boolean => {
  switch (action.kind) {
    case "partialBody":
    case "drip":
      return true
    case "status":
    case "reset":
    case "stall":
    case "malformedJson":
    case "wrongShape":
      return action.apply === true
    default:
      return false
  }
}

const socketOf = (request: HttpServerRequest.HttpServerRequest) =>
  NodeHttpServerRequest.toIncomingMessage(request).socket

// Waits for the client to go away: the platform interrupts a handler when its connection closes, and the
// emulator closes every connection when it stops, so nothing waits forever.
const hang = Effect.never

const resetConnection = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.zipRight(Effect.sync(() => socketOf(request).resetAndDestroy()), hang)

const write = (response: Http.ServerResponse, chunk: Uint8Array) =>
  Effect.async<void>((resume) => {
    response.write(chunk, () => resume(Effect.void))
  })

const writeHead = (response: Http.ServerResponse, answer: Answer, length: number) => {
  response.writeHead(answer.status, {
    ...answer.headers,
    ...(answer.contentType === undefined ? {} : { "content-type": answer.contentType }),
    "content-length": String(length)
  })
  response.flushHeaders()
}

// Before a reset, give the client a moment to read what was sent: an RST can discard data the client's
// kernel has received but the client has not read yet.
const resetGrace = "25 millis"

const misbehave = (
  request: HttpServerRequest.HttpServerRequest,
  action: Fault.Action,
  answer: Answer | undefined,
  entry: MutableRecord
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const deliver = (bad: Answer) => {
    entry.status = bad.status
    return Effect.succeed(toResponse(bad))
  }
  switch (action.kind) {
    case "status":
      return deliver(injectedStatus(action))
    case "malformedJson":
      return deliver(ok(malformedBody))
    case "wrongShape":
      return deliver(ok(wrongShapeBody))
    case "reset":
      return resetConnection(request)
    case "stall":
      return hang
    case "redirect": {
      const location = `${action.origin.replace(/\/+$/, "")}${request.originalUrl}`
      return deliver({
        status: action.status ?? 307,
        headers: { ...baseHeaders, location },
        contentType: undefined,
        body: ""
      })
    }
    case "partialBody": {
      if (answer === undefined) return hang
      const bytes = Buffer.from(answer.body, "utf8")
      const cut = Math.min(bytes.length, action.bytes ?? Math.floor(bytes.length / 2))
      const response = NodeHttpServerRequest.toServerResponse(request)
      entry.status = answer.status
      return Effect.gen(function*() {
        writeHead(response, answer, bytes.length)
        if (cut > 0) yield* write(response, bytes.subarray(0, cut))
        if (action.then === "stall") return yield* hang
        yield* Effect.sleep(resetGrace)
        return yield* resetConnection(request)
      })
    }
    case "drip": {
      if (answer === undefined) return hang
      const bytes = Buffer.from(answer.body, "utf8")
      const size = action.chunkBytes ?? 16
      const response = NodeHttpServerRequest.toServerResponse(request)
      entry.status = answer.status
      return Effect.gen(function*() {
        writeHead(response, answer, bytes.length)
        for (let offset = 0; offset < bytes.length; offset += size) {
          if (offset > 0) yield* Effect.sleep(action.intervalMillis)
          yield* write(response, bytes.subarray(offset, offset + size))
        }
        yield* Effect.async<void>((resume) => {
          response.end(() => resume(Effect.void))
        })
        // the response is already complete, so the platform writes nothing more
        return HttpServerResponse.empty()
      })
    }
    case "latency":
      return Effect.die(new Error("latency is handled before the request"))
  }
}

const parseBody = (
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<Either.Either<unknown, Domain.DomainError>> => {
  const contentType = request.headers["content-type"]
  return Effect.map(Effect.either(request.text), (text) => {
    if (Either.isLeft(text)) {
      return Either.left(Domain.error(400, "BADREQUEST", "The request body could not be read"))
    }
    const body = text.right
    if (contentType !== undefined && !isJsonContentType(contentType)) {
      return Either.left(
        Domain.error(
          415,
          "UNSUPPORTEDMEDIATYPE",
          `Unsupported Content-Type "${mediaType(contentType)}": send application/json`
        )
      )
    }
    if (body.trim() === "") {
      return Either.left(Domain.error(400, "INVALIDINPUT", "Invalid input: a JSON request body is required"))
    }
    if (contentType === undefined) {
      return Either.left(
        Domain.error(415, "UNSUPPORTEDMEDIATYPE", "The request has a body but no Content-Type: send application/json")
      )
    }
    try {
      return Either.right(JSON.parse(body))
    } catch {
      return Either.left(Domain.error(400, "INVALIDINPUT", "Invalid input: the request body is not valid JSON"))
    }
  })
}

const decodeUserSegment = (segment: string): Either.Either<string, Domain.DomainError> => {
  try {
    return Either.right(decodeURIComponent(segment))
  } catch {
    return Either.left(
      Domain.error(400, "INVALIDINPUT", "Invalid input: the user in the path is not valid percent-encoding")
    )
  }
}

/** Content negotiation, authentication, rate limits, the body, then the operation. */
const handleApi = (
  engine: Engine,
  request: HttpServerRequest.HttpServerRequest,
  route: Route,
  operation: Fault.Operation
): Effect.Effect<Answer> =>
  Effect.gen(function*() {
    if (!acceptsJson(request.headers["accept"])) {
      return failure(
        Domain.error(406, "NOTACCEPTABLE", "Not acceptable: this API only produces application/json")
      )
    }
    const apiKey = Domain.parseAuthorization(request.headers["authorization"])
    if (Either.isLeft(apiKey)) return failure(apiKey.left)
    const caller = Domain.authenticate(yield* engine.state, apiKey.right)
    if (Either.isLeft(caller)) return failure(caller.left)
    if (engine.limiter !== undefined) {
      const now = yield* Clock.currentTimeMillis
      const kind = rateKind(operation)
      const wait = engine.limiter.take(apiKey.right, kind, now)
      if (wait !== undefined) {
        return failure(
          Domain.error(429, "RATELIMITEXCEEDED", `Rate limit exceeded for ${kind} requests on this API key`),
          { "retry-after": String(Math.max(1, Math.ceil(wait / 1000))) }
        )
      }
    }
    let body: unknown = undefined
    if (request.method === "POST") {
      const parsed = yield* parseBody(request)
      if (Either.isLeft(parsed)) return failure(parsed.left)
      body = parsed.right
    }
    let user = ""
    if (route.user !== undefined) {
      const decoded = decodeUserSegment(route.user)
      if (Either.isLeft(decoded)) return failure(decoded.left)
      user = decoded.right
    }
    const result = yield* engine.transact((state, now) => Wire.perform(operation, state, apiKey.right, user, body, now))
    return Either.match(result, { onLeft: (error) => failure(error), onRight: ok })
  })

const isLoopback = (address: string): boolean =>
  address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.")

const controlJson = (status: number, value: unknown): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(JSON.stringify(value), {
    status,
    headers: { "cache-control": "no-store" },
    contentType: json
  })

const controlError = (status: number, type: string, message: string) =>
  controlJson(status, Domain.errorBody(Domain.error(status, type, message), randomUUID()))

const RuleInput = Schema.Union(
  Fault.Rule,
  Schema.Array(Fault.Rule),
  Schema.Struct({ data: Schema.Array(Fault.Rule) })
)

const NewUserInput = Schema.Struct({
  email: Schema.String,
  roles: Schema.Array(Schema.String),
  first_name: Schema.optional(Schema.String),
  last_name: Schema.optional(Schema.String)
})

const controlPaths: Readonly<Record<string, ReadonlyArray<string>>> = {
  "/_emulator/faults": ["GET", "POST", "DELETE"],
  "/_emulator/requests": ["GET", "DELETE"],
  "/_emulator/reset": ["POST"],
  "/_emulator/users": ["POST"],
  "/_emulator/status": ["GET"]
}

const readJson = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(Effect.either(request.text), (text) => {
    if (Either.isLeft(text)) return Either.left("the request body could not be read")
    try {
      return Either.right<unknown>(JSON.parse(text.right))
    } catch {
      return Either.left("the request body is not valid JSON")
    }
  })

/**
 * The control endpoint. Loopback only, and never for browsers: a request with an `Origin` header is refused,
 * so a web page cannot script faults or reset the state behind the user's back.
 */
const control = (
  service: Service,
  request: HttpServerRequest.HttpServerRequest,
  pathname: string
): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  Effect.gen(function*() {
    const remote = Option.getOrElse(request.remoteAddress, () => "")
    if (!isLoopback(remote)) return controlError(403, "FORBIDDEN", "The control endpoint only answers loopback clients")
    if (request.headers["origin"] !== undefined) {
      return controlError(403, "FORBIDDEN", "The control endpoint does not answer browser (cross-origin) requests")
    }
    const methods = controlPaths[pathname]
    if (methods === undefined) return controlError(404, "NOTFOUND", `No control route ${pathname}`)
    if (!methods.includes(request.method)) {
      return controlError(405, "METHODNOTALLOWED", `Method ${request.method} is not allowed on ${pathname}`)
    }
    switch (`${request.method} ${pathname}`) {
      case "GET /_emulator/faults":
        return controlJson(200, { data: yield* service.faults.pending })
      case "POST /_emulator/faults": {
        const body = yield* readJson(request)
        if (Either.isLeft(body)) return controlError(400, "INVALIDINPUT", body.left)
        const decoded = Schema.decodeUnknownEither(RuleInput)(body.right)
        if (Either.isLeft(decoded)) {
          return controlError(400, "INVALIDINPUT", `Not a fault rule: ${decoded.left.message}`)
        }
        const input = decoded.right
        const rules = "action" in input ? [input] : "data" in input ? input.data : input
        yield* service.faults.add(...rules)
        return controlJson(200, { data: yield* service.faults.pending })
      }
      case "DELETE /_emulator/faults":
        yield* service.faults.clear
        return controlJson(200, { data: [] })
      case "GET /_emulator/requests":
        return controlJson(200, { data: yield* service.requests })
      case "DELETE /_emulator/requests":
        yield* service.clearRequests
        return controlJson(200, { data: [] })
      case "POST /_emulator/reset": {
        const reset = yield* Effect.either(service.reset)
        return Either.isLeft(reset)
          ? controlError(500, "INTERNALERROR", reset.left.detail)
          : controlJson(200, { data: { reset: true } })
      }
      case "POST /_emulator/users": {
        const body = yield* readJson(request)
        if (Either.isLeft(body)) return controlError(400, "INVALIDINPUT", body.left)
        const decoded = Schema.decodeUnknownEither(NewUserInput)(body.right)
        if (Either.isLeft(decoded)) return controlError(400, "INVALIDINPUT", `Not a user: ${decoded.left.message}`)
        const added = yield* Effect.either(service.addUser(decoded.right))
        if (Either.isLeft(added)) {
          const status = added.left.status ?? 400
          return controlError(status, status === 409 ? "ALREADYEXISTS" : "INVALIDINPUT", added.left.detail)
        }
        const email = decoded.right.email.toLowerCase()
        const users = yield* service.users
        return controlJson(200, {
          data: { apiKey: Redacted.value(added.right), user: users.find((user) => user.email === email) ?? null }
        })
      }
      default:
        return controlJson(200, {
          data: {
            url: service.url,
            openConnections: yield* service.openConnections,
            users: (yield* service.users).length,
            pendingFaults: (yield* service.faults.pending).length
          }
        })
    }
  })

const redactHeaders = (headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> => {
  const authorization = headers["authorization"]
  if (authorization === undefined) return { ...headers }
  const scheme = /^\s*(\S+)\s+\S/.exec(authorization)?.[1]
  return { ...headers, authorization: scheme === undefined ? "<redacted>" : `${scheme} <redacted>` }
}

/**
 * The emulator's HTTP app: the control endpoint, CORS preflight, routing, faults, then the API.
 *
 * @internal
 */
export const make = (engine: Engine, service: Service): HttpApp.Default =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const target = request.originalUrl
    const pathname = target.split("?")[0] ?? ""
    if (pathname === "/_emulator" || pathname.startsWith("/_emulator/")) {
      return yield* control(service, request, pathname)
    }
    const route = matchRoute(pathname)
    const method = request.method
    const operation = route?.methods[method]
    const now = yield* Clock.currentTimeMillis
    const entry = engine.record({
      time: new Date(now).toISOString(),
      method,
      target,
      route: route?.template ?? null,
      operation: operation ?? null,
      headers: redactHeaders(request.headers)
    })
    const respond = (answer: Answer) => {
      entry.status = answer.status
      return toResponse(answer)
    }
    if (method === "OPTIONS" && route !== undefined) {
      entry.status = 204
      return HttpServerResponse.empty({
        status: 204,
        headers: { ...preflightHeaders, "access-control-allow-methods": allowedMethods(route) }
      })
    }
    if (route === undefined) return respond(failure(Domain.error(404, "NOTFOUND", `Not found: ${pathname}`)))
    if (operation === undefined) {
      return respond(failure(
        Domain.error(405, "METHODNOTALLOWED", `Method ${method} is not allowed on ${route.template}`),
        { allow: allowedMethods(route) }
      ))
    }
    const action = yield* engine.takeFault({ operation, route: route.template, method })
    if (action !== undefined) {
      entry.fault = action.kind
      if (action.kind === "latency") {
        yield* Effect.sleep(action.millis)
      } else if (!applies(action)) {
        return yield* misbehave(request, action, undefined, entry)
      }
    }
    const answer = yield* handleApi(engine, request, route, operation)
    if (action !== undefined && action.kind !== "latency" && applies(action)) {
      return yield* misbehave(request, action, answer, entry)
    }
    return respond(answer)
  }).pipe(Effect.interruptible)
