/**
 * Decode cost of the 10,000-user list in the Effect 4 edition: `JSON.parse` alone against what `Users.list()`
 * does with the body (parse, then its `list` decoder, the JSON fast path), and against parse and
 * `Schema.decodeUnknownResult` alone (see `../decodeTiming.ts`).
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { decoders } from "../../src/v4/internal/decoders.js"
import type { Decoder } from "../../src/v4/internal/request.js"
import { decodeBody } from "../../src/v4/internal/response.js"
import * as UsersSchema from "../../src/v4/UsersSchema.js"
import { measure } from "../decodeTiming.js"

const usersOf = (decode: Decoder<ReadonlyArray<unknown>>) => (text: string) =>
  Result.getOrThrow(decodeBody("list", 200, text, decode, "bench-key"))

const viaSchema = Schema.decodeUnknownResult(UsersSchema.ListUsersResponse)

const iterations = Number(process.argv[2] ?? 30)
const result = measure(
  iterations,
  usersOf(decoders.list),
  usersOf((u) => Result.map(viaSchema(u), (body) => body.data))
)
process.stdout.write(JSON.stringify(result) + "\n")
