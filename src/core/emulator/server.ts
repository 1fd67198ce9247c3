/**
 * The emulator's engine: a real HTTP server of the Users API on `node:http`, with the control endpoint,
 * the request log, rate limits, persistence and every fault applied on the raw socket. It imports nothing
 * of Effect, so the `rockset-emulator` command runs without it and each edition wraps the same engine.
 *
 * @internal
 */
import { randomBytes, randomUUID } from "node:crypto"
import * as Http from "node:http"
import type * as Net from "node:net"
import { type OperationName, operations } from "../operations.js"
import * as DataFile from "./dataFile.js"
import * as Domain from "./domain.js"
import * as Faults from "./faults.js"
import * as RateLimiter from "./rateLimiter.js"
import { allowedMethods, matchRoute, operationOf, rateClass, type Route } from "./routes.js"
import * as V from "./validate.js"
import * as Wire from "./wire.js"

/**
 * How to start the emulator. Everything is optional: by default it listens on `127.0.0.1` on a free port,
 * keeps its state in memory, enforces the documented rate limits and makes up an admin key.
 *
 * @internal
 */
export interface Options {
  /** The interface to listen on; `127.0.0.1` by default. */
  readonly host?: string | undefined
  /** The port; `0` (the default) picks a free one. */
  readonly port?: number | undefined
  /** A JSON file to keep the state in: loaded on start, saved before every change is acknowledged. */
  readonly dataFile?: string | undefined
  /** Limits to enforce (omitted ones keep the documented value), or `false` for none. */
  readonly rateLimits?: Partial<RateLimiter.Limits> | false | undefined
  /** A fixed admin API key, so scripts can know it in advance; random otherwise. */
  readonly adminKey?: string | undefined
  /** The admin user's email; `admin@example.com` by default. */
  readonly adminEmail?: string | undefined
  /** Users to add to a new organisation (not to one loaded from a data file). */
  readonly seedUsers?: ReadonlyArray<Domain.NewUser> | undefined
  /**
   * Fault rules in force from the start (`rockset-emulator --latency` and `--fault`): part of the starting
   * state, so a reset puts them back as they were; clearing the faults removes them too.
   */
  readonly faults?: ReadonlyArray<Faults.Rule> | undefined
}

/**
 * One request the emulator received on the API (control requests are not logged). The `Authorization`
 * value is replaced by its scheme and `<redacted>`; `target` is the raw request-target, exactly as sent.
 *
 * @internal
 */
export interface RequestRecord {
  readonly seq: number
  /** When it arrived, ISO-8601. */
  readonly time: string
  readonly method: string
  readonly target: string
  /** The route template it matched, or `null`. */
  readonly route: string | null
  readonly operation: OperationName | null
  readonly headers: Readonly<Record<string, string>>
  /** The status sent, or `null` when none was (a reset or a stall). */
  readonly status: number | null
  /** The kind of fault that was applied, if one was. */
  readonly fault: Faults.Action["kind"] | null
}

/**
 * Why the emulator could not start or do what it was asked: it could not listen, its data file is unreadable
 * or cannot be saved, or a user to add is invalid (`status` 400) or exists (409).
 *
 * @internal
 */
export interface Failure {
  readonly reason: "Listen" | "DataFile" | "InvalidUser"
  readonly detail: string
  readonly status?: number | undefined
}

/** @internal */
export type Done<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly failure: Failure }

/**
 * A running emulator.
 *
 * @internal
 */
