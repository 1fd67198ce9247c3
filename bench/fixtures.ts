/**
 * Live-shaped bodies for the benchmark server and the decode case: the keys, nesting, nulls and undeclared
 * fields of the recorded Rockset responses (reference §3), with made-up values.
 */

import { organization as recorded } from "../test/fixtures/live.js"

// The test fixtures' organisation (the recorded shape); others' memberships show it with only the id.
const organization = (detailed: boolean) =>
  detailed
    ? recorded
    : Object.fromEntries(
      Object.keys(recorded).map((key) => [key, key === "id" ? recorded.id : key === "clusters" ? [] : null])
    )

/** A user as `GET /users/{user}` and `GET /users` return it (the organisation mostly `null`). */
export const user = (index: number, detailed = false) => {
  const accepted = index % 3 !== 0
  return {
    created_at: "2023-08-23T18:58:26Z",
    email: `user${index}@example.com`,
    first_name: accepted ? "Ada" : null,
    last_name: accepted ? "Lovelace" : null,
    phone_number: null,
    roles: [index % 7 === 0 ? "admin" : index % 2 === 0 ? "member" : "read-only"],
    state: accepted ? "ACTIVE" : "NEW",
    org: "org-5f0c2a7e",
    invite_state: accepted ? "ACCEPTED" : "PENDING",
    orgs: null,
    org_memberships: [{
      organization: organization(detailed),
      roles: [index % 2 === 0 ? "member" : "read-only"],
      invite_state: accepted ? "ACCEPTED" : "PENDING",
      invited_by: "owner@example.com",
      email: null,
      expires_at: "2023-08-24T18:58:26Z",
      created_at: "2023-08-23T18:58:26Z"
    }],
    country: null,
    accepted_marketing_content: null
  }
}

/** `GET /users/{user}`: a bare user. */
export const getBody = (): string => JSON.stringify(user(1))

/** `GET /users`: `{ data: User[] }`. */
export const listBody = (count: number): string =>
  JSON.stringify({ data: Array.from({ length: count }, (_, index) => user(index)) })

/** `POST /users`: `{ data: User }`, the created user with its organisation in full. */
export const createBody = (): string => JSON.stringify({ data: { ...user(2, true), state: "NEW" } })

/** The list sizes the server serves, chosen by a path prefix (`/l50`, `/l10000`). */
export const listSizes = [50, 10_000] as const

export const apiKey = "bench0123456789abcdefABCDEF0123456789abcdefABCDEF0123456789abcd"
export const email = "ada.lovelace+bench@example.com"
export const createInput = { email: "ada.lovelace+new@example.com", roles: ["member"] as [string] }
