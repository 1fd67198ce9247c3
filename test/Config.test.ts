import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Exit, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, Regions, UserAgent, Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import packageJson from "../package.json" with { type: "json" }
import { createdUser } from "./fixtures/live.js"
import { canaryKey, runScripted } from "./helpers.js"
import { acceptedServers, pastedKey, refusedServers, regionTypos, serverMessages } from "./scenarios/config.js"

const onePath = (requests: ReadonlyArray<ScriptedHttp.Recorded>) => {
  assert.strictEqual(requests.length, 1)
  return requests[0]!.path
}

describe("{user} path segment", () => {
  const roundTrip = [
    "alice@example.com",
    "A+B@example.com",
    "a/b",
    "../admin",
    "a?b=c",
    "a#frag",
    "a%2Fb",
    "%2e%2e",
    "a b",
    "a;b",
    "a\r\nX-Injected: 1",
    "élève@example.com",
    "😀@example.com",
    "a/../../b",
    "//evil.example/x",
    "http://evil.example/",
    ".%2e",
    "%00",
    "a\\b",
    "a\tb",
    "a\u0000b",
    "'or'1'='1",
    "<script>"
  ]
  const prefix = "/v1/orgs/self/users/"

  for (const user of roundTrip) {
    it.effect(`${JSON.stringify(user)} goes as exactly one segment that decodes back`, () =>
      Effect.gen(function*() {
        for (const run of [Users.get(user), Users.deleteUser(user), Users.update(user, { roles: ["member"] })]) {
          const { requests } = yield* runScripted(run, [ScriptedHttp.json(200, { data: createdUser, ...createdUser })])
          const path = onePath(requests)
          assert.isTrue(path.startsWith(prefix), path)
          const segment = path.slice(prefix.length)
          assert.notInclude(segment, "/")
          assert.notInclude(segment, "?")
          assert.notInclude(segment, "#")
          assert.strictEqual(decodeURIComponent(segment), user)
        }
      }))
  }

  const refused = ["", ".", "..", "self", "SELF", "\ud800", "a\udc00b", "x".repeat(1025)]
  for (const user of refused) {
    it.effect(`${JSON.stringify(user.slice(0, 12))} is refused before any I/O`, () =>
      Effect.gen(function*() {
        for (const run of [Users.get(user), Users.deleteUser(user), Users.update(user, { roles: ["member"] })]) {
          const { exit, requests } = yield* runScripted(run, [ScriptedHttp.json(200, createdUser)])
          assert.strictEqual(requests.length, 0)
          const error = yield* Effect.flip(exit)
          assert.strictEqual(error._tag, "InvalidRequest")
          assert.strictEqual(error._tag === "InvalidRequest" && error.field, "user")
        }
      }))
  }
})

describe("input checked before any I/O", () => {
  const invalid: ReadonlyArray<
    readonly [string, Effect.Effect<unknown, unknown, HttpClient.HttpClient | ApiKey.ApiKey>, string]
  > = [
    ["no roles", Users.create({ email: "ada@example.com", roles: [] as unknown as ["member"] }), "roles"],
    ["an empty role", Users.create({ email: "ada@example.com", roles: [""] }), "roles.0"],
    ["no @ in the email", Users.create({ email: "ada.example.com", roles: ["member"] }), "email"],
    ["spaces in the email", Users.create({ email: "ada lovelace@example.com", roles: ["member"] }), "email"],
    ["no domain dot", Users.create({ email: "ada@example", roles: ["member"] }), "email"],
    ["an unknown field", Users.create({ email: "a@b.co", roles: ["x"], admin: true } as never), "admin"],
    ["update with empty roles", Users.update("a@b.co", { roles: [] as unknown as ["member"] }), "roles"],
    [
      "an empty notificationType",
      Users.updateUnsubscribePreferences({ data: [{ notificationType: "" }] }),
      "data.0.notificationType"
    ],
    ["a user that is not a string", Users.get(42 as unknown as string), "user"]
  ]
  for (const [name, run, field] of invalid) {
    it.effect(`${name}: InvalidRequest on ${field}, nothing sent, no email in the message`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* runScripted(run, [ScriptedHttp.json(200, createdUser)])
        assert.strictEqual(requests.length, 0)
        const error = yield* Effect.flip(exit)
        assert.strictEqual((error as { _tag: string })._tag, "InvalidRequest")
        const invalidRequest = error as { field: string; message: string }
        assert.strictEqual(invalidRequest.field, field)
        assert.include(invalidRequest.message, "nothing was sent")
        assert.notInclude(invalidRequest.message, "ada")
      }))
  }
})