export interface RunningEmulator {
  /** The base URL, e.g. `http://127.0.0.1:41234`, to use as `ROCKSET_APISERVER`. */
  readonly url: string
  /** The admin user's API key. */
  readonly adminKey: string
  /** The organisation as it is now. */
  readonly state: () => Domain.State
  /** Every user, as `list` shows them. */
  readonly users: () => ReadonlyArray<Domain.UserView>
  /** Adds an active user and resolves to a new API key of theirs. */
  readonly addUser: (user: Domain.NewUser) => Promise<Done<string>>
  /** Accepts a user's pending invite, which makes their names visible. */
  readonly acceptInvite: (email: string) => Promise<Done<void>>
  readonly faults: {
    /** Appends rules; they are consumed in the order added. */
    readonly add: (rules: ReadonlyArray<Faults.Rule>) => void
    /** The rules not yet used up, with what is left of their `times`. */
    readonly pending: () => ReadonlyArray<Faults.Rule>
    readonly clear: () => void
  }
  /** The request log, oldest first (the last 10,000 requests). */
  readonly requests: () => ReadonlyArray<RequestRecord>
  readonly clearRequests: () => void
  /** Connections open right now. */
  readonly openConnections: () => number
  /**
   * Back to the state it started with: its users, and the fault rules it started with (`faults` in its options);
   * clears the faults added since, the request log and rate-limit windows.
   */
  readonly reset: () => Promise<Done<void>>
  /** Closes every connection (stalled ones included) and the server. */
  readonly close: () => Promise<void>
}

const maxLogSize = 10_000
// as the Effect platform's Node server allowed
const maxBodyBytes = 10 * 1024 * 1024

const newApiKey = (): string => randomBytes(32).toString("hex")

const failed = (reason: Failure["reason"], detail: string, status?: number): { ok: false; failure: Failure } => ({
  ok: false,
  failure: status === undefined ? { reason, detail } : { reason, detail, status }
})

const fromDomain = (error: Domain.DomainError) => failed("InvalidUser", error.message, error.status)

// ---------------------------------------------------------------------------------------------------------------
// answers
// ---------------------------------------------------------------------------------------------------------------

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

const empty = (status: number, headers: Readonly<Record<string, string>>): Answer => ({
  status,
  headers,
  contentType: undefined,
  body: ""
})

const failure = (error: Domain.DomainError, headers: Readonly<Record<string, string>> = {}): Answer => ({
  status: error.status,
  headers: { ...baseHeaders, ...headers },
  contentType: json,
  body: Wire.errorJson(error, randomUUID())
})

const headersOf = (answer: Answer, length: number): Record<string, string> => ({
  ...answer.headers,
  ...(answer.contentType === undefined ? {} : { "content-type": answer.contentType }),
  "content-length": String(length)
})

const send = (response: Http.ServerResponse, answer: Answer): void => {
  if (answer.body === "" && answer.contentType === undefined) {
    response.writeHead(answer.status, answer.headers)
    response.end()
    return
  }
  const bytes = Buffer.from(answer.body, "utf8")
  response.writeHead(answer.status, headersOf(answer, bytes.length))
  response.end(bytes)
}

const statusText = (status: number): string => Http.STATUS_CODES[status] ?? "Unknown Status"

const injectedStatus = (action: Extract<Faults.Action, { kind: "status" }>): Answer => {
  const headers: Record<string, string> = { ...baseHeaders }
  if (action.retryAfter !== undefined) headers["retry-after"] = String(action.retryAfter)
  switch (action.body ?? "rockset") {
    case "empty":
      return empty(action.status, headers)
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
      const type = action.type ?? Faults.injectedErrorType(action.status)
      const message = action.message ?? `${statusText(action.status)} (injected by the emulator)`
      return failure(Domain.error(action.status, type, message), headers)
    }
  }
}

const malformedBody = "{\"data\":{\"email\":\"truncated@exam"
const wrongShapeBody = "{\"data\":\"not what the API documents\",\"email\":null}"

// ---------------------------------------------------------------------------------------------------------------
// requests
// ---------------------------------------------------------------------------------------------------------------

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

/** The request's headers as one string each, as the Effect platform showed them. */
const flatHeaders = (headers: Http.IncomingHttpHeaders): Readonly<Record<string, string>> => {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return flat
}

