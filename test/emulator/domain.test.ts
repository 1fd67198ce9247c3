import { assert, describe, it } from "@effect/vitest"
import * as Domain from "../../src/core/emulator/domain.js"
import { errorBodyKeys } from "../fixtures/live.js"

const now = Date.parse("2024-05-01T12:00:00.000Z")

const unwrap = <A>(outcome: Domain.Outcome<A>): Domain.Transition<A> => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.status} ${outcome.error.message}`)
  return outcome
}

const refused = <A>(outcome: Domain.Result<A> | Domain.Outcome<A>): Domain.DomainError => {
  if (outcome.ok) throw new Error("expected a domain error")
  return outcome.error
}

/** An organisation with an admin (key "admin-key") and a member (key "member-key"). */
const org = (): Domain.State => {
  let state = Domain.empty({ orgId: "org-1", name: "Org", now })
  state = unwrap(Domain.addUser(state, { email: "Admin@Example.com", roles: ["admin"] }, now)).state
  state = unwrap(Domain.addApiKey(state, "admin@example.com", "admin-key", now)).state
  state =
    unwrap(Domain.addUser(state, { email: "member@example.com", roles: ["member"], first_name: "Mem" }, now)).state
  return unwrap(Domain.addApiKey(state, "member@example.com", "member-key", now)).state
}

const recordedUserKeys = [
  "created_at",
  "email",
  "first_name",
  "last_name",
  "phone_number",
  "roles",
  "state",
  "org",
  "invite_state",
  "orgs",
  "org_memberships",
  "country",
  "accepted_marketing_content"
]

describe("domain", () => {
  describe("authorization header", () => {
    it("accepts the ApiKey scheme in any case", () => {
      assert.deepStrictEqual(Domain.parseAuthorization("ApiKey abc"), { ok: true, value: "abc" })
      assert.deepStrictEqual(Domain.parseAuthorization("apikey abc"), { ok: true, value: "abc" })
      assert.deepStrictEqual(Domain.parseAuthorization("APIKEY  abc "), { ok: true, value: "abc" })
    })

    it("answers 401 for a missing, malformed or unknown key", () => {
      assert.strictEqual(refused(Domain.parseAuthorization(undefined)).status, 401)
      assert.strictEqual(refused(Domain.parseAuthorization("Bearer abc")).status, 401)
      assert.strictEqual(refused(Domain.parseAuthorization("ApiKey")).status, 401)
      assert.strictEqual(refused(Domain.parseAuthorization("ApiKey a b")).status, 401)
      const unknown = refused(Domain.authenticate(org(), "nope"))
      assert.deepStrictEqual([unknown.status, unknown.type], [401, "AUTHEXCEPTION"])
    })
  })

  describe("create", () => {
    it("invites a user: lower-cased email, NEW, PENDING, names hidden, recorded shape", () => {
      const created = unwrap(
        Domain.createUser(org(), "admin-key", { email: "Ada@Example.COM", roles: ["member"], first_name: "Ada" }, now)
      )
      const user = created.value
      assert.deepStrictEqual(Object.keys(user), recordedUserKeys)
      assert.strictEqual(user.email, "ada@example.com")
      assert.strictEqual(user.state, "NEW")
      assert.strictEqual(user.invite_state, "PENDING")
      assert.strictEqual(user.first_name, null)
      assert.strictEqual(user.created_at, "2024-05-01T12:00:00Z")
      assert.strictEqual(user["orgs"], null)
      assert.strictEqual(Domain.findUser(created.state, "ADA@example.com")?.first_name, "Ada")
    })

    it("refuses non-admins (403), invalid bodies (400) and existing emails in any case (409)", () => {
      const state = org()
      const forbidden = refused(
        Domain.createUser(state, "member-key", { email: "x@example.com", roles: ["member"] }, now)
      )
      assert.deepStrictEqual([forbidden.status, forbidden.type], [403, "FORBIDDEN"])
      const badEmail = refused(Domain.createUser(state, "admin-key", { email: "not-an-email", roles: ["member"] }, now))
      assert.deepStrictEqual([badEmail.status, badEmail.type], [400, "INVALIDINPUT"])
      assert.include(badEmail.message, "not-an-email")
      // an empty role list fails as it did live: 500 INTERNALERROR, not a 400
      const noRoles = refused(Domain.createUser(state, "admin-key", { email: "x@example.com", roles: [] }, now))
      assert.deepStrictEqual([noRoles.status, noRoles.type], [500, "INTERNALERROR"])
      assert.strictEqual(
        refused(Domain.createUser(state, "admin-key", { email: "x@example.com", roles: [""] }, now)).status,
        400
      )
      assert.strictEqual(refused(Domain.createUser(state, "admin-key", { email: "x@example.com" }, now)).status, 400)
      assert.strictEqual(refused(Domain.createUser(state, "admin-key", [], now)).status, 400)
      const conflict = refused(
        Domain.createUser(state, "admin-key", { email: "MEMBER@example.com", roles: ["member"] }, now)
      )
      assert.deepStrictEqual([conflict.status, conflict.type], [409, "ALREADYEXISTS"])
      assert.include(conflict.message, "member@example.com")
    })
  })

  describe("reads", () => {
    it("gets users case-insensitively; self is the caller; unknown is 404", () => {
      const state = org()
      const member = unwrap(Domain.getUser(state, "admin-key", "Member@Example.com"))
      assert.strictEqual(member.state, state, "a read leaves the state as it was")
      assert.strictEqual(member.value.email, "member@example.com")
      assert.strictEqual(member.value.first_name, "Mem", "an accepted user shows names")
      assert.strictEqual(unwrap(Domain.getUser(state, "member-key", "self")).value.email, "member@example.com")
      const missing = refused(Domain.getUser(state, "admin-key", "ghost@example.com"))
      assert.deepStrictEqual([missing.status, missing.type], [404, "NOTFOUND"])
    })

    it("shows the caller with its organisations and lists everyone", () => {
      const state = org()
      const current = unwrap(Domain.getCurrentUser(state, "member-key")).value
      assert.strictEqual(current.email, "member@example.com")
      assert.isArray(current["orgs"])
      const listed = unwrap(Domain.listUsers(state, "member-key")).value
      assert.deepStrictEqual(listed.map((user) => user.email), ["admin@example.com", "member@example.com"])
    })
  })

  describe("update and delete", () => {
    it("updates roles and names; names stay hidden until the invite is accepted", () => {
      let state =
        unwrap(Domain.createUser(org(), "admin-key", { email: "new@example.com", roles: ["member"] }, now)).state
      const updated = unwrap(
        Domain.updateUser(state, "admin-key", "new@example.com", { first_name: "N", roles: ["read-only"] })
      )
      assert.deepStrictEqual(updated.value.roles, ["read-only"])
      assert.strictEqual(updated.value.first_name, null)
      state = unwrap(Domain.acceptInvite(updated.state, "new@example.com")).state
      const accepted = unwrap(Domain.getUser(state, "admin-key", "new@example.com")).value
      assert.deepStrictEqual([accepted.first_name, accepted.state, accepted.invite_state], ["N", "NEW", "ACCEPTED"])
      const membership = (accepted.org_memberships[0] ?? {}) as Record<string, unknown>
      assert.deepStrictEqual(
        [membership["invite_state"], membership["invited_by"], membership["expires_at"]],
        ["ACCEPTED", "admin@example.com", Domain.timestamp(now + 24 * 60 * 60 * 1000)],
        "the membership keeps who invited them and when the invite expired, as recorded live"
      )
    })

    it("refuses updates from non-admins, with bad bodies, or of unknown users", () => {
      const state = org()
      assert.strictEqual(refused(Domain.updateUser(state, "member-key", "self", { first_name: "x" })).status, 403)
      assert.strictEqual(
        refused(Domain.updateUser(state, "admin-key", "member@example.com", { roles: [] })).status,
        400
      )
      assert.strictEqual(refused(Domain.updateUser(state, "admin-key", "ghost@example.com", {})).status, 404)
    })

    it("deletes a user with their keys and preferences; the response has every field null but email", () => {
      let state = org()
      state = unwrap(Domain.updatePreferences(state, "member-key", { data: [{ notificationType: "create_apikey" }] }))
        .state
      const deleted = unwrap(Domain.deleteUser(state, "admin-key", "MEMBER@example.com"))
      assert.deepStrictEqual(Object.keys(deleted.value), recordedUserKeys)
      for (const [key, value] of Object.entries(deleted.value)) {
        assert.strictEqual(value, key === "email" ? "member@example.com" : null, key)
      }
      assert.strictEqual(refused(Domain.authenticate(deleted.state, "member-key")).status, 401)
      assert.isUndefined(deleted.state.preferences["member@example.com"])
      assert.strictEqual(refused(Domain.deleteUser(deleted.state, "admin-key", "member@example.com")).status, 404)
      assert.strictEqual(refused(Domain.deleteUser(state, "member-key", "admin@example.com")).status, 403)
    })
  })

  describe("preferences", () => {
    it("are per caller and replaced as a whole", () => {
      let state = org()
      assert.deepStrictEqual(unwrap(Domain.listPreferences(state, "member-key")).value, [])
      state = unwrap(Domain.updatePreferences(state, "member-key", {
        data: [{ notificationType: "create_apikey" }, { notificationType: "create_apikey" }, { notificationType: "x" }]
      })).state
      assert.deepStrictEqual(unwrap(Domain.listPreferences(state, "member-key")).value, [
        { notificationType: "create_apikey" },
        { notificationType: "x" }
      ])
      assert.deepStrictEqual(unwrap(Domain.listPreferences(state, "admin-key")).value, [])
      state = unwrap(Domain.updatePreferences(state, "member-key", {})).state
      assert.deepStrictEqual(unwrap(Domain.listPreferences(state, "member-key")).value, [])
      assert.strictEqual(refused(Domain.updatePreferences(state, "member-key", { data: [{}] })).status, 400)
    })
  })

  describe("keys and errors", () => {
    it("a key belongs to one user", () => {
      const state = org()
      assert.strictEqual(unwrap(Domain.addApiKey(state, "admin@example.com", "admin-key", now)).state, state)
      assert.strictEqual(refused(Domain.addApiKey(state, "member@example.com", "admin-key", now)).status, 409)
      assert.strictEqual(refused(Domain.addApiKey(state, "ghost@example.com", "k", now)).status, 404)
      assert.deepStrictEqual(Domain.keysOf(state, "ADMIN@example.com"), ["admin-key"])
    })

    it("error bodies have exactly the nine recorded keys, in order", () => {
      const body = Domain.errorBody(Domain.error(404, "NOTFOUND", "User not found"), "trace")
      assert.deepStrictEqual(Object.keys(body), errorBodyKeys)
      assert.strictEqual(body.message_key, null)
    })
  })
})
