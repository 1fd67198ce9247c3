import { assert, describe, it } from "@effect/vitest"
import { major } from "@test/edition"
import { OrgSync, Users } from "effect-rockset"
import { InMemoryUsers } from "effect-rockset/testing"
import * as Effect from "effect/Effect"
import { withChecksum } from "../../src/core/sync/saved.js"
import {
  afterRevert,
  changes,
  document,
  driftLines,
  type Mutation,
  options,
  shown,
  staleCases
} from "../scenarios/reviewed.js"
import { seedUsers } from "../scenarios/sync.js"

const unpaced: OrgSync.ApplyOptions = { rateLimits: false }

const organisation = Effect.gen(function*() {
  const memory = yield* InMemoryUsers.InMemoryUsers
  return yield* memory.users
})

const mutate = (mutation: Mutation) =>
  Effect.flatMap(Users.Users, (users) =>
    mutation.op === "update"
      ? users.update(mutation.email, mutation.input)
      : mutation.op === "create"
      ? users.create({ email: mutation.email, roles: mutation.roles })
      : users.deleteUser(mutation.email))

const inMemory = InMemoryUsers.layer({ seedUsers })

describe(`OrgSync: saved plans (Effect ${major})`, () => {
  it.effect("a saved plan round-trips through its file and applies exactly; planning again is empty", () =>
    Effect.gen(function*() {
      const saved = yield* OrgSync.savePlan(document, options)
      assert.deepStrictEqual(saved.plan.changes.map((c) => [c.kind, c.email]), changes)
      assert.deepStrictEqual(saved.before.map((u) => u.email), ["ada@example.com", "linus@example.com"])
      assert.deepStrictEqual(saved.options, { mode: "exact", maxDeleteShare: 0.25, minAdmins: 1, protectedEmails: [] })
      assert.strictEqual(saved.organisation.users, 4)
      assert.match(saved.checksum, /^sha256:[0-9a-f]{64}$/)
      const read = yield* OrgSync.decodeSavedPlan(OrgSync.encodeSavedPlan(saved))
      assert.deepStrictEqual(read, saved)
      const result = yield* OrgSync.applySaved(read, unpaced)
      assert.deepStrictEqual([result.applied, result.failed, result.notAttempted], [3, 0, 0])
      assert.isTrue(OrgSync.isEmpty(yield* OrgSync.plan(document, options)))
    }).pipe(Effect.provide(inMemory)))

  for (const stale of staleCases) {
    it.effect(`stale after ${stale.name}: refused, naming it, and nothing is changed`, () =>
      Effect.gen(function*() {
        const saved = yield* OrgSync.savePlan(document, options)
        yield* mutate(stale.mutation)
        const moved = yield* organisation
        const error = yield* Effect.flip(OrgSync.applySaved(saved, unpaced))
        assert.strictEqual(error._tag, "StalePlan")
        if (error._tag !== "StalePlan") return
        assert.deepStrictEqual(driftLines(error.drift), stale.drift)
        assert.include(error.message, "the plan is stale")
        assert.notMatch(error.message, /[\w.+-]+@[\w-]+\.\w/)
        assert.deepStrictEqual(yield* organisation, moved)
      }).pipe(Effect.provide(inMemory)))
  }

  it.effect("another API key's user makes the plan stale", () =>
    Effect.gen(function*() {
      const memory = yield* InMemoryUsers.InMemoryUsers
      const saved = yield* OrgSync.savePlan(document, options)
      const error = yield* Effect.flip(OrgSync.checkSaved(saved).pipe(memory.withCaller("ada@example.com")))
      assert.strictEqual(error._tag, "StalePlan")
      if (error._tag === "StalePlan") assert.deepStrictEqual(driftLines(error.drift), ["caller"])
    }).pipe(Effect.provide(inMemory)))

  it.effect("a plan edited by hand, not JSON, or of another format is refused with its reason", () =>
    Effect.gen(function*() {
      const text = OrgSync.encodeSavedPlan(yield* OrgSync.savePlan(document, options))
      const cases = [
        [text.replace("\"read-only\"", "\"admin\""), "its checksum does not match its content"],
        [text.replace("\"maxDeleteShare\": 0.25", "\"maxDeleteShare\": 1"), "its checksum does not match"],
        [text.replace("\"checksum\"", "\"sum\""), "it has no checksum"],
        [text.slice(0, -10), "it is not valid JSON"],
        [JSON.stringify({ format: "rockset-users/plan@9" }), "of another version"],
        [JSON.stringify(document), "its \"format\" is not"]
      ] as const
      for (const [edited, reason] of cases) {
        assert.notStrictEqual(edited, text)
        const error = yield* Effect.flip(OrgSync.decodeSavedPlan(edited))
        assert.include(error.reason, reason)
        assert.notMatch(error.message, /[\w.+-]+@[\w-]+\.\w/)
      }
    }).pipe(Effect.provide(inMemory)))
})

