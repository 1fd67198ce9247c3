import { assert, describe, it } from "@effect/vitest"
import { Chunk, Context, Effect, Exit, Fiber, Layer, Ref, Stream, TestClock } from "effect"
import { OrgSync, Users } from "effect-rockset"
import { InMemoryUsers } from "effect-rockset/testing"
import * as RateWindow from "../../src/core/rateWindow.js"
import { everyone, guardCases, guardErrorMismatches, seedUsers } from "../scenarios/sync.js"

/** The in-memory organisation, with every call of its Users service recorded (operation, user, Clock time). */
const recorded = (options?: InMemoryUsers.Options) =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const memory = yield* InMemoryUsers.make(options)
    const calls = yield* Ref.make<ReadonlyArray<{ readonly op: string; readonly at: number }>>([])
    const note = <A, E>(op: string, self: Effect.Effect<A, E>) =>
      Effect.zipRight(
        Effect.flatMap(
          Effect.clockWith((clock) => clock.currentTimeMillis),
          (at) => Ref.update(calls, (all) => [...all, { op, at }])
        ),
        self
      )
    const client = Users.Users.of({
      ...memory.client,
      create: (input) => note("create", memory.client.create(input)),
      update: (user, input) => note("update", memory.client.update(user, input)),
      deleteUser: (user) => note("deleteUser", memory.client.deleteUser(user)),
      list: () => note("list", memory.client.list()),
      getCurrentUser: () => note("getCurrentUser", memory.client.getCurrentUser())
    })
    return Layer.mergeAll(
      Layer.succeed(Users.Users, client),
      Layer.succeed(InMemoryUsers.InMemoryUsers, memory),
      Layer.succeed(Calls, calls)
    )
  }))

class Calls
  extends Context.Tag("test/Calls")<Calls, Ref.Ref<ReadonlyArray<{ readonly op: string; readonly at: number }>>>()
{}

const writes = Effect.map(
  Effect.flatMap(Calls, Ref.get),
  (calls) => calls.filter((c) => c.op !== "list" && c.op !== "getCurrentUser")
)

const unpaced: OrgSync.ApplyOptions = { rateLimits: false }

