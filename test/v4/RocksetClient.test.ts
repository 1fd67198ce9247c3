import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { operationNames } from "../../src/core/operations.js"
import * as Emulator from "../../src/v4/emulator/Emulator.js"
import * as Fault from "../../src/v4/emulator/Fault.js"
import { Policy, RocksetError } from "../../src/v4/index.js"
import { RocksetClient } from "../../src/v4/promise/index.js"
import { misconfiguredClients } from "../scenarios/config.js"
import { eventually } from "../scenarios/loopbackServer.js"
import { canaryKey, leaks } from "../scenarios/secrets.js"

/** An emulator whose admin key is the canary, for the life of `use`. */
const withEmulator = async (use: (emulator: Emulator.Service) => Promise<void>): Promise<void> => {
  const scope = Effect.runSync(Scope.make())
  try {
    const emulator = await Effect.runPromise(
      Emulator.make({ rateLimits: false, adminKey: canaryKey }).pipe(Scope.provide(scope))
    )
    await use(emulator)
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(() => assert.fail("resolved"), (e: unknown) => e as RocksetClient.ClientError)

/** No form of the key in anything an error shows. */
const keyFree = (error: unknown) => {
  const shown = [String(error), (error as Error).message, JSON.stringify(error), (error as Error).stack ?? ""].join(
    "\n"
  )
  assert.deepStrictEqual(leaks(shown, canaryKey), [])
}

const requestCount = (emulator: Emulator.Service) => Effect.runSync(emulator.requests).length

describe("RocksetClient (Effect 4 Promise client)", () => {
  it("has one method per operation of the table, and every method works against the emulator", () =>
    withEmulator(async (emulator) => {
      const client = RocksetClient.make({ apiKey: canaryKey, apiServer: emulator.url })
      assert.deepStrictEqual(
        Object.keys(client).filter((key) => key !== "dispose").sort(),
        [...operationNames].sort()
      )
      const created = await client.create({ email: "Ada@example.com", roles: ["member"] })
      assert.strictEqual(created.email, "ada@example.com")
      assert.strictEqual((await client.get("ada@example.com")).email, "ada@example.com")
      assert.deepStrictEqual((await client.update("ada@example.com", { roles: ["admin"] })).roles, ["admin"])
      assert.deepStrictEqual((await client.list()).map((user) => user.email).sort(), [
        "ada@example.com",
        "admin@example.com"
      ])
      assert.strictEqual((await client.getCurrentUser({ policy: Policy.noRetry })).email, "admin@example.com")
      const preferences = await client.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
      assert.deepStrictEqual(preferences.map((p) => p.notificationType), ["create_apikey"])
      assert.deepStrictEqual((await client.listUnsubscribePreferences()).map((p) => p.notificationType), [
        "create_apikey"
      ])
      assert.strictEqual((await client.deleteUser("ada@example.com", {})).email, "ada@example.com")
      const typed = (): void => {
        void client.get("ada@example.com", { signal: AbortSignal.timeout(1) })
        // @ts-expect-error get needs the user's email
        void client.get()
        // @ts-expect-error list takes no input
        void client.list({ email: "ada@example.com" }, {})
      }
      assert.isFunction(typed)
      await client.dispose()
    }))

  it("rejects with the v4 RocksetError instances: instanceof and _tag both work, and no key in them", () =>
    withEmulator(async (emulator) => {
      const client = RocksetClient.make({ apiKey: canaryKey, apiServer: emulator.url })
      const missing = await rejection(client.get("nobody@example.com"))
      assert.instanceOf(missing, RocksetError.NotFound)
      assert.isTrue(RocksetError.isRocksetError(missing))
      assert.strictEqual(missing._tag, "NotFound")
      keyFree(missing)
      const before = requestCount(emulator)
      const invalid = await rejection(client.get("self"))
      assert.instanceOf(invalid, RocksetError.InvalidRequest)
      assert.strictEqual(requestCount(emulator), before)
      const other = RocksetClient.make({ apiKey: "rs_not_a_key_of_this_org", apiServer: emulator.url })
      assert.instanceOf(await rejection(other.list()), RocksetError.Unauthorized)
      await Promise.all([client.dispose(), other.dispose()])
    }))

  it("a server or key that is not allowed rejects every call with InvalidConfig before any I/O", () =>
    withEmulator(async (emulator) => {
      for (const [options, detail] of misconfiguredClients(emulator.url)) {
        const client = RocksetClient.make(options)
        for (const error of [await rejection(client.list()), await rejection(client.get("ada@example.com"))]) {
          assert.instanceOf(error, RocksetClient.InvalidConfig)
          assert.instanceOf(error, Error)
          assert.strictEqual(error._tag, "InvalidConfig")
          assert.include(error.message, detail)
          assert.include(error.message, "nothing was sent")
          keyFree(error)
        }
        await client.dispose()
      }
      assert.strictEqual(requestCount(emulator), 0)
      const saved = process.env.ROCKSET_APIKEY
      delete process.env.ROCKSET_APIKEY
      try {
        const fromEnv = RocksetClient.fromEnv()
        const error = await rejection(fromEnv.getCurrentUser())
        assert.instanceOf(error, RocksetClient.InvalidConfig)
        assert.include(error.message, "ROCKSET_APIKEY")
        await fromEnv.dispose()
      } finally {
        if (saved !== undefined) process.env.ROCKSET_APIKEY = saved
      }
    }))

  it("aborting a call through its signal rejects with Aborted and closes its request on the emulator", () =>
    withEmulator(async (emulator) => {
      await Effect.runPromise(emulator.faults.add({ operation: "list", action: Fault.stall() }))
      const client = RocksetClient.make({ apiKey: canaryKey, apiServer: emulator.url })
      const controller = new AbortController()
      const pending = rejection(client.list({ signal: controller.signal }))
      await eventually(() => Effect.runSync(emulator.requests).some((request) => request.operation === "list"))
      assert.strictEqual(Effect.runSync(emulator.openConnections), 1)
      controller.abort("the user went away")
      const error = await pending
      assert.instanceOf(error, RocksetClient.Aborted)
      assert.instanceOf(error, Error)
      assert.strictEqual(error.name, "AbortError")
      if (error._tag === "Aborted") {
        assert.strictEqual(error.reason, "the user went away")
        assert.strictEqual(error.operation, "list")
      }
      keyFree(error)
      await eventually(() => Effect.runSync(emulator.openConnections) === 0, 5_000)
      await client.dispose()
    }))

  it("after dispose() every call rejects with ClientClosed and sends nothing", () =>
    withEmulator(async (emulator) => {
      const client = RocksetClient.make({ apiKey: canaryKey, apiServer: emulator.url })
      await client.getCurrentUser()
      await client[Symbol.asyncDispose]()
      const before = requestCount(emulator)
      for (const call of [() => client.list(), () => client.create({ email: "a@example.com", roles: ["member"] })]) {
        const error = await rejection(call())
        assert.instanceOf(error, RocksetClient.ClientClosed)
        assert.strictEqual(
          error.message,
          `Users.${error._tag === "ClientClosed" ? error.operation : ""}: the client was disposed; make a new one`
        )
        keyFree(error)
      }
      assert.strictEqual(requestCount(emulator), before)
    }))
})
