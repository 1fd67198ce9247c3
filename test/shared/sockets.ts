/**
 * Reading the emulator from outside a client, for the runners both editions share (and each edition's own tests,
 * through its helpers): polling a value until it settles, and raw GETs.
 */
import { Effect } from "effect"
import * as Http from "node:http"

/** Reads `self` every 10 ms until `predicate` holds, `tries` times at most; the last value read. */
export const eventually = <A>(
  self: Effect.Effect<A>,
  predicate: (a: A) => boolean,
  tries = 100
): Effect.Effect<A> =>
  Effect.gen(function*() {
    let value = yield* self
    for (let i = 1; i < tries && !predicate(value); i++) {
      yield* Effect.sleep("10 millis")
      value = yield* self
    }
    return value
  })

/**
 * A GET on a fresh connection (no agent, so nothing stays pooled against the server): the status and the
 * body, or a failure.
 */
export const rawGet = (
  base: string,
  path: string,
  headers: Readonly<Record<string, string>> = {}
): Effect.Effect<{ readonly status: number; readonly body: string }, Error> =>
  Effect.tryPromise({
    try: () =>
      new Promise<{ readonly status: number; readonly body: string }>((resolve, reject) => {
        const request = Http.get(new URL(path, base), { agent: false, headers }, (response) => {
          let body = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => body += chunk)
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }))
          response.on("error", reject)
        })
        request.on("error", reject)
      }),
    catch: (error) => error as Error
  })