describe("OrgSync.plan", () => {
  it.effect("compares emails case-insensitively and roles as sets: a reordered, re-cased listing is no change", () =>
    Effect.gen(function*() {
      const plan = yield* OrgSync.plan({
        users: [
          { email: "ADA@Example.com", roles: ["member", "admin"] },
          { email: "Grace@example.com", roles: ["member", "member"] },
          { email: "admin@example.com", roles: ["admin"] }
        ]
      })
      assert.deepStrictEqual(plan.changes, [])
      assert.deepStrictEqual(plan.unchanged, ["ada@example.com", "grace@example.com", "admin@example.com"])
      assert.deepStrictEqual(plan.unlisted, ["linus@example.com"])
      assert.isTrue(OrgSync.isEmpty(plan))
      const calls = yield* Ref.get(yield* Calls)
      assert.deepStrictEqual(calls.map((c) => c.op).sort(), ["getCurrentUser", "list"])
    }).pipe(Effect.provide(recorded({ seedUsers }))))

  it.effect("plans creates, role changes and name changes in one update, in order; additive never deletes", () =>
    Effect.gen(function*() {
      const plan = yield* OrgSync.plan({
        users: [
          { email: "new@example.com", roles: ["member"], first_name: "New" },
          { email: "ada@example.com", roles: ["admin", "member"], first_name: "Augusta" },
          { email: "grace@example.com", roles: ["admin"] },
          { email: "linus@example.com", roles: ["member"], last_name: "T" }
        ]
      })
      assert.deepStrictEqual(plan.changes, [
        { kind: "create", email: "new@example.com", roles: ["member"], first_name: "New" },
        { kind: "update", email: "grace@example.com", roles: { from: ["member"], to: ["admin"] } },
        {
          kind: "update",
          email: "ada@example.com",
          names: { from: { first_name: "Ada" }, to: { first_name: "Augusta" } }
        },
        {
          kind: "update",
          email: "linus@example.com",
          roles: { from: ["read-only"], to: ["member"] },
          names: { from: {}, to: { last_name: "T" } }
        }
      ])
      assert.deepStrictEqual(plan.unlisted, ["admin@example.com"])
      assert.deepStrictEqual(OrgSync.summary(plan), {
        creates: 1,
        roleChanges: 2,
        nameChanges: 2,
        deletes: 0,
        unchanged: 0,
        unlisted: 1,
        skipped: 0
      })
    }).pipe(Effect.provide(recorded({ seedUsers }))))

  it.effect("skips the names of a user whose invite is pending (NEW, names null on the wire), with the reason", () =>
    Effect.gen(function*() {
      const users = yield* Users.Users
      const created = yield* users.create({ email: "pending@example.com", roles: ["member"], first_name: "Pat" })
      assert.strictEqual(created.first_name, null)
      const plan = yield* OrgSync.plan({
        users: [{ email: "pending@example.com", roles: ["member"], first_name: "Pat", last_name: "Jones" }]
      })
      assert.deepStrictEqual(plan.changes, [])
      assert.deepStrictEqual(plan.skipped, [{ email: "pending@example.com", field: "names", reason: "invite-pending" }])
      // a role change of a pending user still goes ahead, without names
      const promoted = yield* OrgSync.plan({
        users: [{ email: "pending@example.com", roles: ["read-only"], first_name: "Pat" }]
      })
      assert.deepStrictEqual(promoted.changes, [{
        kind: "update",
        email: "pending@example.com",
        roles: { from: ["member"], to: ["read-only"] }
      }])
    }).pipe(Effect.provide(recorded())))

  it.effect("exact mode deletes the unlisted users (deletes last)", () =>
    Effect.gen(function*() {
      const plan = yield* OrgSync.plan({
        users: [
          { email: "admin@example.com", roles: ["admin"] },
          { email: "ada@example.com", roles: ["admin", "member"] },
          { email: "grace@example.com", roles: ["member"] },
          { email: "new@example.com", roles: ["member"] }
        ]
      }, { mode: "exact" })
      assert.deepStrictEqual(plan.changes.map((c) => [c.kind, c.email]), [
        ["create", "new@example.com"],
        ["delete", "linus@example.com"]
      ])
    }).pipe(Effect.provide(recorded({ seedUsers }))))

  it.effect("each guard fails with its own error, naming the guard, with no email in the message, and changes nothing", () =>
    Effect.gen(function*() {
      for (const guardCase of guardCases) {
        const error = yield* Effect.flip(OrgSync.plan(guardCase.document, guardCase.options))
        assert.deepStrictEqual(guardErrorMismatches(guardCase, error), [])
      }
      const demote = yield* Effect.flip(OrgSync.plan({ users: [{ email: "admin@example.com", roles: ["member"] }] }))
      assert.include(demote.message, "remove the admin role")
      // the same delete of 2 of 4 users passes with a larger share
      const plan = yield* OrgSync.plan({ users: everyone.slice(0, 2) }, { mode: "exact", maxDeleteShare: 0.5 })
      assert.strictEqual(plan.changes.length, 2)
      assert.deepStrictEqual(yield* writes, [])
    }).pipe(Effect.provide(recorded({ seedUsers }))))

  it.effect("a bad document or bad options fail with a typed error before any request", () =>
    Effect.gen(function*() {
      const bad = yield* Effect.flip(OrgSync.plan({ users: [{ email: "not an email", roles: [] }] }))
      assert.strictEqual(bad._tag, "InvalidDocument")
      if (bad._tag === "InvalidDocument") {
        assert.deepStrictEqual(bad.problems.map((p) => p.path), ["users[0].email", "users[0].roles"])
      }
      const share = yield* Effect.flip(OrgSync.plan({ users: [] }, { maxDeleteShare: 1.5 }))
      assert.strictEqual(share._tag, "InvalidOptions")
      const admins = yield* Effect.flip(OrgSync.plan({ users: [] }, { minAdmins: -1 }))
      assert.strictEqual(admins._tag, "InvalidOptions")
      const applyOptions = yield* Effect.flip(OrgSync.apply({
        mode: "additive",
        caller: "a@b.co",
        changes: [],
        unchanged: [],
        unlisted: [],
        skipped: []
      }, { concurrency: 0 }))
      assert.strictEqual(applyOptions._tag, "InvalidOptions")
      assert.deepStrictEqual(yield* Ref.get(yield* Calls), [])
    }).pipe(Effect.provide(recorded({ seedUsers }))))
})

