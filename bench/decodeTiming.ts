/**
 * The timing of the decode case, for both editions' scripts (`bench/decode.ts`, `bench/v4/decode.ts`):
 * `JSON.parse` of the 10,000-user list alone against parse and the edition's public `ListUsersResponse`
 * schema, interleaved so that drift hits both alike, as medians. Nothing here imports Effect.
 */
import { listBody } from "./fixtures.js"

export interface DecodeResult {
  readonly users: number
  readonly bodyBytes: number
  readonly iterations: number
  readonly parseMs: number
  /** Parse, then Schema's decoding of `UsersSchema.ListUsersResponse`. */
  readonly decodeMs: number
  readonly ratio: number
}

const median = (values: Array<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const time = (f: () => unknown): number => {
  const start = performance.now()
  f()
  return performance.now() - start
}

const users = 10_000
const text = listBody(users)

/** Times `decode` (which returns the users) on the body, after 5 warm-up rounds. */
export const measure = (iterations: number, decode: (text: string) => ReadonlyArray<unknown>): DecodeResult => {
  if (decode(text).length !== users) throw new Error("the list does not decode")
  for (let i = 0; i < 5; i++) {
    JSON.parse(text)
    decode(text)
  }
  const parse: Array<number> = []
  const full: Array<number> = []
  for (let i = 0; i < iterations; i++) {
    parse.push(time(() => JSON.parse(text)))
    full.push(time(() => decode(text)))
  }
  const parseMs = median(parse)
  const decodeMs = median(full)
  return { users, bodyBytes: Buffer.byteLength(text), iterations, parseMs, decodeMs, ratio: decodeMs / parseMs }
}