describe("API server", () => {
  for (const [input, url] of acceptedServers) {
    it(`accepts ${input}`, () => {
      const server = ApiServer.make(input)
      assert.isTrue(Either.isRight(server))
      assert.strictEqual(Either.isRight(server) && server.right.url, url)
    })
  }

  for (const input of refusedServers) {
    it.effect(`refuses ${JSON.stringify(input)} before any request`, () =>
      Effect.gen(function*() {
        assert.isTrue(Either.isLeft(ApiServer.make(input)))
        const { exit, requests } = yield* runScripted(
          Users.list().pipe(Effect.provide(ApiServer.layer(input))),
          [ScriptedHttp.json(200, { data: [] })]
        )
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(requests.length, 0)
        const error = yield* Effect.flip(exit)
        assert.notInclude(String(error), "u:p")
      }))
  }

  const messageOf = (input: string) => {
    const server = ApiServer.make(input)
    assert.isTrue(Either.isLeft(server), input)
    return Either.isLeft(server) ? String(server.left) : ""
  }

  for (const typo of regionTypos) {
    it.effect(`refuses the region-shaped ${typo} at configuration, listing the regions`, () =>
      Effect.gen(function*() {
        const message = messageOf(typo)
        assert.include(message, `"${typo}"`)
        for (const region of Object.keys(Regions.Regions)) assert.include(message, region)
        const { exit, requests } = yield* runScripted(
          Users.list().pipe(Effect.provide(ApiServer.layer(typo))),
          [ScriptedHttp.json(200, { data: [] })]
        )
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(requests.length, 0)
      }))
  }

  it("a long alphanumeric value (an API key pasted by mistake, say) is never echoed as a region", () => {
    assert.notInclude(messageOf(`http://${pastedKey}`), "region")
    assert.isTrue(Either.isRight(ApiServer.make(pastedKey)))
  })

  it("messages name the value's origin, or nothing, but never say 'the given value'", () => {
    for (const [input, message] of serverMessages) assert.include(messageOf(input), message)
    assert.notInclude(messageOf("https://"), "given value")
  })

  it.effect("requests go to the configured server, path prefix kept", () =>
    Effect.gen(function*() {
      const { requests } = yield* runScripted(
        Users.getCurrentUser().pipe(Effect.provide(ApiServer.layer("https://proxy.example.com/rockset"))),
        [ScriptedHttp.json(200, createdUser)]
      )
      assert.strictEqual(requests[0]?.url, "https://proxy.example.com/rockset/v1/orgs/self/users/self")
    }))
})

