/**
 * What the runners both editions share (test/shared) take from the Effect 3 edition, as `@test/edition`
 * (tsconfig.json `paths`, vitest.config.ts): each name that differs between the majors, once, in Effect 3's
 * idiom. test/v4/edition.ts has the same exports in Effect 4's.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Vitest from "@effect/vitest"
import { Cause, Context, Effect, Either, Exit, Layer, Random, Schema } from "effect"
import type * as Net from "node:net"

export * as FetchHttpClient from "@effect/platform/FetchHttpClient"
export * as HttpClient from "@effect/platform/HttpClient"
export * as HttpClientRequest from "@effect/platform/HttpClientRequest"
export type { HttpMethod } from "@effect/platform/HttpMethod"
export * as TestClock from "effect/TestClock"

// the runtimes, logs and spans each edition's tests observe, written in each major's idiom
export { runtimes } from "../emulator/helpers.js"
export { captureLogs, inMemoryTracing, spanText } from "./secrets.js"

/** The Effect major of the edition under test. */
export const major = 3 as const

/** A service's class: `class Tag extends Service<Tag, Shape>()("key") {}`. */
export const Service = <Self, Shape>() => <const Key extends string>(key: Key) => Context.Tag(key)<Self, Shape>()

/** A layer built by a scoped effect, its resources released with the layer. */
export const layerScoped = Layer.scoped

/** A child fiber of the current one. */
export const fork = Effect.fork

/** A test on the live clock with a `Scope`, closed when the test ends. */
export const scopedLive = Vitest.it.scopedLive

/**
 * Runs `self` on a test clock, which `TestClock.adjust` moves: in Effect 3 the one of the test services that
 * `it.effect` gives every test, so `self` as it is.
 */
export const withTestClock = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => self

/** Runs `self` with a random generator seeded with `seed`. */
export const withSeed = (seed: number) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withRandom(self, Random.make(seed))

/** A checked value (`Either` in Effect 3) as an effect. */
export const fromResult = <A, E>(result: Either.Either<A, E>): Effect.Effect<A, E> => result

/** The one typed failure of a cause, if it is exactly that. */
export const onlyFailure = <E>(cause: Cause.Cause<E>): E | undefined =>
  Cause.isFailType(cause) ? cause.error : undefined

/** The first typed failure of a cause, if any. */
export const firstFailure = Cause.failureOption

/** Whether an exit ended by an interruption, and whether its cause holds interruptions only. */
export const isInterrupted = Exit.isInterrupted
export const isInterruptedOnly = Cause.isInterruptedOnly

/** The request without the header `name` (as a new request of the same method and URL, without a body). */
export const withoutHeader = (
  request: HttpClientRequest.HttpClientRequest,
  name: string
): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.make(request.method)(request.url, {
    headers: Object.fromEntries(Object.entries(request.headers).filter(([key]) => key !== name))
  })

/** The platform's undici client on an agent of its own that resolves names with `lookup`. */
export const undiciWithLookup = (lookup: Net.LookupFunction) =>
  NodeHttpClient.layerWithoutAgent.pipe(Layer.provide(NodeHttpClient.makeAgentLayer({ lookup })))

/** The platform's `node:http` client. */
export const nodeHttp = { name: "NodeHttpClient.layer", layer: NodeHttpClient.layer }

/** The names of the loggers `captureLogs` writes through, by format. */
export const logNames = { json: "Logger.json", logfmt: "Logger.logFmt", pretty: "Logger.pretty" }

/** What the fidelity check asks of a Schema: whether a value decodes, and a struct's declared fields. */
export const schemaProbe = {
  decodes: (schema: unknown, value: unknown): boolean =>
    Either.isRight(Schema.decodeUnknownEither(schema as Schema.Schema.AnyNoContext)(value)),
  fieldsOf: (schema: unknown): ReadonlyArray<string> => Object.keys((schema as { readonly fields: object }).fields)
}
