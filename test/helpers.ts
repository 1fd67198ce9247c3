import { HttpClient } from "@effect/platform"
import { Effect, Redacted } from "effect"
import type { Exit } from "effect"
import { ApiKey, Policy } from "effect-rockset"
import { ScriptedHttp } from "effect-rockset/testing"

import { canaryKey } from "./scenarios/secrets.js"

export { canaryKey }

/**
 * Runs `effect` against a scripted HttpClient holding `replies`, with the canary key and (by default) no
 * retries, and returns its exit with the requests it sent.
 */
export const runScripted = <A, E>(
  effect: Effect.Effect<A, E, HttpClient.HttpClient | ApiKey.ApiKey>,
  replies: Parameters<typeof ScriptedHttp.make>[0],
  policy: Policy.Policy = Policy.noRetry
): Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly requests: ReadonlyArray<ScriptedHttp.Recorded> }> =>
  Effect.gen(function*() {
    const scripted = yield* ScriptedHttp.make(replies)
    const exit = yield* effect.pipe(
      Policy.withPolicy(policy),
      Effect.provideService(HttpClient.HttpClient, scripted.client),
      Effect.provideService(ApiKey.ApiKey, Redacted.make(canaryKey)),
      Effect.exit
    )
    return { exit, requests: scripted.requests() }
  })
