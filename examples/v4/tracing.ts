/**
 * Tracing on Effect 4: each operation is a span named after it (`Users.list`, ...), with the route template,
 * status and attempt count; no email, key or full URL. Effect 4 has OpenTelemetry's wire format inside
 * `effect` (`OtlpTracer.layer` of `effect/observability`, which exports to a collector's URL); this example
 * installs a tracer that keeps its spans in memory instead, so that it prints them.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, Tracer } from "effect"
import { ApiKey, Users } from "effect-rockset/v4"

const spans: Array<Tracer.NativeSpan> = []
const InMemoryTracing = Layer.succeed(
  Tracer.Tracer,
  Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
)

const program = Effect.gen(function*() {
  yield* Users.getCurrentUser()
  yield* Users.list()
  for (const span of spans) {
    console.log(span.name, span.attributes.get("http.route"), span.attributes.get("http.response.status_code"))
  }
})

program.pipe(
  Effect.provide(Layer.mergeAll(InMemoryTracing, ApiKey.layerConfigWithServer(), NodeHttpClient.layerUndici)),
  Effect.runPromise
)
