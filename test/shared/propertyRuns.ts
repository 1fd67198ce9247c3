/**
 * The runs of test/scenarios/properties.ts that both editions make, one generated input at a time, against a
 * scripted `HttpClient` on the test clock: each edition's
 * properties test has fast-check make the inputs and calls these.
 */
import { assert } from "@effect/vitest"
import { firstFailure, fork, HttpClient, onlyFailure, TestClock, withSeed, withTestClock } from "@test/edition"
import { Cause, Duration, Effect, Exit, Fiber, Redacted } from "effect"
import { ApiKey, Policy, RocksetError, Users } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"
import {
  arbitraryResponseMismatches,
  type arbitraryResponses,
  type CreateFault,
  createMismatches,
  createServer,
  createUnderFaults,
  type PlainOutcome,
  type ScriptedReply,
  seed,
  userValueMismatches,
  userValues
} from "../scenarios/properties.js"
import { canaryKey } from "../scenarios/secrets.js"
import { callOf } from "./callOf.js"

const scriptedReply = (reply: ScriptedReply): ScriptedHttp.Reply => {
  switch (reply.kind) {
    case "text":
      return ScriptedHttp.text(reply.status, reply.body, reply.headers)
    case "json":
      return ScriptedHttp.json(reply.status, reply.body)
    case "transportFailure":
      return ScriptedHttp.transportFailure(reply.code)
    case "never":
      return ScriptedHttp.never
  }
}

/** Runs `effect` on `client` in a fiber, moving the test clock until it ends; returns the exit and virtual time. */
const drive = <A, E>(
  effect: Effect.Effect<A, E, Users.Requirements>,
  client: HttpClient.HttpClient,
  policy: Policy.Policy = Policy.defaultPolicy.pipe(Policy.withRetryBudget(false))
) =>
  Effect.gen(function*() {
    const fiber = yield* effect.pipe(
      Policy.withPolicy(policy),
      Effect.provideService(HttpClient.HttpClient, client),
      Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
      withSeed(seed),
      Effect.exit,
      Effect.timed,
      fork
    )
    yield* TestClock.adjust("5 minutes")
    const [elapsed, exit] = yield* Fiber.join(fiber)
    return { exit, elapsed: Duration.toMillis(elapsed) }
  }).pipe(withTestClock)

/** Whether an exit is a success or exactly one typed failure of the library's. */
const isTypedOutcome = <A, E>(exit: Exit.Exit<A, E>): boolean => {
  if (Exit.isSuccess(exit)) return true
  return RocksetError.isRocksetError(onlyFailure(exit.cause))
}

/** An exit as the plain outcome the checks of test/scenarios/properties.ts read. */
const plainOutcome = <A, E>(exit: Exit.Exit<A, E>): PlainOutcome => {
  const error = Exit.isFailure(exit) ? firstFailure(exit.cause) : undefined
  return {
    success: Exit.isSuccess(exit),
    typed: isTypedOutcome(exit),
    errorTag: error?._tag === "Some" ? (error.value as { readonly _tag?: string })._tag : undefined,
    pretty: Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
  }
}

/** "{user} values": any string either goes as one path segment that decodes back, or is refused before I/O. */
export const userValueRun = (user: string) =>
  Effect.gen(function*() {
    const scripted = yield* ScriptedHttp.make([ScriptedHttp.json(userValues.reply.status, userValues.reply.json)])
    const exit = yield* Users.get(user).pipe(
      Effect.provideService(HttpClient.HttpClient, scripted.client),
      Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
      Effect.exit
    )
    const paths = scripted.requests().map((request) => request.path)
    assert.deepStrictEqual(userValueMismatches(user, plainOutcome(exit), paths), [])
  })

/** "arbitrary responses": a call always ends typed within the deadline, with at most 3 attempts. */
export const arbitraryResponseRun = (
  replies: ReadonlyArray<ScriptedReply>,
  call: (typeof arbitraryResponses.calls)[number]
) =>
  Effect.gen(function*() {
    const scripted = yield* ScriptedHttp.make(replies.map(scriptedReply))
    const { elapsed, exit } = yield* drive(callOf(call), scripted.client)
    assert.deepStrictEqual(
      arbitraryResponseMismatches(call, plainOutcome(exit), {
        requests: scripted.requests().length,
        elapsedMillis: elapsed,
        totalTimeoutMillis: Duration.toMillis(Policy.defaultPolicy.totalTimeout),
        inFlight: scripted.inFlight()
      }),
      []
    )
  })

/** "create under random faults": never more than one user per call, and a success means the user exists as asked. */
export const createUnderFaultsRun = (script: ReadonlyArray<CreateFault>, strict: boolean) =>
  Effect.gen(function*() {
    const server = createServer(script)
    const scripted = yield* ScriptedHttp.make((request) => scriptedReply(server.handle(request)))
    const policy = Policy.defaultPolicy.pipe(
      Policy.withRetryBudget(false),
      Policy.withAmbiguousCreate(strict ? "fail" : "recover")
    )
    const { exit } = yield* drive(callOf(createUnderFaults.call), scripted.client, policy)
    assert.deepStrictEqual(createMismatches(script, strict, plainOutcome(exit), server), [])
  })
