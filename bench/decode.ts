/**
 * Decode cost of the 10,000-user list: `JSON.parse` alone against what `Users.list()` does with the body
 * (parse, then check it against `ListUsersResponse`), interleaved so that drift hits both alike.
 */
import * as Either from "effect/Either"
import { decodeBody, schemaDecoder } from "../src/internal/response.js"
import * as UsersSchema from "../src/UsersSchema.js"
import { listBody } from "./fixtures.js"

export interface DecodeResult {
  readonly users: number
  readonly bodyBytes: number
  readonly iterations: number
  readonly parseMs: number
  readonly decodeMs: number
  readonly ratio: number
}

const iterations = Number(process.argv[2] ?? 30)
const text = listBody(10_000)
const decodeList = schemaDecoder(UsersSchema.ListUsersResponse)
const decode = (u: unknown) => Either.map(decodeList(u), (body) => body.data)

const median = (values: Array<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const time = (f: () => unknown): number => {
  const start = performance.now()
  f()
  return performance.now() - start
}

const check = decodeBody("list", 200, text, decode, "bench-key")
if (Either.isLeft(check) || check.right.length !== 10_000) throw new Error("the list does not decode")

const parse: Array<number> = []
const full: Array<number> = []
for (let i = 0; i < 5; i++) {
  JSON.parse(text)
  decodeBody("list", 200, text, decode, "bench-key")
}
for (let i = 0; i < iterations; i++) {
  parse.push(time(() => JSON.parse(text)))
  full.push(time(() => decodeBody("list", 200, text, decode, "bench-key")))
}
const result: DecodeResult = {
  users: 10_000,
  bodyBytes: Buffer.byteLength(text),
  iterations,
  parseMs: median(parse),
  decodeMs: median(full),
  ratio: median(full) / median(parse)
}
process.stdout.write(JSON.stringify(result) + "\n")
