import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Console, Effect, Logger, LogLevel } from "effect"
import type { Layer } from "effect"
import { type LogFormat, logSink } from "../scenarios/logSink.js"

// the key's forms and their scan are plain functions both editions' tests share
export { canaryForms, echoOf, leakedOn, leaks, secretReplies } from "../scenarios/secrets.js"

export type { LogFormat }

/**
 * Captures every log line of an effect through `Logger.json`, `Logger.logFmt` and `Logger.pretty` at once.
 * The pretty logger writes to the fiber's `Console`, which is replaced, so concurrent tests do not mix.
 */
export const captureLogs = () => {
  const { console: unsafe, lines } = logSink()
  const collect = (format: "json" | "logfmt", logger: Logger.Logger<unknown, string>) =>
    Logger.map(logger, (line) => {
      lines[format].push(line)
    })
  const loggers = Logger.replace(
    Logger.defaultLogger,
    Logger.zip(
      Logger.zip(collect("json", Logger.jsonLogger), collect("logfmt", Logger.logfmtLogger)),
      Logger.prettyLogger({ colors: false, mode: "tty" })
    )
  )
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Console.consoleWith((console) =>
      self.pipe(
        Effect.provide(loggers),
        Logger.withMinimumLogLevel(LogLevel.All),
        Effect.withConsole({ ...console, unsafe })
      )
    )
  return { lines, provide }
}

/**
 * An OpenTelemetry SDK with an in-memory exporter. Read the spans inside the layer: shutting the SDK down
 * clears the exporter.
 */
export const inMemoryTracing = (): {
  readonly layer: Layer.Layer<never>
  readonly spans: () => ReadonlyArray<ReadableSpan>
} => {
  const exporter = new InMemorySpanExporter()
  return {
    layer: NodeSdk.layer(() => ({
      resource: { serviceName: "effect-rockset-test" },
      spanProcessor: new SimpleSpanProcessor(exporter)
    })),
    spans: () => exporter.getFinishedSpans()
  }
}

/** Everything a span exposes to an exporter: names, attributes, events with theirs, status and links. */
export const spanText = (spans: ReadonlyArray<ReadableSpan>): string =>
  JSON.stringify(spans.map((span) => ({
    name: span.name,
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    status: span.status,
    links: span.links
  })))
