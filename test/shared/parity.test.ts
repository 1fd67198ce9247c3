/**
 * The parity scenario of test/scenarios/parity.ts, run by both editions: every operation, on the in-memory Users
 * layer and on the emulator through every runtime, with the same answers.
 */
import { assert, describe, it } from "@effect/vitest"
import { runtimes } from "@test/edition"
import { ApiKey, type RocksetError, Users } from "effect-rockset"
import { Emulator } from "effect-rockset/emulator"
import { InMemoryUsers } from "effect-rockset/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { normalise, outcomeKinds, seedUsers, type Step, steps } from "../scenarios/parity.js"

/** What the scenario needs besides the `Users` service: the same controls on either organisation. */
interface Harness {
  readonly users: Users.Service
  readonly addUser: (user: InMemoryUsers.NewUser) => Effect.Effect<void, unknown>
  readonly acceptInvite: (email: string) => Effect.Effect<void, unknown>
  /** Runs `self` as another user: with their API key on the emulator, `withCaller` in memory. */
  readonly as: (email: string) => <A, E>(self: Effect.Effect<A, E>) => Effect.Effect<A, E>
}

type Outcome = { readonly step: string; readonly ok: unknown } | { readonly step: string; readonly error: unknown }

const errorData = (error: RocksetError.RocksetError) => ({ ...error, _tag: error._tag, message: error.message })

/** Calls an operation of the service with a step's arguments, which the table gives as plain data. */
const call = (users: Users.Service, step: Extract<Step, { readonly operation: string }>) =>
  (users[step.operation] as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, RocksetError.RocksetError>)(
    ...step.args
  )

/** The scenario's steps, in order, on one organisation. */
const scenario = (harness: Harness): Effect.Effect<ReadonlyArray<Outcome>, unknown> =>
  Effect.gen(function*() {
    const outcomes: Array<Outcome> = []
    for (const step of steps) {
      if ("acceptInvite" in step) {
        yield* harness.acceptInvite(step.acceptInvite)
        continue
      }
      const run = call(harness.users, step)
      outcomes.push(
        yield* Effect.match(step.as === undefined ? run : harness.as(step.as)(run), {
          onFailure: (error): Outcome => ({ step: step.step, error: errorData(error) }),
          onSuccess: (ok): Outcome => ({ step: step.step, ok })
        })
      )
    }
    return outcomes
  })

const inMemory = Effect.gen(function*() {
  const memory = yield* InMemoryUsers.InMemoryUsers
  return yield* scenario({
    users: memory.client,
    addUser: memory.addUser,
    acceptInvite: memory.acceptInvite,
    as: memory.withCaller
  })
}).pipe(Effect.provide(InMemoryUsers.layer({ seedUsers })))

const onEmulator = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const keys = new Map<string, Redacted.Redacted<string>>()
  for (const user of seedUsers) keys.set(user.email.toLowerCase(), yield* emulator.addUser(user))
  return yield* scenario({
    users: yield* Users.Users,
    addUser: (user) => Effect.map(emulator.addUser(user), (key) => keys.set(user.email.toLowerCase(), key)),
    acceptInvite: emulator.acceptInvite,
    as: (email) => (self) => Effect.provideService(self, ApiKey.ApiKey, keys.get(email) ?? emulator.adminKey)
  })
})

describe("the in-memory Users layer and the emulator give the same answers", () => {
  for (const runtime of runtimes) {
    it.live(`the same scenario, in memory and over real sockets through ${runtime.name}`, () =>
      Effect.gen(function*() {
        const expected = yield* onEmulator.pipe(
          Effect.provide(Users.layer.pipe(Layer.provideMerge(Emulator.layerClient({ rateLimits: false })))),
          Effect.provide(runtime.layer)
        )
        const actual = yield* inMemory

        assert.strictEqual(actual.length, expected.length)
        actual.forEach((step, index) => {
          assert.deepStrictEqual(
            normalise(step),
            normalise(expected[index]),
            `step ${index + 1}: ${expected[index]?.step}`
          )
        })
        const outcomes = actual.map((step) => "ok" in step ? "ok" : (step.error as { readonly _tag: string })._tag)
        assert.deepStrictEqual([...new Set(outcomes)].sort(), outcomeKinds, "the scenario covers every kind of outcome")
      }))
  }
})
