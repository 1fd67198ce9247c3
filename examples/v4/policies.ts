/**
 * Retry and timeout policies: the default, one for the whole app, one for a single call. The same program as
 * `examples/policies.ts`, on Effect 4: durations are Effect 4's `Duration.Input`, the schedule is Effect 4's.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, Schedule } from "effect"
import { ApiKey, Policy, Users } from "effect-rockset/v4"

// App-wide: more patience, and pace bulk work under Rockset's documented rate limits.
const AppPolicy = Policy.layer(
  Policy.defaultPolicy.pipe(
    Policy.withMaxAttempts(5),
    Policy.withTotalTimeout("1 minute"),
    Policy.withRateLimits(Policy.documentedRateLimits)
  )
)

const program = Effect.gen(function*() {
  // Inherits the app-wide policy.
  const users = yield* Users.list()
  // This one call fails fast: one attempt, two seconds.
  const me = yield* Users.getCurrentUser().pipe(
    Policy.withPolicy(Policy.noRetry.pipe(Policy.withAttemptTimeout("2 seconds")))
  )
  // Your own Schedule decides the delays; attempts, deadline and create's safety rules still apply.
  const steady = Policy.defaultPolicy.pipe(Policy.withSchedule(Schedule.spaced("250 millis")))
  const preferences = yield* Users.listUnsubscribePreferences().pipe(Policy.withPolicy(steady))
  return { users: users.length, me: me.email, preferences: preferences.length }
})

program.pipe(
  Effect.provide(Layer.mergeAll(AppPolicy, ApiKey.layerConfigWithServer(), NodeHttpClient.layerUndici)),
  Effect.runPromise
).then((summary) => console.log(summary))
