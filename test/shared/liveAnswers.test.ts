/**
 * The live answers of test/scenarios/liveAnswers.ts, seen over HTTP from each edition's emulator; and the
 * client's refusal of an empty role list, before any request reaches the emulator.
 */
import { assert, describe, it } from "@effect/vitest"
import { FetchHttpClient, major } from "@test/edition"
import { Users } from "effect-rockset"
import { Emulator } from "effect-rockset/emulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import {
  afterAccepting,
  beforeAccepting,
  expectedAfterAccepting,
  expectedBeforeAccepting,
  invitedEmail
} from "../scenarios/liveAnswers.js"

const provide = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  self.pipe(Effect.provide(Layer.merge(Emulator.layerClient({ rateLimits: false }), FetchHttpClient.layer)))

describe(`the emulator answers as the live API did (Effect ${major})`, () => {
  it.live("create with no roles, accepted invites, the organisation's clusters", () =>
    provide(Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const key = Redacted.value(emulator.adminKey)
      const before = yield* Effect.promise(() => beforeAccepting(emulator.url, key))
      assert.deepStrictEqual(before, expectedBeforeAccepting)
      yield* emulator.acceptInvite(invitedEmail)
      const after = yield* Effect.promise(() => afterAccepting(emulator.url, key))
      assert.deepStrictEqual(after, expectedAfterAccepting)
    })))

  it.live("the client refuses an empty role list before any I/O", () =>
    provide(Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const sent = (yield* emulator.requests).length
      const refused = yield* Effect.flip(
        Users.create({ email: "no-roles@example.com", roles: [] as unknown as ["member"] })
      )
      assert.deepStrictEqual([refused._tag, refused._tag === "InvalidRequest" ? refused.field : ""], [
        "InvalidRequest",
        "roles"
      ])
      assert.strictEqual((yield* emulator.requests).length, sent, "no request reached the emulator")
    })))
})
