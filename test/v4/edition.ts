/**
 * What the runners both editions share (test/shared) take from the Effect 4 edition, as `@test/edition`
 * (tsconfig.v4.json `paths`, which dev/effect4/vitest.config.ts reads): each name that differs between the
 * majors, once, in Effect 4's idiom. test/support/edition.ts has the same exports in Effect 3's.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Vitest from "@effect/vitest"
import { Cause, Context, Effect, Exit, Layer, Random, Result, Schema } from "effect"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as TestClock from "effect/testing/TestClock"
import type * as Net from "node:net"

export * as FetchHttpClient from "effect/http/FetchHttpClient"
export * as HttpClient from "effect/http/HttpClient"
export * as HttpClientRequest from "effect/http/HttpClientRequest"
export type { HttpMethod } from "effect/http/HttpMethod"
export * as TestClock from "effect/testing/TestClock"

// the runtimes, logs and spans each edition's tests observe, written in each major's idiom
export { captureLogs, inMemoryTracing, runtimes, spanText } from "./helpers.js"

/** The Effect major of the edition under test. */
export const major = 4 as const

/** A service's class: `class Tag extends Service<Tag, Shape>()("key") {}`. */
export const Service = <Self, Shape>() => <const Key extends string>(key: Key) => Context.Service<Self, Shape>()(key)

/** A layer built by a scoped effect, its resources released with the layer. */
export const layerScoped = Layer.effect

/** A child fiber of the current one. */
export const fork = Effect.forkChild

/** A test on the live clock with a `Scope`, closed when the test ends. */
export const scopedLive = Vitest.it.live

/** Runs `self` on a test clock of its own, which `TestClock.adjust` moves. */
export const withTestClock = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.provide(self, TestClock.layer())

/** Runs `self` with a random generator seeded with `seed`. */
export const withSeed = (seed: number) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Random.withSeed(self, seed)

/** A checked value (`Result` in Effect 4) as an effect. */
export const fromResult: <A, E>(result: Result.Result<A, E>) => Effect.Effect<A, E> = Effect.fromResult

/** The one typed failure of a cause, if it is exactly that. */
export const onlyFailure = <E>(cause: Cause.Cause<E>): E | undefined =>
  cause.reasons.length === 1 && Cause.isFailReason(cause.reasons[0]!) ? cause.reasons[0].error : undefined

/** The first typed failure of a cause, if any. */
export const firstFailure = Cause.findErrorOption

/** Whether an exit ended by an interruption, and whether its cause holds interruptions only. */
export const isInterrupted = Exit.hasInterrupts
export const isInterruptedOnly = Cause.hasInterruptsOnly

/** The request without the header `name`. */
export const withoutHeader = (
  request: HttpClientRequest.HttpClientRequest,
  name: string
): HttpClientRequest.HttpClientRequest => HttpClientRequest.removeHeader(request, name)

/** The platform's undici client on an agent of its own that resolves names with `lookup`. */
export const undiciWithLookup = (lookup: Net.LookupFunction) =>
  NodeHttpClient.layerUndiciOptions({ connect: { lookup } })

/** The platform's `node:http` client. */
export const nodeHttp = { name: "NodeHttpClient.layerNodeHttp", layer: NodeHttpClient.layerNodeHttp }

/** The names of the loggers `captureLogs` writes through, by format. */
export const logNames = { json: "Logger.formatJson", logfmt: "Logger.formatLogFmt", pretty: "Logger.consolePretty" }

/** What the fidelity check asks of a Schema: whether a value decodes, and a struct's declared fields. */
export const schemaProbe = {
  decodes: (schema: unknown, value: unknown): boolean =>
    Result.isSuccess(Schema.decodeUnknownResult(schema as Schema.Decoder<unknown>)(value)),
  // a struct with a rest (StructWithRest) holds its fields in its `schema`
  fieldsOf: (schema: unknown): ReadonlyArray<string> => {
    const struct = schema as { readonly fields?: object; readonly schema?: { readonly fields: object } }
    return Object.keys(struct.fields ?? struct.schema?.fields ?? {})
  }
}
