/**
 * The direct exchange over an undici `Dispatcher` (see `direct.ts`): one `Dispatcher.dispatch`, the whole
 * body collected, under one timer that aborts the request when the attempt's time is up. Both editions'
 * `effect-rockset/undici` runtimes carry it: the Effect 3 edition's on undici 7, the Effect 4 edition's on
 * the undici 8 of `@effect/platform-node` 4. It imports nothing of undici, so it is bound to neither.
 *
 * @internal
 */
import {
  type Direct,
  type DirectHandler,
  type DirectHeaders,
  type DirectRequest,
  maxTimerMillis,
  settledHandler
} from "./direct.js"

type ResponseHeaders = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/**
 * What the exchange asks of a request's controller.
 *
 * @internal
 */
export interface DispatchController {
  abort(reason: Error): void
}

/**
 * The handler API of `Dispatcher.dispatch` that undici 7 and 8 share (undici 8 removed the older
 * `onConnect` / `onHeaders` / `onData` / `onComplete` one, which undici 7 still took).
 *
 * @internal
 */
export interface DispatchHandler {
  onRequestStart(controller: DispatchController, context: unknown): void
  onResponseStart(controller: DispatchController, statusCode: number, headers: ResponseHeaders): void
  onResponseData(controller: DispatchController, chunk: Buffer): void
  onResponseEnd(controller: DispatchController, trailers: ResponseHeaders): void
  onResponseError(controller: DispatchController, error: Error): void
}

/**
 * What the exchange asks of an undici `Dispatcher`, as a shape: a dispatcher of undici 7 or 8 fits.
 *
 * @internal
 */
export interface UndiciDispatcher {
  dispatch(options: {
    readonly origin: string
    readonly path: string
    readonly method: DirectRequest["method"]
    readonly headers: Readonly<Record<string, string>>
    readonly body: string | null
    readonly headersTimeout: number
    readonly bodyTimeout: number
  }, handler: DispatchHandler): boolean
}

/**
 * undici's own limits, out of the caller's way: as long as a timer can wait. They are equal on purpose:
 * undici keeps one timer per connection and only refreshes it while the delay stays the same, whereas
 * unequal limits (or 0, none) replace it twice per request, and the replaced timers live in its timer list
 * for up to a second: enough to be promoted out of the young generation, which made garbage collection a
 * quarter of a call's CPU at high concurrency.
 *
 * @internal
 */
export const undiciTimeouts = { headersTimeout: 2 ** 31 - 1, bodyTimeout: 2 ** 31 - 1 } as const

const emptyHeaders: ResponseHeaders = {}

/** Reads a body as `Response.text()` does: UTF-8, a leading byte order mark dropped. */
const utf8Text = (chunks: ReadonlyArray<Buffer>): string => {
  const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * The reason an exchange aborts its request with. Nobody reads it: the handler has heard the outcome
 * before, and undici closes the connection whatever the reason.
 */
class AbortedError extends Error {
  override readonly name = "AbortedError"
}

const onAttemptTimer = (exchange: UndiciExchange) => exchange.timedOut()

/** One exchange: the undici handler of one `Dispatcher.dispatch`. A class, so that an exchange is one allocation. */
class UndiciExchange implements DispatchHandler, DirectHeaders {
  private finished = false
  private controller: DispatchController | undefined
  private abortReason: Error | undefined
  private status = 0
  private headers: ResponseHeaders = emptyHeaders
  private chunks: Array<Buffer> = []
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private handler: DirectHandler, timeoutMillis: number) {
    this.timer = timeoutMillis <= maxTimerMillis ? setTimeout(onAttemptTimer, timeoutMillis, this) : undefined
  }

  /** Ends the exchange: true the first time, when the handler is to be told. */
  private end(): boolean {
    if (this.finished) return false
    this.finished = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    return true
  }

  private abort(reason: Error): void {
    if (this.abortReason !== undefined) return
    this.abortReason = reason
    if (this.controller !== undefined) this.controller.abort(reason)
  }

  timedOut(): void {
    if (this.end()) this.handler.onTimeout()
    this.abort(new AbortedError("the attempt timed out"))
  }

  cancel(): void {
    this.end()
    this.abort(new AbortedError("the call was interrupted"))
  }

  onRequestStart(controller: DispatchController): void {
    this.controller = controller
    if (this.abortReason !== undefined) controller.abort(this.abortReason)
  }

  header(name: string): string | undefined {
    const value = this.headers[name]
    return typeof value === "string" || value === undefined ? value : value.join(", ")
  }

  onResponseStart(_controller: unknown, statusCode: number, headers: ResponseHeaders): void {
    // informational (1xx) heads come before the real one
    if (statusCode < 200) return
    this.status = statusCode
    this.headers = headers
    this.chunks = []
  }

  onResponseData(_controller: unknown, chunk: Buffer): void {
    this.chunks.push(chunk)
  }

  onResponseEnd(): void {
    if (this.end()) this.handler.onResponse(this.status, this, utf8Text(this.chunks))
    this.release()
  }

  onResponseError(_controller: unknown, cause: Error): void {
    if (this.end()) this.handler.onFailure(this.status === 0 ? "request" : "body", cause)
    this.release()
  }

  /**
   * Drops what the exchange holds once undici is done with it. Effect may keep the canceler of an async
   * effect (which holds this exchange) reachable for a while after the call; without this, it would keep
   * undici's request, the body and the handler alive with it, long enough to leave the young generation:
   * measured, that tripled the garbage collector's work per call.
   */
  private release(): void {
    this.handler = settledHandler
    this.timer = undefined
    this.controller = undefined
    this.chunks = []
    this.headers = emptyHeaders
  }
}

/**
 * The direct way over `dispatcher`.
 *
 * @internal
 */
export const undiciDirect = (dispatcher: UndiciDispatcher): Direct<unknown> => (request, handler) => {
  const exchange = new UndiciExchange(handler, request.timeoutMillis)
  dispatcher.dispatch({
    origin: request.origin,
    path: request.path,
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    // timeouts are the caller's (the exchange's timer), as on the `HttpClient` way
    ...undiciTimeouts
  }, exchange)
  return exchange
}
