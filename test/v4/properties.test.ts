/**
 * The properties of test/scenarios/properties.ts, run by the Effect 4 edition with fast-check (the same
 * generators and seed as the Effect 3 runner) against a scripted `HttpClient`, on the test clock.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Redacted from "effect/Redacted"
import fc from "fast-check"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as Policy from "../../src/v4/Policy.js"
import * as Users from "../../src/v4/Users.js"
import {
  arbitraryResponseMismatches,
  arbitraryResponseRuns,
  arbitraryResponses,
  createMismatches,
  createServer,
  createUnderFaults,
  createUnderFaultsRuns,
  hostileUsers,
  type ScriptedReply,
  seed,
  userValueMismatches,
  userValues
} from "../scenarios/properties.js"
import { canaryKey } from "../scenarios/secrets.js"
import { callOf } from "./helpers.js"
import { drive, plainOutcome } from "./outcomes.js"

interface Seen {
  readonly method: string
  readonly path: string
  readonly body: string | undefined
}

const nullBody = new Set([204, 205, 304])

/** A scripted `HttpClient`: each request gets what `handle` says; it records them and counts those in flight. */
const scripted = (handle: (request: Seen) => ScriptedReply) => {
  const requests: Array<Seen> = []
  let inFlight = 0
  const client = HttpClient.make((request, url) => {
    const seen: Seen = {
      method: request.method,
      path: url.pathname + url.search,
      body: request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : undefined
    }
    requests.push(seen)
    const reply = handle(seen)
    switch (reply.kind) {
      case "never":
        return Effect.suspend(() => {
          inFlight++
          return Effect.never
        }).pipe(Effect.onInterrupt(() => Effect.sync(() => inFlight--)))
      case "transportFailure":
        return Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({
              request,
              cause: Object.assign(new Error(`scripted ${reply.code}`), { code: reply.code })
            })
          })
        )
      case "json":
      case "text":
        return Effect.succeed(HttpClientResponse.fromWeb(
          request,
          // a web Response refuses a body on the statuses that have none
          new Response(
            nullBody.has(reply.status) ? null : reply.kind === "json" ? JSON.stringify(reply.body) : reply.body,
            {
              status: reply.status,
              headers: reply.kind === "json" ? { "content-type": "application/json" } : reply.headers
            }
          )
        ))
    }
  })
  return { client, requests: () => requests, inFlight: () => inFlight }
}

/** A scripted client playing `replies` in order (the last one repeats). */
const playing = (replies: ReadonlyArray<ScriptedReply>) => {
  let next = 0
  return scripted(() => replies[Math.min(next++, replies.length - 1)] ?? { kind: "never" })
}

/** Checks a property of fast-check's, each run an Effect. */
const property = <Ts extends [unknown, ...Array<unknown>]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  run: (...values: Ts) => Effect.Effect<void>,
  numRuns: number
) =>
  Effect.promise(() =>
    fc.assert(
      fc.asyncProperty(...arbitraries, (...values: Ts) => Effect.runPromise(run(...values))),
      { seed, numRuns }
    )
  )

describe("{user} values (Effect 4)", () => {
  it.live(
    "any string either goes as one path segment that decodes back, or is refused before I/O",
    () =>
      property<[string]>([hostileUsers(fc)], (user) =>
        Effect.gen(function*() {
          const client = playing([{ kind: "json", status: userValues.reply.status, body: userValues.reply.json }])
          const exit = yield* Users.get(user).pipe(
            Effect.provideService(HttpClient.HttpClient, client.client),
            Effect.provideService(ApiKey, Redacted.make(canaryKey)),
            Effect.exit
          )
          const paths = client.requests().map((request) => request.path)
          assert.deepStrictEqual(userValueMismatches(user, plainOutcome(exit), paths), [])
        }), userValues.numRuns),
    userValues.timeoutMillis
  )
})

describe("arbitrary responses (Effect 4)", () => {
  const table = arbitraryResponses

  it.live(
    "always end typed within the deadline, with at most 3 attempts",
    () =>
      property(
        arbitraryResponseRuns(fc),
        (replies, call) =>
          Effect.gen(function*() {
            const client = playing(replies)
            const { elapsed, exit } = yield* drive(callOf(call), client.client)
            assert.deepStrictEqual(
              arbitraryResponseMismatches(call, plainOutcome(exit), {
                requests: client.requests().length,
                elapsedMillis: elapsed,
                totalTimeoutMillis: Duration.toMillis(Policy.defaultPolicy.totalTimeout),
                inFlight: client.inFlight()
              }),
              []
            )
          }),
        table.numRuns
      ),
    table.timeoutMillis
  )
})

describe("create under random faults (Effect 4)", () => {
  const table = createUnderFaults

  it.live(
    "never creates more than one user per call, and a success means the user exists as asked",
    () =>
      property(createUnderFaultsRuns(fc), (script, strict) =>
        Effect.gen(function*() {
          const server = createServer(script)
          const client = scripted((request) => server.handle(request))
          const policy = Policy.defaultPolicy.pipe(
            Policy.withRetryBudget(false),
            Policy.withAmbiguousCreate(strict ? "fail" : "recover")
          )
          const { exit } = yield* drive(callOf(table.call), client.client, policy)
          assert.deepStrictEqual(createMismatches(script, strict, plainOutcome(exit), server), [])
        }), table.numRuns),
    table.timeoutMillis
  )
})
