/**
 * The status scenarios of test/scenarios/statuses.ts, run by both editions through every runtime against the
 * emulator on real sockets.
 */
import { assert, describe, it } from "@effect/vitest"
import { fromResult, HttpClient, HttpClientRequest, type HttpMethod, runtimes, withoutHeader } from "@test/edition"
import { ApiKey, ApiServer, Policy, type RocksetError, Users } from "effect-rockset"
import { Emulator } from "effect-rockset/emulator"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import { closedPort } from "../scenarios/loopbackServer.js"
import { errorFields } from "../scenarios/plain.js"
import {
  groupMismatches,
  type ObservedError,
  quickAttemptMillis,
  recoveredCreates,
  refusedConnection,
  retriedThenSucceeds,
  statusGroups,
  type StatusStep,
  stepMismatches,
  type StepResult,
  type Tamper
} from "../scenarios/statuses.js"
import { callOf } from "./callOf.js"

const once = Policy.withPolicy(Policy.noRetry)
const quick = Policy.withPolicy(Policy.make({ maxAttempts: 1, attemptTimeout: `${quickAttemptMillis} millis` }))

/** A typed error as the plain values `stepMismatches` checks. */
const observedError = (error: RocksetError.RocksetError): ObservedError => ({
  ...errorFields(error),
  retryAfterSeconds: Duration.toSeconds(("retryAfter" in error ? error.retryAfter : undefined) ?? Duration.zero)
})

const rewrite = (how: Tamper) => (request: HttpClientRequest.HttpClientRequest) => {
  switch (how.kind) {
    case "body":
      return HttpClientRequest.bodyText(request, how.text, how.contentType)
    case "header":
      return HttpClientRequest.setHeader(request, how.name, how.value)
    case "withoutHeader":
      return withoutHeader(request, how.name)
    case "method":
      return HttpClientRequest.setMethod(request, how.method as HttpMethod)
    case "accept":
      return HttpClientRequest.accept(request, how.mediaType)
  }
}

/** Rewrites every request the client sends, to reach statuses a well-behaved client never provokes. */
const tamper = (how: Tamper) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.updateService(self, HttpClient.HttpClient, (client) => HttpClient.mapRequest(client, rewrite(how)))

/** Runs a group's step on the emulator and checks its outcome. */
const runStep = (step: StatusStep, memberKey: Redacted.Redacted<string> | undefined) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const where = `${step.operation} ${JSON.stringify(step.args)}`
    if (step.fault !== undefined) yield* emulator.faults.add({ operation: step.operation, action: step.fault })
    let call = callOf(step)
    if (step.tamper !== undefined) call = call.pipe(tamper(step.tamper))
    if (step.as === "unknown key") call = Effect.provideService(call, ApiKey.ApiKey, Redacted.make("not-a-key"))
    if (step.as === "member" && memberKey !== undefined) call = Effect.provideService(call, ApiKey.ApiKey, memberKey)
    const observed = yield* Effect.match((step.quick === true ? quick : once)(call), {
      onFailure: (error): StepResult => ({ _tag: "Failure", error: observedError(error) }),
      onSuccess: (value): StepResult => ({ _tag: "Success", value })
    })
    assert.deepStrictEqual(stepMismatches(step, observed), [], where)
  })

for (const runtime of runtimes) {
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>, options: Emulator.Options = { rateLimits: false }) =>
    self.pipe(Effect.provide(Emulator.layerClient(options)), Effect.provide(runtime.layer))

  describe(`each status the emulator produces is the right typed error, through ${runtime.name}`, () => {
    for (const group of statusGroups) {
      it.live(group.name, () =>
        provide(
          Effect.gen(function*() {
            const emulator = yield* Emulator.Emulator
            const memberKey = group.member === undefined ? undefined : yield* emulator.addUser(group.member)
            for (const step of group.steps) yield* runStep(step, memberKey)
            const users = (yield* emulator.users).length
            const statuses = (yield* emulator.requests).map((record) => record.status)
            assert.deepStrictEqual(groupMismatches(group, { users, statuses }), [])
          }),
          group.rateLimits === undefined ? undefined : { rateLimits: group.rateLimits }
        ))
    }
  })

  describe(`the default policy against injected faults, through ${runtime.name}`, () => {
    it.live("a refused connection is a Transport failure that sent nothing, so even a create is repeated", () =>
      Effect.gen(function*() {
        const port = yield* Effect.promise(closedPort)
        const server = yield* fromResult(ApiServer.make(`http://127.0.0.1:${port}`))
        let attempts = 0
        const create = (policy: Policy.Policy) =>
          callOf(refusedConnection.call).pipe(
            Effect.updateService(HttpClient.HttpClient, HttpClient.tapRequest(() => Effect.sync(() => attempts++))),
            Policy.withPolicy(policy),
            Effect.provideService(ApiKey.ApiKey, Redacted.make("a-key")),
            Effect.provideService(ApiServer.ApiServer, server),
            Effect.provide(runtime.layer),
            Effect.flip
          )
        const refused = yield* create(Policy.noRetry)
        assert.deepStrictEqual(
          refused._tag === "Transport" && [refused.requestSent, refused.code],
          [refusedConnection.once.requestSent, refusedConnection.once.code]
        )
        attempts = 0
        const last = yield* create(Policy.make({
          maxAttempts: refusedConnection.maxAttempts,
          schedule: Schedule.spaced(`${refusedConnection.spacedMillis} millis`)
        }))
        assert.strictEqual(last._tag, "Transport")
        assert.strictEqual(attempts, refusedConnection.maxAttempts, "create is repeated: nothing reached a server")
      }))

    it.live("503 twice, then success: three attempts", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* emulator.faults.add(retriedThenSucceeds.rule)
        const listed = (yield* callOf(retriedThenSucceeds.call)) as ReadonlyArray<unknown>
        assert.strictEqual(listed.length, retriedThenSucceeds.length)
        assert.deepStrictEqual(
          (yield* emulator.requests).map((record) => record.status),
          [...retriedThenSucceeds.statuses]
        )
      })))

    it.live("a create applied before a 500 or a reset is recovered without a duplicate", () =>
      provide(Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        for (const { email, fault } of recoveredCreates.creates) {
          yield* emulator.faults.add({ operation: "create", action: fault })
          const created = yield* Users.create({ email, roles: ["member"] })
          assert.strictEqual(created.email, email)
        }
        assert.deepStrictEqual((yield* emulator.users).map((user) => user.email), [...recoveredCreates.usersAfter])
        const log = (yield* emulator.requests).map((record) => `${record.operation} ${record.status}`)
        assert.deepStrictEqual(log, [...recoveredCreates.log])
      })))
  })
}
