import { assert, describe, it, vi } from "@effect/vitest"
import { Effect, Logger, LogLevel, Redacted } from "effect"
import { ApiKey, RocksetError, Users } from "effect-rockset"
import { canaryKey, runScripted } from "./helpers.js"
import { canaryForms, messageMismatches, notFoundWithEmail, secretEmail, secretReplies } from "./scenarios/secrets.js"

const forms = canaryForms(canaryKey)
const email = secretEmail

const replies = secretReplies(canaryKey, email)

describe("the key and emails stay out of every log format", () => {
  for (const [name, reply] of replies) {
    it.effect(`${name}: Logger.json, Logger.logFmt, Logger.pretty`, () =>
      Effect.gen(function*() {
        const lines: Array<string> = []
        const capture = (logger: Logger.Logger<unknown, string>) =>
          Logger.replace(Logger.defaultLogger, Logger.map(logger, (line) => void lines.push(line)))
        const spy = vi.spyOn(globalThis.console, "log").mockImplementation((...args: Array<unknown>) => {
          lines.push(args.map(String).join(" "))
        })
        try {
          const program = Users.get(email).pipe(
            Effect.tapErrorCause((cause) => Effect.logError("call failed", cause)),
            Effect.tapError((error) => Effect.logWarning(error, error.message)),
            Effect.tap(Effect.flatMap(ApiKey.ApiKey, (key) => Effect.logInfo("key in use", key))),
            Effect.annotateLogs("key", Redacted.make(canaryKey))
          )
          for (const logger of [Logger.jsonLogger, Logger.logfmtLogger]) {
            yield* runScripted(
              program.pipe(Effect.provide(capture(logger)), Logger.withMinimumLogLevel(LogLevel.All)),
              [reply]
            )
          }
          yield* runScripted(
            program.pipe(Effect.provide(Logger.pretty), Logger.withMinimumLogLevel(LogLevel.All)),
            [reply]
          )
        } finally {
          spy.mockRestore()
        }
        assert.isAtLeast(lines.length, 3)
        const output = lines.join("\n")
        for (const form of forms) assert.notInclude(output, form)
      }))
  }

  it("error messages carry no email, even when the server's message has one", () => {
    assert.deepStrictEqual(messageMismatches(new RocksetError.NotFound(notFoundWithEmail).message), [])
  })
})