const redactHeaders = (headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> => {
  const authorization = headers["authorization"]
  if (authorization === undefined) return { ...headers }
  const scheme = /^\s*(\S+)\s+\S/.exec(authorization)?.[1]
  return { ...headers, authorization: scheme === undefined ? "<redacted>" : `${scheme} <redacted>` }
}

/** The whole body as text, or `undefined` when it could not be read (too large, or the client left). */
const readBody = (request: Http.IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let settled = false
    const settle = (text: string | undefined) => {
      if (settled) return
      settled = true
      resolve(text)
    }
    request.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBodyBytes) settle(undefined)
      else chunks.push(chunk)
    })
    request.on("end", () => settle(Buffer.concat(chunks).toString("utf8")))
    request.on("error", () => settle(undefined))
    request.on("close", () => settle(undefined))
  })

const parseBody = async (request: Http.IncomingMessage): Promise<Domain.Result<unknown>> => {
  const contentType = request.headers["content-type"]
  const body = await readBody(request)
  if (body === undefined) return Domain.refuse(400, "BADREQUEST", "The request body could not be read")
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    return Domain.refuse(
      415,
      "UNSUPPORTEDMEDIATYPE",
      `Unsupported Content-Type "${mediaType(contentType)}": send application/json`
    )
  }
  if (body.trim() === "") {
    return Domain.refuse(400, "INVALIDINPUT", "Invalid input: a JSON request body is required")
  }
  if (contentType === undefined) {
    return Domain.refuse(
      415,
      "UNSUPPORTEDMEDIATYPE",
      "The request has a body but no Content-Type: send application/json"
    )
  }
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch {
    return Domain.refuse(400, "INVALIDINPUT", "Invalid input: the request body is not valid JSON")
  }
}

const decodeUserSegment = (segment: string): Domain.Result<string> => {
  try {
    return { ok: true, value: decodeURIComponent(segment) }
  } catch {
    return Domain.refuse(400, "INVALIDINPUT", "Invalid input: the user in the path is not valid percent-encoding")
  }
}

const isLoopback = (address: string): boolean =>
  address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.")

const controlPaths: Readonly<Record<string, ReadonlyArray<string>>> = {
  "/_emulator/faults": ["GET", "POST", "DELETE"],
  "/_emulator/requests": ["GET", "DELETE"],
  "/_emulator/reset": ["POST"],
  "/_emulator/users": ["POST"],
  "/_emulator/status": ["GET"]
}

const controlAnswer = (status: number, value: unknown): Answer => ({
  status,
  headers: { "cache-control": "no-store" },
  contentType: json,
  body: JSON.stringify(value)
})

const controlError = (status: number, type: string, message: string): Answer =>
  controlAnswer(status, Domain.errorBody(Domain.error(status, type, message), randomUUID()))

/** The JSON of a control request, or why there is none. */
const readJson = async (request: Http.IncomingMessage): Promise<Domain.Result<unknown>> => {
  const text = await readBody(request)
  if (text === undefined) return Domain.refuse(400, "INVALIDINPUT", "the request body could not be read")
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return Domain.refuse(400, "INVALIDINPUT", "the request body is not valid JSON")
  }
}

const urlOf = (address: Net.AddressInfo): string => {
  const host = address.address === "0.0.0.0"
    ? "127.0.0.1"
    : address.address === "::"
    ? "[::1]"
    : address.family === "IPv6"
    ? `[${address.address}]`
    : address.address
  return `http://${host}:${address.port}`
}

// Before a reset, give the client a moment to read what was sent: an RST can discard data the client's
// kernel has received but the client has not read yet.
const resetGraceMillis = 25

// ---------------------------------------------------------------------------------------------------------------
// the engine
// ---------------------------------------------------------------------------------------------------------------