describe(`OrgSync: the record of an apply, and revert (Effect ${major})`, () => {
  it.effect("apply, record, revert: the organisation's users are back (linus as a pending invite)", () =>
    Effect.gen(function*() {
      const saved = yield* OrgSync.savePlan(document, options)
      const record = yield* OrgSync.record(saved, yield* OrgSync.applySaved(saved, unpaced))
      assert.match(record.checksum, /^sha256:[0-9a-f]{64}$/)
      assert.deepStrictEqual(
        record.changes.map((
          entry
        ) => [entry.kind, entry.email, entry.outcome, entry.before?.roles, entry.after?.roles]),
        [
          ["create", "new@example.com", "applied", undefined, ["member"]],
          ["update", "ada@example.com", "applied", ["admin", "member"], ["member"]],
          ["delete", "linus@example.com", "applied", ["read-only"], undefined]
        ]
      )
      const read = yield* OrgSync.decodeRecord(OrgSync.encodeRecord(record))
      assert.deepStrictEqual(read, record)
      const revert = yield* OrgSync.planRevert(read)
      assert.strictEqual(revert.purpose, "revert")
      assert.deepStrictEqual(revert.plan.changes, [
        { kind: "create", email: "linus@example.com", roles: ["read-only"], reinvite: true },
        {
          kind: "update",
          email: "ada@example.com",
          roles: { from: ["member"], to: ["admin", "member"] },
          names: { from: { first_name: "Augusta" }, to: { first_name: "Ada" } }
        },
        { kind: "delete", email: "new@example.com", roles: ["member"] }
      ])
      assert.include(OrgSync.toMarkdown(revert), "invited again: back as a pending invite")
      yield* OrgSync.applySaved(revert, unpaced)
      assert.deepStrictEqual(shown(yield* organisation), shown(afterRevert))
      // and there is nothing left to put back
      assert.deepStrictEqual((yield* OrgSync.planRevert(read)).plan.changes, [])
    }).pipe(Effect.provide(inMemory)))

  it.effect("a revert runs under the record's guards: one that would breach them is refused, nothing changed", () =>
    Effect.gen(function*() {
      const saved = yield* OrgSync.savePlan({
        users: [...document.users, { email: "x@example.com", roles: ["member"] }]
      })
      const record = yield* OrgSync.record(saved, yield* OrgSync.applySaved(saved, unpaced))
      const before = yield* organisation
      // it would delete the two users the apply created: 2 of 6 is more than the recorded 25%
      const error = yield* Effect.flip(OrgSync.planRevert(record))
      assert.strictEqual(error._tag, "DeleteShareExceeded")
      assert.deepStrictEqual(yield* organisation, before)
      const allowed = yield* OrgSync.planRevert(record, { maxDeleteShare: 0.5 })
      assert.deepStrictEqual(allowed.options.maxDeleteShare, 0.5)
      assert.deepStrictEqual(allowed.plan.changes.filter((c) => c.kind === "delete").length, 2)
    }).pipe(Effect.provide(inMemory)))

  it.effect("a record edited by hand, not JSON, of another format or shape is refused with its reason", () =>
    Effect.gen(function*() {
      const saved = yield* OrgSync.savePlan(document, options)
      const text = OrgSync.encodeRecord(yield* OrgSync.record(saved, yield* OrgSync.applySaved(saved, unpaced)))
      // a shape this version does not write, under a checksum that holds
      const misshapen = yield* Effect.promise(() =>
        withChecksum({ format: "rockset-users/record@1", options: saved.options, caller: "x", changes: "x" })
      )
      const cases = [
        // what the apply created, made to look like someone else: its revert would delete them
        [text.replace("\"new@example.com\"", "\"grace@example.com\""), "it was changed after the apply wrote it"],
        [text.replace("\"checksum\"", "\"sum\""), "it has no checksum"],
        ["{", "it is not valid JSON"],
        [JSON.stringify(misshapen), "does not have the shape"],
        [JSON.stringify({ format: "rockset-users/plan@1" }), "its \"format\" is not"]
      ] as const
      for (const [edited, reason] of cases) {
        assert.notStrictEqual(edited, text)
        const error = yield* Effect.flip(OrgSync.decodeRecord(edited))
        assert.include(error.reason, reason, edited)
        assert.notMatch(error.message, /[\w.+-]+@[\w-]+\.\w/)
      }
    }).pipe(Effect.provide(inMemory)))
})

describe(`OrgSync.toMarkdown (Effect ${major})`, () => {
  it.effect("a summary line, a table of the changes, the guards", () =>
    Effect.gen(function*() {
      const saved = yield* OrgSync.savePlan(document, { ...options, protectedEmails: ["Grace@example.com"] })
      const text = OrgSync.toMarkdown(saved)
      const lines = text.split("\n")
      assert.strictEqual(lines[0], "### rockset-users plan: 1 to create, 1 to update (1 role, 1 name), 1 to delete")
      assert.include(text, "| change | user | details |")
      assert.include(text, "| + create | `new@example.com` | roles: member; name: New |")
      assert.include(
        text,
        "| ~ update | `ada@example.com` | roles: admin, member → member; first_name: Ada → Augusta |"
      )
      assert.include(text, "| - delete | `linus@example.com` | roles: read-only |")
      assert.include(
        text,
        "**Guards:** mode **exact** (deletes users the file does not list) · max delete share 25% · min admins 1 · " +
          "protected: `grace@example.com` · the caller is never deleted or demoted"
      )
      assert.include(text, "Made against 4 user(s)")
    }).pipe(Effect.provide(inMemory)))
})
