/**
 * Testing against the emulator: script a fault, check what the client did.
 * Run with `npx vitest run examples/emulator.test.ts`.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { Users } from "effect-rockset"
import { Emulator, Fault } from "effect-rockset/emulator"

it.scopedLive("retries a 503", () =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    yield* emulator.faults.add({ operation: "list", times: 2, action: Fault.status(503, { retryAfter: 1 }) })
    yield* Users.list()
    const attempts = (yield* emulator.requests).filter((r) => r.operation === "list")
    assert.deepStrictEqual(attempts.map((r) => r.status), [503, 503, 200])
  }).pipe(
    Effect.provide(Emulator.layerClient({ rateLimits: false })), // the emulator, ApiKey = its admin key, ApiServer = its URL
    Effect.provide(NodeHttpClient.layerUndici)
  ))