/** The state at start: loaded or new, with the admin user and key, and the seed users when new. */
const initialState = async (
  options: Options,
  adminEmail: string,
  now: number
): Promise<Done<{ readonly state: Domain.State; readonly adminKey: string }>> => {
  const loaded: DataFile.Loaded = options.dataFile === undefined
    ? { ok: true, state: undefined }
    : await DataFile.load(options.dataFile)
  if (!loaded.ok) return failed("DataFile", loaded.detail)
  let state = loaded.state ?? Domain.empty({ ...Domain.defaultOrganization, now })
  if (Domain.findUser(state, adminEmail) === undefined) {
    const added = Domain.addUser(state, { email: adminEmail, roles: [Domain.adminRole] }, now)
    if (!added.ok) return fromDomain(added.error)
    state = added.state
  }
  const adminKey = options.adminKey ?? Domain.keysOf(state, adminEmail)[0] ?? newApiKey()
  const keyed = Domain.addApiKey(state, adminEmail, adminKey, now)
  if (!keyed.ok) return fromDomain(keyed.error)
  state = keyed.state
  if (loaded.state === undefined) {
    for (const user of options.seedUsers ?? []) {
      const seeded = Domain.addUser(state, user, now)
      if (!seeded.ok) return fromDomain(seeded.error)
      state = seeded.state
    }
  }
  if (options.dataFile !== undefined && state !== loaded.state) {
    const problem = await DataFile.save(options.dataFile, state)
    if (problem !== undefined) return failed("DataFile", problem)
  }
  return { ok: true, value: { state, adminKey } }
}

type Committed<A> =
  | { readonly kind: "done"; readonly value: A }
  | { readonly kind: "refused"; readonly error: Domain.DomainError }
  | { readonly kind: "unsaved"; readonly detail: string }

/**
 * Starts an emulator. It runs until {@link RunningEmulator.close}.
 *
 * @internal
 */
