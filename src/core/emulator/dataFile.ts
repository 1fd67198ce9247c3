/**
 * The emulator's data file: the whole state as JSON, loaded on start and saved before a change is
 * acknowledged.
 *
 * @internal
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import * as Domain from "./domain.js"
import * as V from "./validate.js"

/**
 * What a data file holds (`undefined` when there is no file yet), or why it cannot be used, in a message
 * that names the file.
 *
 * @internal
 */
export type Loaded = { readonly ok: true; readonly state: Domain.State | undefined } | {
  readonly ok: false
  readonly detail: string
}

const isMissing = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && "code" in cause && cause.code === "ENOENT"

const describe = (cause: unknown): string => cause instanceof Error ? cause.message : String(cause)

/**
 * Reads the state saved in a data file: `undefined` when there is none yet. A file that exists but does not
 * hold a valid state is an error, never silently replaced.
 *
 * @internal
 */
export const load = async (file: string): Promise<Loaded> => {
  let text: string
  try {
    text = await Fs.readFile(file, "utf8")
  } catch (cause) {
    if (isMissing(cause)) return { ok: true, state: undefined }
    return { ok: false, detail: `cannot read the data file ${file}: ${describe(cause)}` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return { ok: false, detail: `the data file ${file} is not JSON: ${describe(cause)}` }
  }
  const checked = V.validate(Domain.stateGuard, json)
  if (checked.ok) return { ok: true, state: checked.value }
  const issue = checked.issue
  const path = issue.path.length === 0 ? "the file" : issue.path.join(".")
  return {
    ok: false,
    detail: `the data file ${file} is not an emulator state: ${path} ${issue.missing ? "is missing" : issue.message}`
  }
}

/**
 * Saves a state so that a crash at any moment leaves either the old file or the new one: write a temporary
 * file, flush it to disk, rename it over the data file, then flush the directory so the rename is durable.
 * Resolves to `undefined`, or to why it failed.
 *
 * @internal
 */
export const save = async (file: string, state: Domain.State): Promise<string | undefined> => {
  try {
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
    return undefined
  } catch (cause) {
    return `cannot save the data file ${file}: ${describe(cause)}`
  }
}
