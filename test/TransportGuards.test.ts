import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, Users } from "effect-rockset"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import * as Https from "node:https"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createdUser } from "./fixtures/live.js"
import { canaryKey } from "./helpers.js"
import { type LoopbackServer, startLoopbackServer } from "./support/loopbackServer.js"

const runtimes: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["node:http", NodeHttpClient.layer]
]

const call = <A, E>(
  effect: Effect.Effect<A, E, Users.Requirements>,
  server: string,
  runtime: Layer.Layer<HttpClient.HttpClient>
) =>
  effect.pipe(
    Policy.withPolicy(Policy.defaultPolicy.pipe(Policy.withRetryBudget(false))),
    Effect.provide(Layer.mergeAll(ApiKey.layer(Redacted.make(canaryKey)), ApiServer.layer(server), runtime)),
    Effect.exit
  )

describe("redirects to another origin", () => {
  let foreign: LoopbackServer
  let origin: LoopbackServer
  beforeAll(async () => {
    foreign = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify({ data: [createdUser] }))
    })
    origin = await startLoopbackServer((_, response) => {
      response.writeHead(307, { location: `${foreign.url}/v1/orgs/self/users` })
      response.end()
    })
  })
  afterAll(async () => {
    await foreign.close()
    await origin.close()
  })

  for (const [name, runtime] of runtimes) {
    it.live(`${name}: a 307 is not followed, not retried, and the other origin receives nothing`, () =>
      Effect.gen(function*() {
        const before = origin.requests().length
        const exit = yield* call(Users.list(), origin.url, runtime)
        assert.isTrue(Exit.isFailure(exit))
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error._tag, "UnexpectedStatus")
        assert.strictEqual(error._tag === "UnexpectedStatus" && error.status, 307)
        assert.strictEqual(origin.requests().length - before, 1)
        assert.strictEqual(foreign.requests().length, 0)
      }))
  }
})

describe("TLS verification is never turned off", () => {
  let dir: string
  let server: Https.Server
  let url: string
  let hits = 0
  let connections = 0
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "effect-rockset-tls-"))
    execFileSync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem")
    ], { stdio: "ignore" })
    server = Https.createServer(
      { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
      (_, response) => {
        hits++
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ data: [] }))
      }
    )
    server.on("connection", () => connections++)
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  for (const [name, runtime] of runtimes) {
    it.live(`${name}: a self-signed loopback HTTPS server is refused, once, and gets no request`, () =>
      Effect.gen(function*() {
        const before = connections
        const exit = yield* call(Users.list(), url, runtime)
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error._tag, "Transport")
        assert.strictEqual(hits, 0)
        assert.strictEqual(connections - before, 1, "a TLS failure is not retried")
        assert.notInclude(String(error), canaryKey)
      }))
  }

  it("no source file turns verification off or puts the key in a URL", () => {
    // every edition's sources, the core's and the commands'
    const files = (dir: string): Array<string> =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? files(join(dir, entry.name))
          : entry.name.endsWith(".ts")
          ? [join(dir, entry.name)]
          : []
      )
    for (const file of files(new URL("../src", import.meta.url).pathname)) {
      const source = readFileSync(file, "utf8")
      assert.notMatch(source, /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity/, file)
      assert.notMatch(source, /setUrlParam|appendUrlParam|urlParams:/, file)
    }
  })
})