export const start = async (options: Options = {}): Promise<Done<RunningEmulator>> => {
  const adminEmail = (options.adminEmail ?? Domain.defaultAdminEmail).toLowerCase()
  const initial = await initialState(options, adminEmail, Date.now())
  if (!initial.ok) return initial
  const origin = initial.value
  let current = origin.state
  const startingFaults: ReadonlyArray<Faults.Rule> = [...(options.faults ?? [])]
  let script = startingFaults
  const limiter = options.rateLimits === false
    ? undefined
    : RateLimiter.make({ ...RateLimiter.documentedLimits, ...options.rateLimits })
  const log: Array<Mutable<RequestRecord>> = []
  let nextSeq = 1
  const sockets = new Set<Net.Socket>()
  const timers = new Set<NodeJS.Timeout>()

  // Changes run one at a time, since each is saved before the next one reads the state.
  let queue: Promise<unknown> = Promise.resolve()
  const exclusively = <A>(f: () => Promise<A>): Promise<A> => {
    const run = queue.then(f)
    queue = run.catch(() => undefined)
    return run
  }

  const save = (state: Domain.State): Promise<string | undefined> =>
    options.dataFile === undefined ? Promise.resolve(undefined) : DataFile.save(options.dataFile, state)

  /** Runs an operation under the lock; a change is saved before it is acknowledged, and kept only if it was. */
  const commit = <A>(f: (state: Domain.State, now: number) => Domain.Outcome<A>): Promise<Committed<A>> =>
    exclusively(async () => {
      const before = current
      const outcome = f(before, Date.now())
      if (!outcome.ok) return { kind: "refused", error: outcome.error }
      if (outcome.state !== before) {
        const problem = await save(outcome.state)
        if (problem !== undefined) return { kind: "unsaved", detail: problem }
        current = outcome.state
      }
      return { kind: "done", value: outcome.value }
    })

  const change = async <A, B>(
    f: (state: Domain.State, now: number) => Domain.Outcome<A>,
    value: B
  ): Promise<Done<B>> => {
    const committed = await commit(f)
    switch (committed.kind) {
      case "done":
        return { ok: true, value }
      case "refused":
        return fromDomain(committed.error)
      case "unsaved":
        return failed("DataFile", committed.detail)
    }
  }

  const sleep = (millis: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, millis)
      timers.add(timer)
    })

  const users = () => current.users.map((user) => Domain.viewUser(current, user, "member"))

  const addUser = (user: Domain.NewUser): Promise<Done<string>> => {
    const apiKey = newApiKey()
    return change((state, now) => {
      const added = Domain.addUser(state, user, now)
      return added.ok ? Domain.addApiKey(added.state, user.email, apiKey, now) : added
    }, apiKey)
  }

  const reset = (): Promise<Done<void>> =>
    exclusively(async () => {
      const problem = await save(origin.state)
      if (problem !== undefined) return failed("DataFile", problem)
      current = origin.state
      script = startingFaults
      log.length = 0
      limiter?.clear()
      return { ok: true, value: undefined }
    })

  /** Content negotiation, authentication, rate limits, the body, then the operation. */
  const handleApi = async (
    request: Http.IncomingMessage,
    route: Route,
    operation: OperationName,
    gone: () => boolean
  ): Promise<Answer | undefined> => {
    if (!acceptsJson(request.headers["accept"])) {
      return failure(Domain.error(406, "NOTACCEPTABLE", "Not acceptable: this API only produces application/json"))
    }
    const apiKey = Domain.parseAuthorization(request.headers["authorization"])
    if (!apiKey.ok) return failure(apiKey.error)
    const caller = Domain.authenticate(current, apiKey.value)
    if (!caller.ok) return failure(caller.error)
    if (limiter !== undefined) {
      const kind = rateClass(operation)
      const wait = limiter.take(apiKey.value, kind, Date.now())
      if (wait !== undefined) {
        return failure(
          Domain.error(429, "RATELIMITEXCEEDED", `Rate limit exceeded for ${kind} requests on this API key`),
          { "retry-after": String(Math.max(1, Math.ceil(wait / 1000))) }
        )
      }
    }
    let body: unknown = undefined
    // the operations the table gives a request body read one; the others ignore what was sent
    if (operations[operation].body !== undefined) {
      const parsed = await parseBody(request)
      // a client that left before the change is not applied to, as it was not before the engine left Effect
      if (gone()) return undefined
      if (!parsed.ok) return failure(parsed.error)
      body = parsed.value
    }
    let user = ""
    if (route.user !== undefined) {
      const decoded = decodeUserSegment(route.user)
      if (!decoded.ok) return failure(decoded.error)
      user = decoded.value
    }
    const committed = await commit((state, now) =>
      Wire.perform(operation, { state, apiKey: apiKey.value, user, body, now })
    )
    switch (committed.kind) {
      case "done":
        return ok(committed.value)
      case "refused":
        return failure(committed.error)
      case "unsaved":
        return failure(Domain.error(500, "INTERNALERROR", "The change could not be saved"))
    }
  }

  /** Delivers an answer badly, or none at all, as the fault says. */
  const misbehave = async (
    request: Http.IncomingMessage,
    response: Http.ServerResponse,
    action: Exclude<Faults.Action, { kind: "latency" }>,
    answer: Answer | undefined,
    entry: Mutable<RequestRecord>,
    gone: () => boolean
  ): Promise<void> => {
    const deliver = (bad: Answer) => {
      entry.status = bad.status
      send(response, bad)
    }
    switch (action.kind) {
      case "status":
        return deliver(injectedStatus(action))
      case "malformedJson":
        return deliver(ok(malformedBody))
      case "wrongShape":
        return deliver(ok(wrongShapeBody))
      case "reset":
        request.socket.resetAndDestroy()
        return
      case "stall":
        // the connection stays open until the client gives up or the emulator closes
        return
      case "redirect": {
        const location = `${action.origin.replace(/\/+$/, "")}${request.url ?? ""}`
        return deliver(empty(action.status ?? 307, { ...baseHeaders, location }))
      }
      case "partialBody": {
        if (answer === undefined) return
        const bytes = Buffer.from(answer.body, "utf8")
        const cut = Math.min(bytes.length, action.bytes ?? Math.floor(bytes.length / 2))
        entry.status = answer.status
        response.writeHead(answer.status, headersOf(answer, bytes.length))
        response.flushHeaders()
        if (cut > 0) await write(response, bytes.subarray(0, cut))
        if (action.then === "stall") return
        await sleep(resetGraceMillis)
        if (!gone()) request.socket.resetAndDestroy()
        return
      }
      case "drip": {
        if (answer === undefined) return
        const bytes = Buffer.from(answer.body, "utf8")
        const size = action.chunkBytes ?? 16
        entry.status = answer.status
        response.writeHead(answer.status, headersOf(answer, bytes.length))
        response.flushHeaders()
        for (let offset = 0; offset < bytes.length; offset += size) {
          if (offset > 0) await sleep(action.intervalMillis)
          if (gone()) return
          await write(response, bytes.subarray(offset, offset + size))
        }
        response.end()
        return
      }
    }
  }

  const record = (entry: Omit<RequestRecord, "seq" | "status" | "fault">): Mutable<RequestRecord> => {
    const logged = { seq: nextSeq++, ...entry, status: null, fault: null }
    log.push(logged)
    if (log.length > maxLogSize) log.splice(0, log.length - maxLogSize)
    return logged
  }

  /** The control endpoint, then CORS preflight, routing, faults, then the API. */
  const handle = async (request: Http.IncomingMessage, response: Http.ServerResponse): Promise<void> => {
    let left = false
    response.once("close", () => {
      if (!response.writableEnded) left = true
    })
    const gone = () => left
    const target = request.url ?? ""
    const pathname = target.split("?")[0] ?? ""
    if (pathname === "/_emulator" || pathname.startsWith("/_emulator/")) {
      return send(response, await control(request, pathname))
    }
    const method = request.method ?? ""
    const route = matchRoute(pathname)
    const operation = route === undefined ? undefined : operationOf(route, method)
    const entry = record({
      time: new Date().toISOString(),
      method,
      target,
      route: route?.template ?? null,
      operation: operation ?? null,
      headers: redactHeaders(flatHeaders(request.headers))
    })
    const respond = (answer: Answer) => {
      entry.status = answer.status
      send(response, answer)
    }
    if (method === "OPTIONS" && route !== undefined) {
      return respond(empty(204, { ...preflightHeaders, "access-control-allow-methods": allowedMethods(route) }))
    }
    if (route === undefined) return respond(failure(Domain.error(404, "NOTFOUND", `Not found: ${pathname}`)))
    if (operation === undefined) {
      return respond(failure(
        Domain.error(405, "METHODNOTALLOWED", `Method ${method} is not allowed on ${route.template}`),
        { allow: allowedMethods(route) }
      ))
    }
    const [action, rest] = Faults.take(script, { operation, route: route.template, method })
    script = rest
    if (action !== undefined) {
      entry.fault = action.kind
      if (action.kind === "latency") {
        await sleep(action.millis)
        if (gone()) return
      } else if (!Faults.appliesRequest(action)) {
        return misbehave(request, response, action, undefined, entry, gone)
      }
    }
    const answer = await handleApi(request, route, operation, gone)
    if (answer === undefined) return
    if (action !== undefined && action.kind !== "latency") {
      return misbehave(request, response, action, answer, entry, gone)
    }
    respond(answer)
  }

  /**
   * The control endpoint. Loopback only, and never for browsers: a request with an `Origin` header is refused,
   * so a web page cannot script faults or reset the state behind the user's back.
   */
  const control = async (request: Http.IncomingMessage, pathname: string): Promise<Answer> => {
    if (!isLoopback(request.socket.remoteAddress ?? "")) {
      return controlError(403, "FORBIDDEN", "The control endpoint only answers loopback clients")
    }
    if (request.headers["origin"] !== undefined) {
      return controlError(403, "FORBIDDEN", "The control endpoint does not answer browser (cross-origin) requests")
    }
    const methods = controlPaths[pathname]
    const method = request.method ?? ""
    if (methods === undefined) return controlError(404, "NOTFOUND", `No control route ${pathname}`)
    if (!methods.includes(method)) {
      return controlError(405, "METHODNOTALLOWED", `Method ${method} is not allowed on ${pathname}`)
    }
    switch (`${method} ${pathname}`) {
      case "GET /_emulator/faults":
        return controlAnswer(200, { data: script })
      case "POST /_emulator/faults": {
        const body = await readJson(request)
        if (!body.ok) return controlError(400, "INVALIDINPUT", body.error.message)
        const rules = Faults.parseRules(body.value)
        if (!rules.ok) return controlError(400, "INVALIDINPUT", `Not a fault rule: ${V.describeIssue(rules.issue)}`)
        script = [...script, ...rules.value]
        return controlAnswer(200, { data: script })
      }
      case "DELETE /_emulator/faults":
        script = []
        return controlAnswer(200, { data: [] })
      case "GET /_emulator/requests":
        return controlAnswer(200, { data: log })
      case "DELETE /_emulator/requests":
        log.length = 0
        return controlAnswer(200, { data: [] })
      case "POST /_emulator/reset": {
        const done = await reset()
        return done.ok
          ? controlAnswer(200, { data: { reset: true } })
          : controlError(500, "INTERNALERROR", done.failure.detail)
      }
      case "POST /_emulator/users": {
        const body = await readJson(request)
        if (!body.ok) return controlError(400, "INVALIDINPUT", body.error.message)
        const user = V.validate(Domain.newUserGuard, body.value)
        if (!user.ok) return controlError(400, "INVALIDINPUT", `Not a user: ${V.describeIssue(user.issue)}`)
        const added = await addUser(user.value)
        if (!added.ok) {
          const status = added.failure.status ?? 400
          return controlError(status, status === 409 ? "ALREADYEXISTS" : "INVALIDINPUT", added.failure.detail)
        }
        const email = user.value.email.toLowerCase()
        return controlAnswer(200, {
          data: { apiKey: added.value, user: users().find((candidate) => candidate.email === email) ?? null }
        })
      }
      default:
        return controlAnswer(200, {
          data: { url, openConnections: sockets.size, users: current.users.length, pendingFaults: script.length }
        })
    }
  }

  const server = Http.createServer((request, response) => {
    handle(request, response).catch(() => {
      // a defect of the emulator: answer 500 when it still can, as the Effect platform did
      if (response.headersSent) response.destroy()
      else send(response, failure(Domain.error(500, "INTERNALERROR", "The emulator failed to answer")))
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? 0
  const listenError = await new Promise<Error | undefined>((resolve) => {
    server.once("error", resolve)
    server.listen(port, host, () => {
      server.off("error", resolve)
      resolve(undefined)
    })
  })
  if (listenError !== undefined) return failed("Listen", `cannot listen on ${host}:${port}: ${listenError.message}`)
  const address = server.address()
  const url = address === null || typeof address === "string" ? "http://127.0.0.1" : urlOf(address)

  return {
    ok: true,
    value: {
      url,
      adminKey: origin.adminKey,
      state: () => current,
      users,
      addUser,
      acceptInvite: (email) => change((state) => Domain.acceptInvite(state, email), undefined),
      faults: {
        add: (rules) => {
          script = [...script, ...rules]
        },
        pending: () => script,
        clear: () => {
          script = []
        }
      },
      requests: () => log.map((entry) => ({ ...entry })),
      clearRequests: () => {
        log.length = 0
      },
      openConnections: () => sockets.size,
      reset,
      close: () =>
        new Promise((resolve) => {
          for (const timer of timers) clearTimeout(timer)
          timers.clear()
          for (const socket of sockets) socket.destroy()
          server.close(() => resolve())
        })
    }
  }
}

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

const write = (response: Http.ServerResponse, chunk: Uint8Array): Promise<void> =>
  new Promise((resolve) => {
    response.write(chunk, () => resolve())
  })
