import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import * as Domain from "../../internal/domain.js"

const decodeState = Schema.decodeUnknownEither(Domain.State)

const isMissing = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && "code" in cause && cause.code === "ENOENT"

const describe = (cause: unknown): string => cause instanceof Error ? cause.message : String(cause)

/**
 * Reads the state saved in a data file: `undefined` when there is none yet. A file that exists but does not
 * hold a valid state is an error, never silently replaced.
 *
 * @internal
 */
export const load = (file: string): Effect.Effect<Domain.State | undefined, string> =>
  Effect.tryPromise({
    try: () => Fs.readFile(file, "utf8"),
    catch: (cause) => cause
  }).pipe(
    Effect.map((text): string | undefined => text),
    Effect.catchIf(isMissing, () => Effect.succeed(undefined)),
    Effect.mapError((cause) => `cannot read the data file ${file}: ${describe(cause)}`),
    Effect.flatMap((text) => {
      if (text === undefined) return Effect.succeed(undefined)
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch (cause) {
        return Effect.fail(`the data file ${file} is not JSON: ${describe(cause)}`)
      }
      return Either.match(decodeState(json), {
        onLeft: (error) =>
          Effect.fail(
            `the data file ${file} is not an emulator state: ${ParseResult.TreeFormatter.formatErrorSync(error)}`
          ),
        onRight: Effect.succeed
      })
    })
  )

/**
 * Saves a state so that a crash at any moment leaves either the old file or the new one: write a temporary
 * file, flush it to disk, rename it over the data file, then flush the directory so the rename is durable.
 *
 * @internal
 */
export const save = (file: string, state: Domain.State): Effect.Effect<void, string> =>
  Effect.tryPromise({
    try: async () => {
      const temporary = `${file}.tmp`
      const handle = await Fs.open(temporary, "w")
      try {
        await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, "utf8")
        await handle.sync()
      } finally {
        await handle.close()
      }
      await Fs.rename(temporary, file)
      const directory = await Fs.open(Path.dirname(file), "r")
      try {
        await directory.sync()
      } catch {
        // some file systems cannot fsync a directory; the rename is still atomic there
      } finally {
        await directory.close()
      }
    },
    catch: (cause) => `cannot save the data file ${file}: ${describe(cause)}`
  })
