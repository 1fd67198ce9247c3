import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted, Result } from "effect"
import { environment, regions } from "../../src/core/config.js"
import * as ApiKey from "../../src/v4/ApiKey.js"
import * as ApiServer from "../../src/v4/ApiServer.js"
import { acceptedServers, pastedKey, refusedServers, regionTypos, serverMessages } from "../scenarios/config.js"
import { canaryKey } from "../scenarios/secrets.js"

const messageOf = (input: string) => {
  const server = ApiServer.make(input)
  assert.isTrue(Result.isFailure(server), input)
  return Result.isFailure(server) ? server.failure.message : ""
}

const withEnv = (env: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromUnknown(env))

const configured = Effect.gen(function*() {
  return { key: Redacted.value(yield* ApiKey.ApiKey), server: (yield* ApiServer.ApiServer).url }
})

describe("API server (Effect 4)", () => {
  for (const [input, url] of acceptedServers) {
    it(`accepts ${input}`, () => {
      const server = ApiServer.make(input)
      assert.strictEqual(Result.isSuccess(server) && server.success.url, url)
    })
  }

  for (const input of refusedServers) {
    it.effect(`refuses ${JSON.stringify(input)}, also when the layer is built`, () =>
      Effect.gen(function*() {
        assert.isTrue(Result.isFailure(ApiServer.make(input)))
        const error = yield* Effect.flip(Layer.build(ApiServer.layer(input)))
        assert.strictEqual(error._tag, "ConfigError")
        assert.notInclude(error.message, "u:p")
      }))
  }

  for (const typo of regionTypos) {
    it(`refuses the region-shaped ${typo}, listing the regions`, () => {
      const message = messageOf(typo)
      assert.include(message, `"${typo}"`)
      for (const region of Object.keys(regions)) assert.include(message, region)
    })
  }

  it("a long alphanumeric value is never echoed as a region", () => {
    assert.notInclude(messageOf(`http://${pastedKey}`), "region")
    assert.isTrue(Result.isSuccess(ApiServer.make(pastedKey)))
  })

  it("messages name the value's origin, or nothing", () => {
    for (const [input, message] of serverMessages) assert.include(messageOf(input), message)
  })

  it.effect("the server in force is the default region's until a layer sets one", () =>
    Effect.gen(function*() {
      const url = Effect.map(Effect.service(ApiServer.ApiServer), (server) => server.url)
      assert.strictEqual(yield* url, regions.usw2a1)
      assert.strictEqual(yield* url.pipe(Effect.provide(ApiServer.layer("euc1a1"))), regions.euc1a1)
    }))
})

describe("configuration from the environment (Effect 4)", () => {
  it.effect(`${environment.apiKey} and ${environment.apiServer} set the key and the server`, () =>
    Effect.gen(function*() {
      const got = yield* configured.pipe(
        Effect.provide(ApiKey.layerConfigWithServer()),
        Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey, ROCKSET_APISERVER: "api.euc1a1.rockset.com" }))
      )
      assert.deepStrictEqual(got, { key: canaryKey, server: "https://api.euc1a1.rockset.com" })
    }))

  it.effect("unset, the server variable leaves the server in force", () =>
    Effect.gen(function*() {
      const got = yield* configured.pipe(
        Effect.provide(Layer.merge(ApiServer.layer("euc1a1"), ApiKey.layerConfigWithServer())),
        Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey }))
      )
      assert.strictEqual(got.server, regions.euc1a1)
    }))

  it.effect("a missing key is a ConfigError that says what to set", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(ApiKey.layerConfigWithServer()).pipe(Effect.provide(withEnv({})))
      )
      assert.include(error.message, environment.apiKey)
    }))

  it.effect("a malformed key or server is a ConfigError without the key in it", () =>
    Effect.gen(function*() {
      const badKey = yield* Effect.flip(
        Layer.build(ApiKey.layerConfigWithServer()).pipe(Effect.provide(withEnv({ ROCKSET_APIKEY: `${canaryKey} x` })))
      )
      assert.include(badKey.message, "API key")
      assert.notInclude(String(badKey), canaryKey)
      const badServer = yield* Effect.flip(
        Layer.build(ApiKey.layerConfigWithServer()).pipe(
          Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey, ROCKSET_APISERVER: "usw2a9" }))
        )
      )
      assert.include(badServer.message, "usw2a1, use1a1, euc1a1, rs2")
    }))

  it("the key prints as <redacted>", () => {
    const key = Redacted.make(canaryKey)
    assert.strictEqual(String(key), "<redacted>")
    assert.notInclude(JSON.stringify({ key }), canaryKey)
  })
})
