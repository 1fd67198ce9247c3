/**
 * Every operation on the wire, run by each edition against a scripted HTTP client: what it sends (method,
 * path, headers, body) and what it makes of a live-shaped answer; then the decoding cases. Plain data: each
 * edition's runner turns a case into a call and a scripted reply.
 */
import type { OperationName } from "../../src/core/operations.js"
import { libraryName, version } from "../../src/core/version.js"
import { createdUser, currentUser, deletedUser } from "../fixtures/live.js"
import { canaryKey } from "./secrets.js"

/** An operation called with `args`, plain data. */
export interface Call {
  readonly operation: OperationName
  readonly args: ReadonlyArray<unknown>
}

/** What a scripted client answers: a JSON body, or a raw text one. */
export type Reply =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string }

/** The API server the scripted calls go to (the default one). */
export const base = "https://api.usw2a1.rockset.com"

/** The headers every request carries. */
export const requestHeaders = {
  authorization: `ApiKey ${canaryKey}`,
  accept: "application/json",
  "user-agent": `${libraryName}/${version}`
}

export interface WireCase extends Call {
  readonly name: string
  readonly method: string
  readonly path: string
  /** The JSON body sent, if any (then with `content-type: application/json`). */
  readonly body: unknown
  /** The body of the 200 answer. */
  readonly response: unknown
  /** What the call succeeds with. */
  readonly expected: unknown
}

const preferences = [{ notificationType: "create_apikey" }]

export const wireCases: ReadonlyArray<WireCase> = [
  {
    name: "create",
    operation: "create",
    args: [{ email: "ada@example.com", roles: ["read-only"] }],
    method: "POST",
    path: "/v1/orgs/self/users",
    body: { email: "ada@example.com", roles: ["read-only"] },
    response: { data: createdUser },
    expected: createdUser
  },
  {
    name: "create with names",
    operation: "create",
    args: [{ email: "ada@example.com", roles: ["member", "custom-role"], first_name: "Ada", last_name: "L" }],
    method: "POST",
    path: "/v1/orgs/self/users",
    body: { email: "ada@example.com", roles: ["member", "custom-role"], first_name: "Ada", last_name: "L" },
    response: { data: createdUser },
    expected: createdUser
  },
  {
    name: "deleteUser",
    operation: "deleteUser",
    args: ["ada@example.com"],
    method: "DELETE",
    path: "/v1/orgs/self/users/ada%40example.com",
    body: undefined,
    response: { data: deletedUser },
    expected: deletedUser
  },
  {
    name: "get",
    operation: "get",
    args: ["ada@example.com"],
    method: "GET",
    path: "/v1/orgs/self/users/ada%40example.com",
    body: undefined,
    response: createdUser,
    expected: createdUser
  },
  {
    name: "getCurrentUser",
    operation: "getCurrentUser",
    args: [],
    method: "GET",
    path: "/v1/orgs/self/users/self",
    body: undefined,
    response: currentUser,
    expected: currentUser
  },
  {
    name: "list",
    operation: "list",
    args: [],
    method: "GET",
    path: "/v1/orgs/self/users",
    body: undefined,
    response: { data: [currentUser, createdUser] },
    expected: [currentUser, createdUser]
  },
  {
    name: "listUnsubscribePreferences",
    operation: "listUnsubscribePreferences",
    args: [],
    method: "GET",
    path: "/v1/orgs/self/users/self/preferences",
    body: undefined,
    response: { data: preferences },
    expected: preferences
  },
  {
    name: "updateUnsubscribePreferences",
    operation: "updateUnsubscribePreferences",
    args: [{ data: preferences }],
    method: "POST",
    path: "/v1/orgs/self/users/self/preferences",
    body: { data: preferences },
    response: { data: preferences },
    expected: preferences
  },
  {
    name: "update",
    operation: "update",
    args: ["ada@example.com", { first_name: "Ada", roles: ["member"] }],
    method: "POST",
    path: "/v1/orgs/self/users/ada%40example.com",
    body: { first_name: "Ada", roles: ["member"] },
    response: { ...createdUser, roles: ["member"] },
    expected: { ...createdUser, roles: ["member"] }
  }
]

/** What a decoding case must end with. */
export type DecodeExpectation =
  /** Success with exactly this value. */
  | { readonly value: unknown }
  /** Success with a value whose fields (declared or not) are these. */
  | { readonly fields: Readonly<Record<string, unknown>> }
  /** A Decode error of this reason, its detail naming `detailIncludes`. */
  | { readonly decode: "InvalidJson" | "UnexpectedShape"; readonly detailIncludes?: string }

export interface DecodeCase extends Call {
  readonly name: string
  readonly reply: Reply
  readonly expect: DecodeExpectation
}

export const decodeCases: ReadonlyArray<DecodeCase> = [
  {
    name: "keeps undeclared keys reachable and accepts null for every optional field",
    operation: "get",
    args: ["ada@example.com"],
    reply: { status: 200, json: createdUser },
    expect: {
      fields: {
        first_name: null,
        invite_state: "PENDING",
        org_memberships: createdUser.org_memberships,
        accepted_marketing_content: null
      }
    }
  },
  {
    name: "a preferences body with data null decodes as an empty list",
    operation: "listUnsubscribePreferences",
    args: [],
    reply: { status: 200, json: { data: null } },
    expect: { value: [] }
  },
  {
    name: "a user without email is a Decode error naming the path, not a defect",
    operation: "list",
    args: [],
    reply: { status: 200, json: { data: [{ first_name: "x" }] } },
    expect: { decode: "UnexpectedShape", detailIncludes: "data.0.email" }
  },
  {
    name: "malformed JSON on 200 is Decode InvalidJson",
    operation: "getCurrentUser",
    args: [],
    reply: { status: 200, text: "{\"email\":" },
    expect: { decode: "InvalidJson" }
  }
]
