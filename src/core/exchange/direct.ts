/**
 * The direct way into an `HttpClient` made by this library's own runtimes: one exchange (request, whole
 * body, attempt timer) in one callback, without the `HttpClientRequest` / `HttpClientResponse` objects, the
 * body fiber or the timeout fiber that the `HttpClient` interface implies. An edition's call loop takes it,
 * as a transport, only when the `HttpClient` in context is exactly the one the runtime made (any
 * `HttpClient.mapRequest`, `tapRequest`, ... builds a new client without it) and the clock is the live one,
 * since its timer is a plain `setTimeout`. Otherwise every call goes through `HttpClient.execute`, with the
 * same outcomes. Nothing here is of Effect: both editions' runtimes carry the same exchanges.
 *
 * @internal
 */
import type { Phase } from "../failure.js"

/** @internal */
export const DirectTypeId: unique symbol = Symbol.for("effect-rockset/internal/Direct")

/** @internal */
export interface DirectRequest {
  readonly method: "GET" | "POST" | "DELETE"
  /** The scheme, host and port. */
  readonly origin: string
  /** The path, starting with `/`. */
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  /** A JSON body; `content-type` is among the headers when there is one. */
  readonly body: string | undefined
  /** The attempt's time limit, covering the whole body. */
  readonly timeoutMillis: number
}

/**
 * A response's headers.
 *
 * @internal
 */
export interface DirectHeaders {
  /** The value of a header, given its lower-case name; repeated headers joined with `, `. */
  header(name: string): string | undefined
}

/**
 * Told how the exchange ended, once, unless it was cancelled first.
 *
 * @internal
 */
export interface DirectHandler {
  onResponse(status: number, headers: DirectHeaders, text: string): void
  /** `body`: the response had begun, so the request was sent; `request`: no response came. */
  onFailure(phase: Phase, cause: unknown): void
  onTimeout(): void
}

/**
 * Starts the exchange, in the call's context (an edition's `Context`: a runtime may read settings from it,
 * as the fetch runtimes read `Fetch` and `RequestInit`). Cancelling it aborts the request and closes its
 * connection; the handler then hears nothing more.
 *
 * @internal
 */
export type Direct<Ctx = never> = (
  request: DirectRequest,
  handler: DirectHandler,
  context: Ctx
) => { cancel(): void }

const ignore = () => {}

/**
 * The handler an exchange keeps once it has ended, so that it holds nothing of the call: nothing is left
 * to tell.
 *
 * @internal
 */
export const settledHandler: DirectHandler = { onResponse: ignore, onFailure: ignore, onTimeout: ignore }

/**
 * The largest delay a JS timer honours; beyond it an exchange arms no timer, as with the live clock's sleep.
 *
 * @internal
 */
export const maxTimerMillis = 2 ** 31 - 1

/**
 * The direct way of a client, when its runtime gave it one.
 *
 * @internal
 */
export const directOf = <Ctx>(client: object): Direct<Ctx> | undefined =>
  (client as { readonly [DirectTypeId]?: Direct<Ctx> })[DirectTypeId]

/**
 * The same client, able to take the direct way.
 *
 * @internal
 */
export const withDirect = <Client extends object, Ctx>(client: Client, direct: Direct<Ctx>): Client =>
  Object.defineProperty(client, DirectTypeId, { value: direct, enumerable: false })
