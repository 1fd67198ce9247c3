/**
 * Decode cost of the 10,000-user list in the Effect 4 edition, on its Node 22: `JSON.parse` alone against
 * parse and Schema 4's decoding of the public `UsersSchema.ListUsersResponse` (see `../decodeTiming.ts`).
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { UsersSchema } from "../../src/v4/index.js"
import { measure } from "../decodeTiming.js"

const decode = Schema.decodeUnknownResult(UsersSchema.ListUsersResponse)

const result = measure(Number(process.argv[2] ?? 30), (text) => Result.getOrThrow(decode(JSON.parse(text))).data)
process.stdout.write(JSON.stringify(result) + "\n")
