/**
 * The scripted replies of both editions' `ScriptedHttp`, as plain data: what each edition's scripted
 * `HttpClient` answers with, and what it records. Nothing here imports Effect.
 *
 * @internal
 */

/** @internal */
export type Reply =
  | {
    readonly _tag: "Respond"
    readonly status: number
    readonly body: string
    readonly headers: Record<string, string>
  }
  | {
    readonly _tag: "StallBody"
    readonly status: number
    readonly prefix: string
    readonly headers: Record<string, string>
  }
  | { readonly _tag: "Fail"; readonly code: string; readonly message: string }
  | { readonly _tag: "Never" }

/** @internal */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  _tag: "Respond",
  status,
  body: JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers }
})

/** @internal */
export const text = (status: number, body: string, headers: Record<string, string> = {}): Reply => ({
  _tag: "Respond",
  status,
  body,
  headers
})

/** @internal */
export const stallBody = (status: number, prefix: string, headers: Record<string, string> = {}): Reply => ({
  _tag: "StallBody",
  status,
  prefix,
  headers: { "content-type": "application/json", ...headers }
})

/** @internal */
export const transportFailure = (code: string, message = `socket failure ${code}`): Reply => ({
  _tag: "Fail",
  code,
  message
})

/** @internal */
export const never: Reply = { _tag: "Never" }

/** @internal */
export interface Recorded {
  readonly method: string
  readonly url: string
  /** The path exactly as it goes on the wire, percent-encoding included. */
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  /** The body text, or `undefined` when there was none. */
  readonly body: string | undefined
}

/** @internal */
export type Script = ReadonlyArray<Reply> | ((request: Recorded, index: number) => Reply)

/**
 * The reply to the `index`th request: the script's function's, or the list's entry (the last one repeats).
 *
 * @internal
 */
export const replyAt = (script: Script, request: Recorded, index: number): Reply => {
  if (typeof script === "function") return script(request, index)
  return script[Math.min(index, script.length - 1)] ?? json(200, {})
}

const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/**
 * A web `Response` of a reply that has one: its body (none for a null-body status), or a stream that
 * delivers the prefix and never ends.
 *
 * @internal
 */
export const responseOf = (reply: Extract<Reply, { readonly status: number }>): Response => {
  if (reply._tag === "Respond") {
    return new Response(nullBodyStatuses.has(reply.status) ? null : reply.body, {
      status: reply.status,
      headers: reply.headers
    })
  }
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(reply.prefix))
    }
  })
  return new Response(stream, { status: reply.status, headers: reply.headers })
}

/**
 * The error a `Fail` reply's transport failure carries: an `Error` with the system error code.
 *
 * @internal
 */
export const failureCause = (reply: Extract<Reply, { readonly _tag: "Fail" }>): Error =>
  Object.assign(new Error(reply.message), { code: reply.code })
