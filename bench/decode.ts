/**
 * Decode cost of the 10,000-user list in the Effect 3 edition: `JSON.parse` alone against parse and Schema's
 * decoding of the public `UsersSchema.ListUsersResponse` (see `decodeTiming.ts`).
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { UsersSchema } from "../src/v3/index.js"
import { measure } from "./decodeTiming.js"

export type { DecodeResult } from "./decodeTiming.js"

const decode = Schema.decodeUnknownEither(UsersSchema.ListUsersResponse)

const result = measure(Number(process.argv[2] ?? 30), (text) => Either.getOrThrow(decode(JSON.parse(text))).data)
process.stdout.write(JSON.stringify(result) + "\n")