describe("configuration from the environment", () => {
  const withEnv = (env: Record<string, string>) =>
    Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

  it.effect("ROCKSET_APIKEY and ROCKSET_APISERVER set the key and the server", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(200, createdUser)])
      yield* Users.getCurrentUser().pipe(
        Effect.provide(ApiKey.layerConfig()),
        Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey, ROCKSET_APISERVER: "api.euc1a1.rockset.com" })),
        Effect.provideService(HttpClient.HttpClient, scripted.client)
      )
      const [request] = scripted.requests()
      assert.strictEqual(request?.url, "https://api.euc1a1.rockset.com/v1/orgs/self/users/self")
      assert.strictEqual(request?.headers["authorization"], `ApiKey ${canaryKey}`)
    }))

  it.effect("without ROCKSET_APISERVER the default region is used", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(200, createdUser)])
      yield* Users.getCurrentUser().pipe(
        Effect.provide(ApiKey.layerConfig()),
        Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey })),
        Effect.provideService(HttpClient.HttpClient, scripted.client)
      )
      assert.strictEqual(scripted.requests()[0]?.url, "https://api.usw2a1.rockset.com/v1/orgs/self/users/self")
    }))

  it.effect("layerConfigWithServer is layerConfig; unset, ROCKSET_APISERVER leaves the server in force", () =>
    Effect.gen(function*() {
      assert.strictEqual(ApiKey.layerConfig, ApiKey.layerConfigWithServer)
      const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(200, createdUser)])
      yield* Users.getCurrentUser().pipe(
        Effect.provide(Layer.merge(ApiServer.layer("euc1a1"), ApiKey.layerConfigWithServer())),
        Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey })),
        Effect.provideService(HttpClient.HttpClient, scripted.client)
      )
      assert.strictEqual(scripted.requests()[0]?.url, "https://api.euc1a1.rockset.com/v1/orgs/self/users/self")
    }))

  it.effect("options may be given as undefined (exactOptionalPropertyTypes), meaning the default", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(200, createdUser)])
      yield* Users.getCurrentUser().pipe(
        Effect.provide(ApiKey.layerConfigWithServer({ apiKey: undefined, apiServer: undefined })),
        Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey, ROCKSET_APISERVER: "use1a1" })),
        Effect.provideService(HttpClient.HttpClient, scripted.client)
      )
      assert.strictEqual(scripted.requests()[0]?.url, "https://api.use1a1.rockset.com/v1/orgs/self/users/self")
    }))

  it.effect("a region typo in ROCKSET_APISERVER is refused when the layer is built", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(ApiKey.layerConfigWithServer()).pipe(
          Effect.scoped,
          Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey, ROCKSET_APISERVER: "usw2a9" }))
        )
      )
      assert.include(String(error), "usw2a1, use1a1, euc1a1, rs2")
    }))

  it.effect("a missing key is a ConfigError that says what to set", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(ApiKey.layerConfig()).pipe(Effect.scoped, Effect.provide(withEnv({})))
      )
      assert.include(String(error), "ROCKSET_APIKEY")
    }))

  it.effect("a malformed key or server is a ConfigError without the key in it", () =>
    Effect.gen(function*() {
      const badKey = yield* Effect.flip(
        Layer.build(ApiKey.layerConfig()).pipe(
          Effect.scoped,
          Effect.provide(withEnv({ ROCKSET_APIKEY: `${canaryKey} x` }))
        )
      )
      assert.include(String(badKey), "API key")
      assert.notInclude(String(badKey), canaryKey)
      const badServer = yield* Effect.flip(
        Layer.build(ApiKey.layerConfig()).pipe(
          Effect.scoped,
          Effect.provide(withEnv({ ROCKSET_APIKEY: canaryKey, ROCKSET_APISERVER: "http://api.example.com" }))
        )
      )
      assert.include(String(badServer), "http://")
    }))

  it("the key prints as <redacted>", () => {
    const key = Redacted.make(canaryKey)
    assert.strictEqual(String(key), "<redacted>")
    assert.notInclude(JSON.stringify({ key }), canaryKey)
  })
})

describe("User-Agent", () => {
  it.effect("names the library and version, and the caller can extend it", () =>
    Effect.gen(function*() {
      const { requests } = yield* runScripted(
        Users.list().pipe(UserAgent.withProduct("billing-sync/2.1"), UserAgent.withProduct("invalid product\r\n")),
        [ScriptedHttp.json(200, { data: [] })]
      )
      assert.strictEqual(requests[0]?.headers["user-agent"], `billing-sync/2.1 effect-rockset/${packageJson.version}`)
      const layered = yield* runScripted(
        Users.list().pipe(Effect.provide(UserAgent.layer("app/1"))),
        [ScriptedHttp.json(200, { data: [] })]
      )
      assert.strictEqual(layered.requests[0]?.headers["user-agent"], `app/1 effect-rockset/${packageJson.version}`)
    }))
})

describe("Users service", () => {
  it.effect("bundles the operations; values provided at the call site win", () =>
    Effect.gen(function*() {
      const scripted = yield* ScriptedHttp.make([
        ScriptedHttp.json(503, {}),
        ScriptedHttp.json(503, {}),
        ScriptedHttp.json(200, { data: [] })
      ])
      const users = yield* Effect.provide(
        Users.Users,
        Users.layer.pipe(
          Layer.provide(ApiKey.layer(Redacted.make(canaryKey))),
          Layer.provide(Layer.succeed(HttpClient.HttpClient, scripted.client)),
          Layer.provide(Policy.layer(Policy.defaultPolicy))
        )
      )
      const error = yield* Effect.flip(users.list().pipe(Policy.withPolicy(Policy.noRetry)))
      assert.strictEqual(error._tag, "NotReady")
      assert.strictEqual(scripted.requests().length, 1)
    }))
})
