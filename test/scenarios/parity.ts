/**
 * The parity scenario: every operation, its successes and its refusals (401, 403, 404, 409, and input refused
 * before any I/O), run by each edition against the emulator over sockets and against the in-memory layer;
 * both runs must give the same answers. Plain data: each edition's runner turns a step into a call.
 */
import type { OperationName } from "../../src/core/operations.js"

/** The users the organisation starts with, besides the admin. */
export const seedUsers = [
  { email: "Member@Example.com", roles: ["member"], first_name: "Mem", last_name: "Ber" },
  { email: "reader@example.com", roles: ["read-only", "read-only"] }
]

/** One step: an operation called with `args` (as the caller `as`, else the admin), or accepting an invite. */
export type Step =
  | {
    readonly step: string
    readonly operation: OperationName
    readonly args: ReadonlyArray<unknown>
    readonly as?: string
  }
  | { readonly step: string; readonly acceptInvite: string }

const member = "member@example.com"
const reader = "reader@example.com"

export const steps: ReadonlyArray<Step> = [
  { step: "getCurrentUser as the admin", operation: "getCurrentUser", args: [] },
  { step: "list the seeded organisation", operation: "list", args: [] },
  { step: "get a seeded member (names shown: invite accepted)", operation: "get", args: ["MEMBER@example.com"] },
  { step: "get self as a member", operation: "getCurrentUser", args: [], as: member },

  { step: "create", operation: "create", args: [{ email: "Ada.Lovelace@Example.com", roles: ["member", "member"] }] },
  {
    step: "create with names",
    operation: "create",
    args: [{ email: "grace@example.com", roles: ["admin"], first_name: "G" }]
  },
  {
    step: "create an existing email: 409",
    operation: "create",
    args: [{ email: "ADA.lovelace@example.com", roles: ["x"] }]
  },
  { step: "get the created user (names hidden)", operation: "get", args: ["ada.lovelace@example.com"] },
  { step: "get another user as a member", operation: "get", args: ["grace@example.com"], as: member },
  { step: "get an unknown user: 404", operation: "get", args: ["ghost@example.com"] },
  { step: "list after creating", operation: "list", args: [] },

  {
    step: "update names and roles",
    operation: "update",
    args: ["ada.lovelace@example.com", { first_name: "Ada", roles: ["a"] }]
  },
  { step: "update an unknown user: 404", operation: "update", args: ["ghost@example.com", { last_name: "Boo" }] },
  { step: "the invite is accepted", acceptInvite: "ada.lovelace@example.com" },
  { step: "get after the invite is accepted (names shown)", operation: "get", args: ["Ada.Lovelace@example.com"] },
  {
    step: "update only a last name",
    operation: "update",
    args: ["ada.lovelace@example.com", { last_name: "Lovelace" }]
  },

  {
    step: "create as a member: 403",
    operation: "create",
    args: [{ email: "x@example.com", roles: ["member"] }],
    as: member
  },
  { step: "update as a member: 403", operation: "update", args: [reader, { roles: ["admin"] }], as: member },
  { step: "delete as a read-only user: 403", operation: "deleteUser", args: [member], as: reader },
  { step: "list as a read-only user", operation: "list", args: [], as: reader },

  { step: "preferences, at first", operation: "listUnsubscribePreferences", args: [] },
  {
    step: "replace preferences (duplicates collapse)",
    operation: "updateUnsubscribePreferences",
    args: [{
      data: [{ notificationType: "create_apikey" }, { notificationType: "weekly" }, {
        notificationType: "create_apikey"
      }]
    }]
  },
  { step: "preferences, after", operation: "listUnsubscribePreferences", args: [] },
  { step: "a member's own preferences are separate", operation: "listUnsubscribePreferences", args: [], as: member },
  {
    step: "a member may replace their own preferences",
    operation: "updateUnsubscribePreferences",
    args: [{ data: [{ notificationType: "create_apikey" }] }],
    as: member
  },
  { step: "preferences without data empty them", operation: "updateUnsubscribePreferences", args: [{}] },
  { step: "preferences, emptied", operation: "listUnsubscribePreferences", args: [] },

  { step: "refused: not an email", operation: "create", args: [{ email: "not an email", roles: ["member"] }] },
  { step: "refused: no roles", operation: "create", args: [{ email: "new@example.com", roles: [] }] },
  { step: "refused: an empty role", operation: "create", args: [{ email: "new@example.com", roles: [" "] }] },
  {
    step: "refused: an unknown field",
    operation: "create",
    args: [{ email: "new@example.com", roles: ["member"], phone: "1" }]
  },
  { step: "refused: get self", operation: "get", args: ["self"] },
  { step: "refused: get ..", operation: "get", args: [".."] },
  { step: "refused: delete an empty user", operation: "deleteUser", args: [""] },
  { step: "refused: update with no roles", operation: "update", args: ["grace@example.com", { roles: [] }] },
  {
    step: "refused: an empty notification type",
    operation: "updateUnsubscribePreferences",
    args: [{ data: [{ notificationType: "" }] }]
  },

  { step: "delete", operation: "deleteUser", args: ["Grace@Example.com"] },
  { step: "delete again: 404", operation: "deleteUser", args: ["grace@example.com"] },
  { step: "delete the member", operation: "deleteUser", args: [member] },
  { step: "a deleted user's calls: 401", operation: "list", args: [], as: member },
  {
    step: "a user with an email like a path",
    operation: "create",
    args: [{ email: "a/b?c#d%e@example.com", roles: ["m"] }]
  },
  { step: "get it back", operation: "get", args: ["a/b?c#d%e@example.com"] },
  { step: "list at the end", operation: "list", args: [] }
]

/** The kinds of outcome the scenario must cover. */
export const outcomeKinds = ["Conflict", "Forbidden", "InvalidRequest", "NotFound", "Unauthorized", "ok"]

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
const isoSecond = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** Replaces what must differ between two runs, the trace ids and the timestamps, everywhere in a value. */
export const normalise = (value: unknown): unknown => {
  if (typeof value === "string") return isoSecond.test(value) ? "<time>" : value.replace(uuid, "<trace_id>")
  if (Array.isArray(value)) return value.map(normalise)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, normalise(field)]))
  }
  return value
}
