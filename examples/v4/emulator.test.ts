/**
 * Testing against the emulator on Effect 4: script a fault, check what the client did. `it.live` (Effect 3's
 * `it.scopedLive`) runs on the real clock, with a scope. `npm run test:v4` runs it on Node 22.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { Users } from "effect-rockset/v4"
import { Emulator, Fault } from "effect-rockset/v4/emulator"

it.live("retries a 503", () =>
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
