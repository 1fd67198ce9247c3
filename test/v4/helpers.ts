/**
 * What the Effect 4 edition's tests share: the runtimes, and the surfaces (logs, spans) the key is looked for on;
 * test/v4/edition.ts hands them to the runners both editions share (test/shared).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import * as Net from "node:net"
import { type LogFormat, logSink } from "../scenarios/logSink.js"

export interface Runtime {
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
}

/** The Node runtimes every integration test runs through: the platform's fetch and undici clients. */
export const runtimes: ReadonlyArray<Runtime> = [
  { name: "FetchHttpClient.layer", layer: FetchHttpClient.layer },
  { name: "NodeHttpClient.layerUndici", layer: NodeHttpClient.layerUndici }
]

/** A loopback port nothing listens on (it was free a moment ago). */
export const closedPort: Effect.Effect<number> = Effect.callback<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as Net.AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

export type { LogFormat }

/**
 * Captures every log line of an effect in JSON, logfmt and pretty form at once. The pretty logger writes to
 * the fiber's `Console`, which is replaced, so concurrent tests do not mix.
 */
export const captureLogs = () => {
  const sink = logSink()
  const lines = sink.lines
  const console = sink.console as unknown as Console.Console
  const collect = (format: "json" | "logfmt", logger: Logger.Logger<unknown, string>) =>
    Logger.map(logger, (line) => {
      lines[format].push(line)
    })
  const loggers = Logger.layer([
    collect("json", Logger.formatJson),
    collect("logfmt", Logger.formatLogFmt),
    Logger.consolePretty({ colors: false, mode: "tty" })
  ])
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    self.pipe(
      Effect.provide(loggers),
      Effect.provideService(References.MinimumLogLevel, "All"),
      Effect.provideService(Console.Console, console)
    )
  return { lines, provide }
}

/** A span as an exporter would see it. */
export interface RecordedSpan {
  readonly name: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: Readonly<Record<string, unknown>> }>
  readonly status: string
}

/**
 * A tracer that keeps every span it made, in memory (a tracer other than Effect's built-in one, so the
 * operations make their spans).
 */
export const inMemoryTracing = (): {
  readonly layer: Layer.Layer<never>
  readonly spans: () => ReadonlyArray<RecordedSpan>
} => {
  const made: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      made.push(span)
      return span
    }
  })
  return {
    layer: Layer.succeed(Tracer.Tracer, tracer),
    spans: () =>
      made.map((span) => ({
        name: span.name,
        attributes: Object.fromEntries(span.attributes),
        events: span.events.map(([name, , attributes]) => ({ name, attributes })),
        status: span.status._tag === "Ended" ? String(span.status.exit._tag) : span.status._tag
      }))
  }
}

/** Everything a span exposes to an exporter: names, attributes, events with theirs, status. */
export const spanText = (spans: ReadonlyArray<RecordedSpan>): string =>
  JSON.stringify(spans, (_key, value) => typeof value === "bigint" ? String(value) : value)
