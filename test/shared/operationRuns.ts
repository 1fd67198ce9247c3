/**
 * The runs of test/scenarios/operations.ts that both editions make: every operation on the wire and the decoding
 * cases, against whatever far end a test gives (a
 * scripted `HttpClient`, a loopback server through a runtime), and the operations' types.
 */
import { assert, expectTypeOf, it } from "@effect/vitest"
import type { HttpClient } from "@test/edition"
import { Effect, Exit } from "effect"
import type { ApiKey, RocksetError, Users, UsersSchema } from "effect-rockset"
import { base, decodeCases, type Reply, requestHeaders, wireCases } from "../scenarios/operations.js"
import { callOf } from "./callOf.js"

/** A request as the far end saw it. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string | undefined
}

/**
 * Runs an operation against a far end that answers `reply` to every request, with no retries: its exit, and
 * the requests the far end saw (their `url` on the default API server's origin).
 */
export type Run = <A, E>(
  effect: Effect.Effect<A, E, Users.Requirements>,
  reply: Reply
) => Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly requests: ReadonlyArray<Seen> }>

/** Each case of `wireCases` and `decodeCases`, as a test of its own, run by `run`. */
export const operationRuns = (run: Run): void => {
  for (const c of wireCases) {
    it.live(`${c.name}: sends ${c.method} ${c.path} and decodes the live-shaped body`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* run(callOf(c), { status: 200, json: c.response })
        assert.deepStrictEqual(exit, Exit.succeed(c.expected))
        assert.strictEqual(requests.length, 1)
        const [request] = requests
        assert.strictEqual(request?.method, c.method)
        assert.strictEqual(request?.url, `${base}${c.path}`)
        for (const [name, value] of Object.entries(requestHeaders)) {
          assert.strictEqual(request?.headers[name], value, name)
        }
        if (c.body === undefined) {
          assert.strictEqual(request?.body, undefined)
          assert.strictEqual(request?.headers["content-type"], undefined)
        } else {
          assert.deepStrictEqual(JSON.parse(request?.body ?? "null"), c.body)
          assert.strictEqual(request?.headers["content-type"], "application/json")
        }
      }))
  }

  for (const c of decodeCases) {
    it.live(c.name, () =>
      Effect.gen(function*() {
        const { exit } = yield* run(callOf(c), c.reply)
        const expect = c.expect
        if ("value" in expect) return assert.deepStrictEqual(exit, Exit.succeed(expect.value))
        if ("fields" in expect) {
          assert.isTrue(Exit.isSuccess(exit))
          if (!Exit.isSuccess(exit)) return
          const value = exit.value as Readonly<Record<string, unknown>>
          for (const [field, expected] of Object.entries(expect.fields)) {
            assert.deepStrictEqual(value[field], expected, field)
          }
          return
        }
        assert.isTrue(Exit.isFailure(exit))
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error._tag, "Decode")
        assert.strictEqual(error._tag === "Decode" && error.reason, expect.decode)
        if (expect.detailIncludes !== undefined) {
          assert.include(error._tag === "Decode" ? error.detail : "", expect.detailIncludes)
        }
      }))
  }
}

/** The operations' requirements, errors and values, as types (a test that checks them when it compiles). */
export const operationTypes = (): void => {
  it("each operation requires exactly HttpClient | ApiKey and lists its errors", () => {
    type R<T> = T extends Effect.Effect<infer _A, infer _E, infer R> ? R : never
    type E<T> = T extends Effect.Effect<infer _A, infer E, infer _R> ? E : never
    type A<T> = T extends Effect.Effect<infer A, infer _E, infer _R> ? A : never
    type Requirements = HttpClient.HttpClient | ApiKey.ApiKey

    expectTypeOf<R<ReturnType<typeof Users.create>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.deleteUser>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.get>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.getCurrentUser>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.list>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.updateUnsubscribePreferences>>>().toEqualTypeOf<Requirements>()
    expectTypeOf<R<ReturnType<typeof Users.update>>>().toEqualTypeOf<Requirements>()

    // Operations with input can refuse it before I/O; those without cannot.
    expectTypeOf<E<ReturnType<typeof Users.create>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.deleteUser>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.get>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.update>>>().toEqualTypeOf<RocksetError.RocksetError>()
    expectTypeOf<E<ReturnType<typeof Users.updateUnsubscribePreferences>>>().toEqualTypeOf<
      RocksetError.RocksetError
    >()
    expectTypeOf<E<ReturnType<typeof Users.getCurrentUser>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<E<ReturnType<typeof Users.list>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<E<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<RocksetError.CallError>()
    expectTypeOf<RocksetError.CallError>().not.toExtend<RocksetError.InvalidRequest>()

    expectTypeOf<A<ReturnType<typeof Users.create>>>().toEqualTypeOf<UsersSchema.User>()
    expectTypeOf<A<ReturnType<typeof Users.list>>>().toEqualTypeOf<ReadonlyArray<UsersSchema.User>>()
    expectTypeOf<A<ReturnType<typeof Users.listUnsubscribePreferences>>>().toEqualTypeOf<
      ReadonlyArray<UsersSchema.UnsubscribePreference>
    >()
    expectTypeOf<Users.Service["list"]>().returns.toEqualTypeOf<
      Effect.Effect<ReadonlyArray<UsersSchema.User>, RocksetError.CallError>
    >()
  })
}