describe("OrgSync.parse", () => {
  it.effect("names the line, column and field of each problem, and never quotes an email", () =>
    Effect.gen(function*() {
      const text = [
        "users:",
        "  - email: ada@example.com",
        "    roles: [admin]",
        "  - email: secret.person@example",
        "    roles: []",
        "  - email: ADA@example.com",
        "    roles: [member, 3]",
        "    nickname: x"
      ].join("\n")
      const error = yield* Effect.flip(OrgSync.parse(text, "yaml"))
      assert.deepStrictEqual(error.problems.map((p) => [p.line, p.column, p.path]), [
        [4, 12, "users[1].email"],
        [5, 12, "users[1].roles"],
        [6, 12, "users[2].email"],
        [7, 21, "users[2].roles[1]"],
        [8, 5, "users[2].nickname"]
      ])
      assert.include(error.problems[2]!.message, "same email as users[0].email (line 2)")
      assert.match(error.message, /^the desired-state document is not valid: line 4, column 12: users\[1\]\.email: /)
      assert.notInclude(JSON.stringify(error.problems), "secret.person")
      const json = yield* Effect.flip(OrgSync.parse("{\n  \"users\": [\n    {\"email\": \"a@b.co\",}\n  ]\n}", "json"))
      assert.deepStrictEqual(json.problems.map((p) => [p.line, p.path]), [[3, "(document)"]])
      const jsonField = yield* Effect.flip(
        OrgSync.parse("{\n  \"users\": [\n    {\"email\": \"a@b.co\"}\n  ]\n}", "json")
      )
      assert.deepStrictEqual(jsonField.problems.map((p) => [p.line, p.column, p.path]), [[3, 5, "users[0].roles"]])
      const yamlSyntax = yield* Effect.flip(OrgSync.parse("users:\n  - email: a@b.co\n   roles: [x", "yaml"))
      assert.isAbove(yamlSyntax.problems[0]?.line ?? 0, 1)
    }))

  it.effect("print then parse gives the document back, sorted by email", () =>
    Effect.gen(function*() {
      const document: OrgSync.Document = {
        users: [{ email: "b@example.com", roles: ["member", "read-only"] }, {
          email: "a@example.com",
          roles: ["admin"],
          first_name: "A"
        }]
      }
      for (const format of ["yaml", "json"] as const) {
        const text = OrgSync.print(document, format)
        const back = yield* OrgSync.parse(text, format)
        assert.deepStrictEqual(back.users.map((u) => u.email), ["a@example.com", "b@example.com"])
        assert.deepStrictEqual(back.users[0], document.users[1])
      }
      assert.include(OrgSync.print(document, "yaml"), "roles: [member, read-only]")
    }))
})

