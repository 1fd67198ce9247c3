import { FetchHttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { afterEach, assert, describe, it } from "@effect/vitest"
import { ConfigError, Effect, Exit, Scope } from "effect"
import { Policy, RocksetError } from "effect-rockset"
import { Emulator, Fault } from "effect-rockset/emulator"
import { RocksetClient } from "effect-rockset/promise"
import type { ServerResponse } from "node:http"
import { operationNames } from "../src/core/operations.js"
import { createdUser, errorBody } from "./fixtures/live.js"
import { canaryKey } from "./helpers.js"
import { misconfiguredClients } from "./scenarios/config.js"
import { eventually, type LoopbackServer, startLoopbackServer } from "./support/loopbackServer.js"

let server: LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const json = (status: number, body: unknown) => (_: unknown, response: ServerResponse) => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify(body))
}

describe("Promise facade", () => {
  it("resolves with the decoded value", async () => {
    server = await startLoopbackServer(json(200, { data: [createdUser] }))
    const client = RocksetClient.make({ apiKey: canaryKey, apiServer: server.url })
    const users = await client.list()
    assert.strictEqual(users[0]?.email, createdUser.email)
    await client.dispose()
  })

  it("rejects with the same tagged error instances: instanceof and _tag both work", async () => {
    server = await startLoopbackServer(json(404, errorBody("NOTFOUND", "User not found")))
    const client = RocksetClient.make({ apiKey: canaryKey, apiServer: server.url })
    const error = await client.get("ada@example.com").then(() => undefined, (e: unknown) => e)
    assert.instanceOf(error, RocksetError.NotFound)
    assert.strictEqual((error as RocksetError.NotFound)._tag, "NotFound")
    assert.strictEqual((error as RocksetError.NotFound).body?.type, "NOTFOUND")
    const invalid = await client.get("").then(() => undefined, (e: unknown) => e)
    assert.instanceOf(invalid, RocksetError.InvalidRequest)
    assert.strictEqual(server.requests().length, 1)
    await client.dispose()
  })

  it("an AbortSignal cancels the request in flight, and the server sees the connection close", async () => {
    server = await startLoopbackServer(() => {
      // never answers
    })
    const client = RocksetClient.make({
      apiKey: canaryKey,
      apiServer: server.url,
      httpClient: NodeHttpClient.layerUndici
    })
    const controller = new AbortController()
    const pending = client.list({ signal: controller.signal }).then(() => undefined, (e: unknown) => e)
    const current = server
    await eventually(() => current.requests().length === 1)
    assert.strictEqual(current.openSockets(), 1)
    controller.abort("the user went away")
    const error = await pending
    assert.instanceOf(error, RocksetClient.Aborted)
    assert.instanceOf(error, Error)
    assert.strictEqual(error.name, "AbortError")
    assert.strictEqual(error._tag, "Aborted")
    assert.strictEqual(error.reason, "the user went away")
    assert.strictEqual(error.operation, "list")
    await eventually(() => current.openSockets() === 0)
    await client.dispose()
  })

  it("dispose() closes the pooled connections", async () => {
    server = await startLoopbackServer(json(200, createdUser))
    const client = RocksetClient.make({
      apiKey: canaryKey,
      apiServer: server.url,
      httpClient: NodeHttpClient.layerUndici
    })
    await client.getCurrentUser()
    await client.getCurrentUser()
    assert.isAtLeast(server.openSockets(), 1)
    await client.dispose()
    const current = server
    await eventually(() => current.openSockets() === 0)
    const after = await client.getCurrentUser().then(() => undefined, (e: unknown) => e)
    assert.instanceOf(after, RocksetClient.ClientClosed)
    assert.instanceOf(after, Error)
    assert.strictEqual((after as RocksetClient.ClientError)._tag, "ClientClosed")
    assert.strictEqual((after as Error).message, "Users.getCurrentUser: the client was disposed; make a new one")
    assert.strictEqual(server.requests().length, 2)
  })

  it("a call after dispose() rejects with ClientClosed, also without a call before it, and sends nothing", async () => {
    server = await startLoopbackServer(json(200, createdUser))
    const client = RocksetClient.make({ apiKey: canaryKey, apiServer: server.url })
    await client[Symbol.asyncDispose]()
    for (const call of [() => client.list(), () => client.create({ email: "a@example.com", roles: ["member"] })]) {
      const error = await call().then(() => undefined, (e: unknown) => e)
      assert.instanceOf(error, RocksetClient.ClientClosed)
    }
    assert.strictEqual(server.requests().length, 0)
  })

  it("a per-call policy applies to that call only", async () => {
    let calls = 0
    server = await startLoopbackServer((_, response) => {
      calls++
      response.writeHead(calls === 1 ? 503 : 200, { "content-type": "application/json" })
      response.end(JSON.stringify(calls === 1 ? errorBody("NOT_READY", "x") : createdUser))
    })
    const client = RocksetClient.make({ apiKey: canaryKey, apiServer: server.url })
    const error = await client.getCurrentUser({ policy: Policy.noRetry }).then(() => undefined, (e: unknown) => e)
    assert.instanceOf(error, RocksetError.NotReady)
    assert.strictEqual((await client.getCurrentUser()).email, createdUser.email)
    await client.dispose()
  })

  const rejection = (promise: Promise<unknown>) =>
    promise.then(() => assert.fail("resolved"), (e: unknown) => e as RocksetClient.ClientError)

  it("a server or key that is not allowed rejects every call with InvalidConfig, an Error, sending nothing", async () => {
    server = await startLoopbackServer(json(200, createdUser))
    for (const [options, detail] of misconfiguredClients(server.url)) {
      const client = RocksetClient.make(options)
      for (const error of [await rejection(client.list()), await rejection(client.get("ada@example.com"))]) {
        assert.instanceOf(error, RocksetClient.InvalidConfig)
        assert.instanceOf(error, Error)
        assert.isFalse(ConfigError.isConfigError(error))
        assert.strictEqual(error._tag, "InvalidConfig")
        assert.include(error.message, detail)
        assert.include(error.message, "nothing was sent")
        assert.notInclude(error.message, canaryKey)
        assert.notInclude(error.message, "Invalid data at")
      }
      await client.dispose()
    }
    assert.strictEqual(server.requests().length, 0)
  })

  it("fromEnv without ROCKSET_APIKEY rejects with InvalidConfig saying what to set", async () => {
    const saved = process.env.ROCKSET_APIKEY
    delete process.env.ROCKSET_APIKEY
    try {
      const client = RocksetClient.fromEnv()
      const error = await rejection(client.getCurrentUser())
      assert.instanceOf(error, RocksetClient.InvalidConfig)
      assert.include(error.message, "set ROCKSET_APIKEY")
      await client.dispose()
    } finally {
      if (saved !== undefined) process.env.ROCKSET_APIKEY = saved
    }
  })

  it("options accept undefined for every optional field (exactOptionalPropertyTypes)", async () => {
    server = await startLoopbackServer(json(200, createdUser))
    const client = RocksetClient.make({
      apiKey: canaryKey,
      apiServer: server.url,
      httpClient: undefined,
      policy: undefined,
      userAgent: undefined
    })
    assert.strictEqual((await client.getCurrentUser({ signal: undefined, policy: undefined })).email, createdUser.email)
    await client.dispose()
  })

  it("fromEnv reads ROCKSET_APIKEY and ROCKSET_APISERVER", async () => {
    server = await startLoopbackServer(json(200, createdUser))
    const saved = { key: process.env.ROCKSET_APIKEY, host: process.env.ROCKSET_APISERVER }
    process.env.ROCKSET_APIKEY = canaryKey
    process.env.ROCKSET_APISERVER = server.url
    try {
      const client = RocksetClient.fromEnv()
      assert.strictEqual((await client.getCurrentUser()).email, createdUser.email)
      await client.dispose()
    } finally {
      if (saved.key === undefined) delete process.env.ROCKSET_APIKEY
      else process.env.ROCKSET_APIKEY = saved.key
      if (saved.host === undefined) delete process.env.ROCKSET_APISERVER
      else process.env.ROCKSET_APISERVER = saved.host
    }
  })
})

