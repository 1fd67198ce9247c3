/**
 * One attempt as every transport of every edition sees it: the request a transport sends, the whole
 * response it answers with, and how an attempt fails. Plain values, so that the call loops and the error
 * mapping of both editions read the same shapes.
 *
 * @internal
 */
import type { ApiServerUrl } from "../config.js"
import type { Phase } from "../failure.js"
import { readHeaders } from "../retryAfter.js"
import type { DirectHeaders, DirectRequest } from "./direct.js"

/**
 * One attempt as a transport sends it: the method, origin and path, the headers (`content-type` among them
 * when there is a body), the JSON body as text, and the attempt's time limit, which covers the whole body.
 *
 * @internal
 */
export type AttemptRequest = DirectRequest

/**
 * A whole response: its status, its headers (by lower-case name) and its body as text.
 *
 * @internal
 */
export interface AttemptResponse extends DirectHeaders {
  readonly status: number
  readonly text: string
}

/**
 * How an attempt failed: no response, or its body cut short (`Failed`, with the runtime's cause), or the
 * time limit reached first (`TimedOut`).
 *
 * @internal
 */
export type AttemptFailure =
  | { readonly _tag: "Failed"; readonly phase: Phase; readonly reason: string; readonly cause: unknown }
  | { readonly _tag: "TimedOut" }

/** @internal */
export const timedOut: AttemptFailure = { _tag: "TimedOut" }

/**
 * The headers of a response the client reads (only an error's), copied: a transport keeps nothing of the
 * runtime's response past the attempt, so that it dies young.
 *
 * @internal
 */
export const keptHeaders = (
  status: number,
  headers: DirectHeaders
): Record<string, string | undefined> | undefined => {
  if (status >= 200 && status < 300) return undefined
  const kept: Record<string, string | undefined> = {}
  for (const name of readHeaders) kept[name] = headers.header(name)
  return kept
}

/**
 * A response as the loop reads it.
 *
 * @internal
 */
export class Answer implements AttemptResponse {
  constructor(
    readonly status: number,
    readonly text: string,
    private readonly headers: Record<string, string | undefined> | undefined
  ) {}

  header(name: string): string | undefined {
    return this.headers?.[name]
  }
}

/**
 * The response of a runtime's direct exchange, kept as the loop reads it.
 *
 * @internal
 */
export const answerOf = (status: number, headers: DirectHeaders, text: string): Answer =>
  new Answer(status, text, keptHeaders(status, headers))

/** @internal */
export interface Endpoint {
  readonly origin: string
  readonly basePath: string
}

const endpoints = new WeakMap<ApiServerUrl, Endpoint>()

/**
 * The server's origin and base path, which the transports take apart.
 *
 * @internal
 */
export const endpointOf = (server: ApiServerUrl): Endpoint => {
  let endpoint = endpoints.get(server)
  if (endpoint === undefined) {
    const url = new URL(server.url)
    endpoint = { origin: url.origin, basePath: url.pathname === "/" ? "" : url.pathname }
    endpoints.set(server, endpoint)
  }
  return endpoint
}
