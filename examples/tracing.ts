/**
 * Tracing with OpenTelemetry: each operation is a span named after it (`Users.list`, ...), with the route
 * template, status and attempt count; no email, key or full URL. Swap the in-memory exporter for OTLP.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer } from "effect"
import { ApiKey, Users } from "effect-rockset"

const exporter = new InMemorySpanExporter()
const TracingLive = NodeSdk.layer(() => ({
  resource: { serviceName: "tracing-example" },
  spanProcessor: new SimpleSpanProcessor(exporter)
}))

const program = Effect.gen(function*() {
  yield* Users.getCurrentUser()
  yield* Users.list()
  for (const span of exporter.getFinishedSpans()) {
    console.log(span.name, span.attributes["http.route"], span.attributes["http.response.status_code"])
  }
})

program.pipe(
  Effect.provide(Layer.mergeAll(TracingLive, ApiKey.layerConfigWithServer(), NodeHttpClient.layerUndici)),
  Effect.runPromise
)