describe("Promise facade against the emulator", () => {
  for (
    const [name, httpClient] of [["fetch", FetchHttpClient.layer], ["undici", NodeHttpClient.layerUndici]] as const
  ) {
    it(`${name}: aborting a call closes its connection on the emulator at once`, async () => {
      const scope = Effect.runSync(Scope.make())
      const emulator = await Effect.runPromise(Emulator.make({ rateLimits: false }).pipe(Scope.extend(scope)))
      try {
        await Effect.runPromise(emulator.faults.add({ operation: "list", action: Fault.stall() }))
        const client = RocksetClient.make({ apiKey: emulator.adminKey, apiServer: emulator.url, httpClient })
        const connections = () => Effect.runSync(emulator.openConnections)
        const controller = new AbortController()
        const pending = client.list({ signal: controller.signal }).then(() => undefined, (e: unknown) => e)
        await eventually(() => Effect.runSync(emulator.requests).some((request) => request.operation === "list"))
        // the stalled call holds the only connection
        assert.strictEqual(connections(), 1)
        controller.abort()
        assert.strictEqual(((await pending) as Error).name, "AbortError")
        await eventually(() => connections() === 0, 1_000)
        await client.dispose()
      } finally {
        await Effect.runPromise(Scope.close(scope, Exit.void))
      }
    })
  }
})

describe("the client's methods are the operation table's", () => {
  it("has one method per operation, each taking the table's arguments and then the call's options", async () => {
    const client = RocksetClient.make({ apiKey: canaryKey, apiServer: "http://127.0.0.1:9" })
    assert.deepStrictEqual(
      Object.keys(client).filter((key) => key !== "dispose").sort(),
      [...operationNames].sort()
    )
    const typed = (): void => {
      void client.get("ada@example.com", { signal: AbortSignal.timeout(1) })
      void client.list({ policy: Policy.noRetry })
      void client.update("ada@example.com", { roles: ["member"] }, {})
      // @ts-expect-error get needs the user's email
      void client.get()
      // @ts-expect-error list takes no input
      void client.list({ email: "ada@example.com" }, {})
    }
    assert.isFunction(typed)
    const refused = await client.get("self").then(() => undefined, (error: RocksetClient.ClientError) => error)
    assert.strictEqual(refused?._tag, "InvalidRequest")
    await client.dispose()
  })
})
