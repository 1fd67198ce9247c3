/**
 * The timing of the decode case, for both editions' scripts (`bench/decode.ts`, `bench/v4/decode.ts`):
 * `JSON.parse` of the 10,000-user list alone against each way of decoding it (parse included), interleaved
 * so that drift hits them alike, as medians. Nothing here imports Effect.
 */
import { listBody } from "./fixtures.js"

export interface DecodeResult {
  readonly users: number
  readonly bodyBytes: number
  readonly iterations: number
  readonly parseMs: number
  /** What `Users.list()` does with the body: parse, then the edition's decoder (the JSON fast path). */
  readonly decodeMs: number
  readonly ratio: number
  /** Parse, then Schema's own decoding alone, where the script measures it: the path before the fast path. */
  readonly schemaMs?: number
  readonly schemaRatio?: number
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

/** The body, for the script's own check that each way decodes it. */
export const text = listBody(10_000)

/** Times `decode` (and `schema`, when given) on the body, after 5 warm-up rounds; each returns the users. */
export const measure = (
  iterations: number,
  decode: (text: string) => ReadonlyArray<unknown>,
  schema?: (text: string) => ReadonlyArray<unknown>
): DecodeResult => {
  for (const f of schema === undefined ? [decode] : [decode, schema]) {
    if (f(text).length !== 10_000) throw new Error("the list does not decode")
  }
  const parse: Array<number> = []
  const full: Array<number> = []
  const viaSchema: Array<number> = []
  for (let i = 0; i < 5; i++) {
    JSON.parse(text)
    decode(text)
    schema?.(text)
  }
  for (let i = 0; i < iterations; i++) {
    parse.push(time(() => JSON.parse(text)))
    full.push(time(() => decode(text)))
    if (schema !== undefined) viaSchema.push(time(() => schema(text)))
  }
  const parseMs = median(parse)
  return {
    users: 10_000,
    bodyBytes: Buffer.byteLength(text),
    iterations,
    parseMs,
    decodeMs: median(full),
    ratio: median(full) / parseMs,
    ...(schema === undefined ? {} : { schemaMs: median(viaSchema), schemaRatio: median(viaSchema) / parseMs })
  }
}
