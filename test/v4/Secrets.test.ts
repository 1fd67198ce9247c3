/**
 * The canary-key scan of test/scenarios/secrets.ts, run by the Effect 4 edition: each scripted reply fails a
 * call, and the key (raw, percent-encoded, base64) shows up on none of the error's surfaces (message,
 * `String`, JSON, `util.inspect`, `Cause.pretty`), the log lines in each format, or the spans.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { inspect } from "node:util"
import { ApiKey } from "../../src/v4/ApiKey.js"
import * as Policy from "../../src/v4/Policy.js"
import * as RocksetError from "../../src/v4/RocksetError.js"
import * as ScriptedHttp from "../../src/v4/testing/ScriptedHttp.js"
import * as Users from "../../src/v4/Users.js"
import { logSurfaces } from "../scenarios/plain.js"
import {
  canaryKey,
  leakedOn,
  messageMismatches,
  notFoundWithEmail,
  secretEmail,
  secretReplies
} from "../scenarios/secrets.js"
import { captureLogs, inMemoryTracing, spanText } from "./helpers.js"

const email = secretEmail
const logNames = { json: "Logger.formatJson", logfmt: "Logger.formatLogFmt", pretty: "Logger.consolePretty" }

const surfacesOf = (exit: Exit.Exit<unknown, RocksetError.RocksetError>): Record<string, string> => {
  if (Exit.isSuccess(exit)) return { "JSON.stringify": JSON.stringify(exit.value), "util.inspect": inspect(exit.value) }
  const surfaces: Record<string, string> = { "Cause.pretty": Cause.pretty(exit.cause) }
  const error = Cause.findErrorOption(exit.cause)
  if (error._tag === "Some") {
    surfaces["message"] = error.value.message
    surfaces["String"] = String(error.value)
    surfaces["JSON.stringify"] = JSON.stringify(error.value)
    surfaces["util.inspect"] = inspect(error.value, { depth: null, showHidden: true })
  }
  return surfaces
}

describe("the key and emails stay out of every surface (Effect 4)", () => {
  for (const [name, reply] of secretReplies(canaryKey, email)) {
    it.effect(`${name}: error, Logger.formatJson, Logger.formatLogFmt, Logger.consolePretty, spans`, () =>
      Effect.gen(function*() {
        const logs = captureLogs()
        const tracing = inMemoryTracing()
        const { exit, requests } = yield* Effect.gen(function*() {
          const exit = yield* Users.get(email).pipe(
            Effect.tapCause((cause) => Effect.logError("call failed", cause)),
            Effect.tapError((error) => Effect.logWarning(error, error.message)),
            Effect.tap(Effect.flatMap(Effect.service(ApiKey), (key) => Effect.logInfo("key in use", key))),
            Effect.annotateLogs("key", Redacted.make(canaryKey)),
            Policy.withPolicy(Policy.noRetry),
            Effect.exit
          )
          yield* Effect.logInfo("outcome", exit)
          const scripted = yield* ScriptedHttp.ScriptedHttp
          return { exit, requests: scripted.requests() }
        }).pipe(
          Effect.provide(ScriptedHttp.layer([reply])),
          Effect.provideService(ApiKey, Redacted.make(canaryKey)),
          Effect.provide(tracing.layer),
          logs.provide
        )
        assert.isTrue(Exit.isFailure(exit), `${name} fails`)
        assert.lengthOf(requests, 1, `${name} one request, no redirect followed`)
        for (const format of ["json", "logfmt", "pretty"] as const) {
          assert.isNotEmpty(logs.lines[format], `${name} ${format} log lines`)
        }
        assert.isNotEmpty(tracing.spans(), `${name} spans`)
        const surfaces = {
          ...surfacesOf(exit),
          ...logSurfaces(logs.lines, logNames, spanText(tracing.spans()))
        }
        assert.deepStrictEqual(leakedOn(surfaces, canaryKey), [], `${name} the key leaked`)
        assert.notInclude(surfaces["message"] ?? "", email, `${name} an email in the message`)
      }))
  }

  it("error messages carry no email, even when the server's message has one", () => {
    assert.deepStrictEqual(messageMismatches(new RocksetError.NotFound(notFoundWithEmail).message), [])
  })
})