describe("OrgSync.apply", () => {
  it.effect("applies a plan; planning again is empty; export then plan is empty", () =>
    Effect.gen(function*() {
      const desired: OrgSync.Document = {
        users: [
          { email: "admin@example.com", roles: ["admin"] },
          { email: "ada@example.com", roles: ["member"], first_name: "Augusta" },
          { email: "new@example.com", roles: ["read-only"], first_name: "Newt" }
        ]
      }
      const plan = yield* OrgSync.plan(desired, { mode: "exact", maxDeleteShare: 0.5 })
      const result = yield* OrgSync.apply(plan, unpaced)
      assert.deepStrictEqual([result.applied, result.failed, result.notAttempted], [plan.changes.length, 0, 0])
      assert.deepStrictEqual(result.results.map((r) => r.index), plan.changes.map((_, i) => i))
      const again = yield* OrgSync.plan(desired, { mode: "exact" })
      assert.deepStrictEqual(again.changes, [])
      // the new user's names were sent with the invite; they show once it is accepted
      assert.deepStrictEqual(again.skipped, [{ email: "new@example.com", field: "names", reason: "invite-pending" }])
      const memory = yield* InMemoryUsers.InMemoryUsers
      yield* memory.acceptInvite("new@example.com")
      assert.strictEqual((yield* memory.users).find((u) => u.email === "new@example.com")?.first_name, "Newt")
      const exported = yield* OrgSync.export()
      assert.deepStrictEqual(exported.users.map((u) => u.email), [
        "admin@example.com",
        "ada@example.com",
        "new@example.com"
      ])
      const fromExport = yield* OrgSync.plan(exported, { mode: "exact" })
      assert.deepStrictEqual([fromExport.changes, fromExport.skipped], [[], []])
    }).pipe(Effect.provide(recorded({ seedUsers }))))

  it.effect("paces creates and updates to sliding windows on the Clock: never more than the limit in a window", () =>
    Effect.gen(function*() {
      const desired = {
        users: [
          ...Array.from({ length: 25 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] })),
          { email: "admin@example.com", roles: ["admin"] },
          ...Array.from({ length: 12 }, (_, i) => ({ email: `user-${i}@example.com`, roles: ["read-only"] }))
        ]
      }
      const plan = yield* OrgSync.plan(desired)
      const events = yield* Effect.fork(Stream.runCollect(OrgSync.applyEvents(plan, {
        rateLimits: { create: 10, update: 5, windowMillis: 60_000, marginMillis: 0 }
      })))
      yield* TestClock.adjust("59 seconds")
      const early = yield* writes
      assert.strictEqual(early.filter((c) => c.op === "create").length, 10)
      assert.strictEqual(early.filter((c) => c.op === "update").length, 5)
      yield* TestClock.adjust("5 minutes")
      const all = Chunk.toReadonlyArray(yield* Fiber.join(events))
      const calls = yield* writes
      const creates = calls.filter((c) => c.op === "create").map((c) => c.at)
      const updates = calls.filter((c) => c.op === "update").map((c) => c.at)
      assert.deepStrictEqual([creates.length, updates.length], [25, 12])
      assert.isTrue(RateWindow.keepsTo(creates, { limit: 10, windowMillis: 60_000 }))
      assert.isTrue(RateWindow.keepsTo(updates, { limit: 5, windowMillis: 60_000 }))
      // and no slower than the limits require: the last create at 2 minutes, the last update at 2 minutes
      assert.strictEqual(Math.max(...creates), 120_000)
      assert.strictEqual(Math.max(...updates), 120_000)
      const first = all[0]
      assert.deepStrictEqual(first, { _tag: "Started", total: 37, estimatedMillis: 120_000 })
      const last = all[all.length - 2]
      assert.strictEqual(last?._tag === "Result" && last.done, 37)
      assert.strictEqual(last?._tag === "Result" && last.remainingMillis, 0)
      const finished = all[all.length - 1]
      assert.deepStrictEqual(
        finished?._tag === "Finished" && [finished.result.applied, finished.result.results.map((r) => r.index)],
        [37, plan.changes.map((_, i) => i)]
      )
    }).pipe(Effect.provide(recorded({
      seedUsers: Array.from({ length: 12 }, (_, i) => ({ email: `user-${i}@example.com`, roles: ["member"] }))
    }))))

  it.effect("keeps at most `concurrency` requests in flight in each lane", () =>
    Effect.gen(function*() {
      const memory = yield* InMemoryUsers.InMemoryUsers
      let inFlight = 0
      let most = 0
      const slow = <A, E>(self: Effect.Effect<A, E>) =>
        Effect.acquireUseRelease(
          Effect.sync(() => (most = Math.max(most, ++inFlight))),
          () => Effect.zipRight(Effect.sleep("1 second"), self),
          () => Effect.sync(() => inFlight--)
        )
      const plan = yield* OrgSync.plan({
        users: Array.from({ length: 12 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
      })
      const fiber = yield* Effect.fork(
        OrgSync.apply(plan, { rateLimits: false, concurrency: 3 }).pipe(
          Effect.provideService(Users.Users, { ...memory.client, create: (input) => slow(memory.client.create(input)) })
        )
      )
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(result.applied, 12)
      assert.strictEqual(most, 3)
    }).pipe(Effect.provide(recorded({ seedUsers }))))

  it.effect("stops after maxFailures: one result per change, the rest not attempted", () =>
    Effect.gen(function*() {
      const plan = yield* OrgSync.plan({
        users: Array.from({ length: 6 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
      })
      // a member cannot create users: every create is refused with 403
      const memory = yield* InMemoryUsers.InMemoryUsers
      const result = yield* OrgSync.apply(plan, { rateLimits: false, concurrency: 1, maxFailures: 2 }).pipe(
        memory.withCaller("grace@example.com")
      )
      assert.deepStrictEqual(result.results.map((r) => r.outcome), [
        "failed",
        "failed",
        "not-attempted",
        "not-attempted",
        "not-attempted",
        "not-attempted"
      ])
      const failed = result.results[0]
      assert.strictEqual(failed?.outcome === "failed" && failed.error._tag, "Forbidden")
      const events = yield* Stream.runCollect(
        OrgSync.applyEvents(plan, { rateLimits: false, concurrency: 1, maxFailures: 2 }).pipe(
          Stream.provideSomeLayer(Layer.succeed(
            Users.Users,
            Users.Users.of({
              ...memory.client,
              create: (input) => memory.withCaller("grace@example.com")(memory.client.create(input))
            })
          ))
        )
      )
      const stopped = Chunk.toReadonlyArray(events).find((e) => e._tag === "Stopped")
      assert.deepStrictEqual(stopped, { _tag: "Stopped", failed: 2, notAttempted: 4 })
      assert.deepStrictEqual(Chunk.toReadonlyArray(events).map((e) => e._tag).slice(-2), ["Stopped", "Finished"])
    }).pipe(Effect.provide(recorded({ seedUsers }))))

  it.effect("an interrupted apply resumes: planning again and applying finishes with no duplicate and nothing lost", () =>
    Effect.gen(function*() {
      const desired = {
        users: [
          { email: "admin@example.com", roles: ["admin"] },
          ...Array.from({ length: 15 }, (_, i) => ({ email: `new-${i}@example.com`, roles: ["member"] }))
        ]
      }
      const plan = yield* OrgSync.plan(desired)
      const fiber = yield* Effect.fork(OrgSync.apply(plan, { rateLimits: { create: 10, update: 50 } }))
      yield* TestClock.adjust("30 seconds")
      yield* Fiber.interrupt(fiber)
      const memory = yield* InMemoryUsers.InMemoryUsers
      assert.strictEqual((yield* memory.users).length, 1 + 3 + 10)
      const rest = yield* OrgSync.plan(desired)
      assert.strictEqual(rest.changes.length, 5)
      const resumed = yield* Effect.fork(OrgSync.apply(rest))
      yield* TestClock.adjust("2 minutes")
      const exit = yield* Fiber.await(resumed)
      assert.isTrue(Exit.isSuccess(exit))
      const emails = (yield* memory.users).map((u) => u.email)
      assert.strictEqual(new Set(emails).size, emails.length)
      assert.strictEqual(emails.length, 1 + 3 + 15)
      assert.isTrue(OrgSync.isEmpty(yield* OrgSync.plan(desired)))
    }).pipe(Effect.provide(recorded({ seedUsers }))))
})
