/**
 * The direct exchange over `fetch` (see `direct.ts`): one `fetch`, its body read as text, under the
 * attempt's timer. Both editions' `effect-rockset/fetch` runtimes carry it, each reading `Fetch` and
 * `RequestInit` from its own Effect's context.
 *
 * @internal
 */
import { type DirectHandler, type DirectHeaders, type DirectRequest, maxTimerMillis, settledHandler } from "./direct.js"

const onAttemptTimer = (exchange: FetchExchange) => exchange.timedOut()

class FetchExchange implements DirectHeaders {
  private finished = false
  private response: Response | undefined
  private readonly controller = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private handler: DirectHandler, timeoutMillis: number) {
    this.timer = timeoutMillis <= maxTimerMillis ? setTimeout(onAttemptTimer, timeoutMillis, this) : undefined
  }

  start(fetch: typeof globalThis.fetch, url: string, init: RequestInit): void {
    fetch(url, { ...init, signal: this.controller.signal }).then(
      (response) => {
        if (this.finished) return
        this.response = response
        response.text().then(
          (text) => {
            if (this.end()) this.handler.onResponse(response.status, this, text)
            this.release()
          },
          (cause: unknown) => {
            if (this.end()) this.handler.onFailure("body", cause)
            this.release()
          }
        )
      },
      (cause: unknown) => {
        if (this.end()) this.handler.onFailure("request", cause)
        this.release()
      }
    )
  }

  /** Drops what the exchange holds once it is over (see the undici exchange, which does the same). */
  private release(): void {
    this.handler = settledHandler
    this.response = undefined
    this.timer = undefined
  }

  header(name: string): string | undefined {
    return this.response?.headers.get(name) ?? undefined
  }

  /** Ends the exchange: true the first time, when the handler is to be told. */
  private end(): boolean {
    if (this.finished) return false
    this.finished = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    return true
  }

  timedOut(): void {
    if (this.end()) this.handler.onTimeout()
    this.controller.abort()
  }

  cancel(): void {
    this.end()
    this.controller.abort()
  }
}

/** `RequestInit` headers, in whichever form they were given, as a record with lower-case names. */
const headerRecord = (headers: HeadersInit): Record<string, string> => {
  const record: Record<string, string> = {}
  new Headers(headers).forEach((value, name) => {
    record[name] = value
  })
  return record
}

/**
 * Starts one exchange with `fetch` and the settings `init` (a runtime's `RequestInit`): the request's own
 * headers win over `init`'s, and redirects are never followed (`redirect: "manual"`), as on the
 * `HttpClient` way of effect-rockset's operations.
 *
 * @internal
 */
export const fetchExchange = (
  fetch: typeof globalThis.fetch,
  init: RequestInit,
  request: DirectRequest,
  handler: DirectHandler
): { cancel(): void } => {
  const exchange = new FetchExchange(handler, request.timeoutMillis)
  exchange.start(
    fetch,
    request.origin + request.path,
    {
      ...init,
      method: request.method,
      headers: init.headers === undefined ? request.headers : { ...headerRecord(init.headers), ...request.headers },
      body: request.body ?? null,
      redirect: "manual"
    } satisfies RequestInit
  )
  return exchange
}
