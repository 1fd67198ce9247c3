/**
 * What the property runners of each edition share (test/v4/outcomes.ts is this file's twin): a call driven on
 * the test clock, and its exit as the plain outcome the checks of test/scenarios/properties.ts read.
 */
import { HttpClient } from "@effect/platform"
// v4: import { Cause, Duration, Effect, Exit, Fiber, Random, Redacted } from "effect"
import { Cause, Duration, Effect, Exit, Fiber, Random, Redacted, TestClock } from "effect"
import { ApiKey, Policy, RocksetError, type Users } from "effect-rockset"
// v4+: import * as TestClock from "effect/testing/TestClock"
import { type PlainOutcome, seed } from "../scenarios/properties.js"
import { canaryKey } from "../scenarios/secrets.js"

/** Runs `effect` on `client` in a fiber, moving the test clock until it ends; returns the exit and virtual time. */
export const drive = <A, E>(
  effect: Effect.Effect<A, E, Users.Requirements>,
  client: HttpClient.HttpClient,
  policy: Policy.Policy = Policy.defaultPolicy.pipe(Policy.withRetryBudget(false))
) =>
  Effect.gen(function*() {
    const fiber = yield* effect.pipe(
      Policy.withPolicy(policy),
      Effect.provideService(HttpClient.HttpClient, client),
      Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
      // v4: Random.withSeed(seed),
      Effect.withRandom(Random.make(seed)),
      Effect.exit,
      Effect.timed,
      // v4: Effect.forkChild
      Effect.fork
    )
    yield* TestClock.adjust("5 minutes")
    const [elapsed, exit] = yield* Fiber.join(fiber)
    return { exit, elapsed: Duration.toMillis(elapsed) }
    // v4: }).pipe(Effect.provide(TestClock.layer()))
  })

/** Whether an exit is a success or exactly one typed failure of the library's. */
export const isTypedOutcome = <A, E>(exit: Exit.Exit<A, E>): boolean => {
  if (Exit.isSuccess(exit)) return true
  // v4: const [reason] = exit.cause.reasons
  // v4: return exit.cause.reasons.length === 1 && reason !== undefined && Cause.isFailReason(reason) &&
  // v4:   RocksetError.isRocksetError(reason.error)
  return Cause.isFailType(exit.cause) && RocksetError.isRocksetError(exit.cause.error)
}

/** An exit as the plain outcome the checks of test/scenarios/properties.ts read. */
export const plainOutcome = <A, E>(exit: Exit.Exit<A, E>): PlainOutcome => {
  // v4: const error = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : undefined
  const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : undefined
  return {
    success: Exit.isSuccess(exit),
    typed: isTypedOutcome(exit),
    errorTag: error?._tag === "Some" ? (error.value as { readonly _tag?: string })._tag : undefined,
    pretty: Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
  }
}
