/**
 * Where each edition's tests collect log lines, by format: a console whose output is the pretty logger's
 * lines (Effect-free, so both editions' `captureLogs` share it).
 */
import { Console } from "node:console"
import { Writable } from "node:stream"

export type LogFormat = "json" | "logfmt" | "pretty"

/** Empty lists of log lines by format, and a console that appends what it writes to the pretty ones. */
export const logSink = (): {
  readonly lines: Record<LogFormat, Array<string>>
  readonly console: Console
} => {
  const lines: Record<LogFormat, Array<string>> = { json: [], logfmt: [], pretty: [] }
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.pretty.push(String(chunk))
      callback()
    }
  })
  return { lines, console: new Console({ stdout: sink, stderr: sink, colorMode: false }) }
}
