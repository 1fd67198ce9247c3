/**
 * Decode cost of the 10,000-user list: `JSON.parse` alone against what `Users.list()` does with the body
 * (parse, then check it against `ListUsersResponse`, by the JSON fast path), and against parse and
 * `Schema.decodeUnknownEither` alone (see `decodeTiming.ts`).
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { decoder } from "../src/internal/jsonDecoder.js"
import { decodeBody } from "../src/internal/response.js"
import * as UsersSchema from "../src/UsersSchema.js"
import { measure } from "./decodeTiming.js"

export type { DecodeResult } from "./decodeTiming.js"

const usersOf = (
  decode: (u: unknown) => Either.Either<{ readonly data: ReadonlyArray<unknown> }, ParseResult.ParseError>
) => {
  const list = (u: unknown) => Either.map(decode(u), (body) => body.data)
  return (text: string) => Either.getOrThrow(decodeBody("list", 200, text, list, "bench-key"))
}

const iterations = Number(process.argv[2] ?? 30)
const result = measure(
  iterations,
  usersOf(decoder(UsersSchema.ListUsersResponse)),
  usersOf(Schema.decodeUnknownEither(UsersSchema.ListUsersResponse, { onExcessProperty: "preserve" }))
)
process.stdout.write(JSON.stringify(result) + "\n")
