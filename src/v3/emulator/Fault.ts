/**
 * Scripted faults for the emulator: what goes wrong, on which requests, and how many times.
 *
 * A {@link Rule} matches requests by operation, route template and method, and is consumed in the order
 * rules were added: the first rule that matches a request applies to it and loses one of its `times`
 * (default 1; `"persistent"` never runs out). The same rules are accepted as JSON by the control endpoint
 * `POST /_emulator/faults`, so a test in any language can script them.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Faults from "../../core/emulator/faults.js"
import { type OperationName, operationNames } from "../../core/operations.js"

/**
 * The operations a fault can target, named as the client names them.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const operation: Fault.Operation = "create"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const Operation: Schema.Literal<typeof operationNames> = Schema.Literal(...operationNames)

/**
 * @since 0.1.0
 * @category Models
 */
export type Operation = OperationName

const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())
const apply = Schema.optional(Schema.Boolean)

/**
 * What a fault does. Faults with `apply: true` first run the request for real (the state changes and is
 * saved) and only then misbehave, which is how a client meets an ambiguous failure; without it they act
 * before the request is handled and nothing changes. `partialBody` and `drip` always apply: they deliver
 * the real response, badly.
 *
 * - `latency`: wait `millis`, then answer normally.
 * - `status`: answer `status` with an optional `Retry-After` (seconds, or any raw header value) and a body
 *   that is a Rockset error body (default), an HTML page or empty.
 * - `reset`: reset the connection (TCP RST) instead of answering.
 * - `stall`: never send the headers; the connection stays open until the client gives up.
 * - `partialBody`: send the headers (with the full `Content-Length`) and the first `bytes` of the body,
 *   then stall or reset.
 * - `drip`: send the body `chunkBytes` at a time, `intervalMillis` apart.
 * - `malformedJson`: answer 200 with a body that is not JSON.
 * - `wrongShape`: answer 200 with JSON that is not the documented shape.
 * - `redirect`: answer `status` (default 307) with `Location` on another origin, same path.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const action: Fault.Action = { kind: "status", status: 503, retryAfter: 1 }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const Action = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("latency"), millis: NonNegativeInt }),
  Schema.Struct({
    kind: Schema.Literal("status"),
    status: Schema.Int.pipe(Schema.between(200, 599)),
    retryAfter: Schema.optional(Schema.Union(NonNegativeInt, Schema.String)),
    body: Schema.optional(Schema.Literal("rockset", "html", "empty")),
    type: Schema.optional(Schema.String),
    message: Schema.optional(Schema.String),
    apply
  }),
  Schema.Struct({ kind: Schema.Literal("reset"), apply }),
  Schema.Struct({ kind: Schema.Literal("stall"), apply }),
  Schema.Struct({
    kind: Schema.Literal("partialBody"),
    then: Schema.Literal("stall", "reset"),
    bytes: Schema.optional(NonNegativeInt)
  }),
  Schema.Struct({
    kind: Schema.Literal("drip"),
    intervalMillis: NonNegativeInt,
    chunkBytes: Schema.optional(Schema.Int.pipe(Schema.positive()))
  }),
  Schema.Struct({ kind: Schema.Literal("malformedJson"), apply }),
  Schema.Struct({ kind: Schema.Literal("wrongShape"), apply }),
  Schema.Struct({
    kind: Schema.Literal("redirect"),
    origin: Schema.String,
    status: Schema.optional(Schema.Literal(301, 302, 303, 307, 308))
  })
  // a schema's type is invariant, so this holds only while the schema describes exactly the engine's actions
) satisfies Schema.Schema<Faults.Action>

/**
 * @since 0.1.0
 * @category Models
 */
export type Action = Faults.Action

/**
 * A fault and the requests it applies to. Omitted matchers match anything; `route` is a template such as
 * `"/v1/orgs/self/users/{user}"` (or `"/v1/orgs/self/users/self"`), `method` is case-insensitive.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const twice503: Fault.Rule = { operation: "list", times: 2, action: Fault.status(503, { retryAfter: 1 }) }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const Rule = Schema.Struct({
  operation: Schema.optional(Operation),
  route: Schema.optional(Schema.String),
  method: Schema.optional(Schema.String),
  times: Schema.optional(Schema.Union(Schema.Int.pipe(Schema.positive()), Schema.Literal("persistent"))),
  action: Action
}) satisfies Schema.Schema<Faults.Rule>

/**
 * @since 0.1.0
 * @category Models
 */
export type Rule = Faults.Rule

/**
 * Adds latency: the request waits `millis`, then is answered normally.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const slow: Fault.Rule = { operation: "get", action: Fault.latency(200) }
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const latency: typeof Faults.latency = Faults.latency

/**
 * Answers with a status. By default the body is a Rockset error body whose `type` suits the status, and
 * the request is not applied.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const throttled = Fault.status(429, { retryAfter: 2 })
 * const proxyPage = Fault.status(502, { body: "html" })
 * const lostCreate = Fault.status(500, { apply: true }) // the user is created, the client sees 500
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const status: typeof Faults.status = Faults.status

/**
 * Resets the connection: before the request is handled, or with `apply: true` after it was applied.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const before = Fault.reset()
 * const after = Fault.reset({ apply: true })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const reset: typeof Faults.reset = Faults.reset

/**
 * Never sends the headers (with `apply: true`, after applying the request).
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const hang = Fault.stall()
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const stall: typeof Faults.stall = Faults.stall

/**
 * Sends the headers and the first `bytes` of the body (default: half), then stalls or resets.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const cut = Fault.partialBody("reset", { bytes: 10 })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const partialBody: typeof Faults.partialBody = Faults.partialBody

/**
 * Sends the body slowly: `chunkBytes` (default 16) every `intervalMillis`.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const slowBody = Fault.drip({ intervalMillis: 50, chunkBytes: 8 })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const drip: typeof Faults.drip = Faults.drip

/**
 * Answers 200 with a body that does not parse as JSON.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const garbled = Fault.malformedJson()
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const malformedJson: typeof Faults.malformedJson = Faults.malformedJson

/**
 * Answers 200 with valid JSON that is not the documented shape.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const surprising = Fault.wrongShape()
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const wrongShape: typeof Faults.wrongShape = Faults.wrongShape

/**
 * Redirects to the same path on another origin (`http://127.0.0.1:4011`), with 307 unless told otherwise.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const moved = Fault.redirect("http://127.0.0.1:4011", { status: 302 })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const redirect: typeof Faults.redirect = Faults.redirect

/**
 * The part of a request a rule is matched against.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const target: Fault.Target = { operation: "get", route: "/v1/orgs/self/users/{user}", method: "GET" }
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export interface Target extends Faults.Target {}

/**
 * Whether a rule applies to a request.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const rule: Fault.Rule = { operation: "get", action: Fault.reset() }
 * console.log(Fault.matches(rule, { operation: "get", route: "/v1/orgs/self/users/{user}", method: "GET" })) // true
 * ```
 *
 * @since 0.1.0
 * @category Matching
 */
export const matches: typeof Faults.matches = Faults.matches

/**
 * Takes the fault for a request from a script: the first matching rule, which loses one of its `times`.
 * Returns the action (if any) and the script that remains.
 *
 * @example
 * ```ts
 * import { Fault } from "effect-rockset/emulator"
 *
 * const [action, rest] = Fault.take([{ operation: "list", action: Fault.reset() }], {
 *   operation: "list",
 *   route: "/v1/orgs/self/users",
 *   method: "GET"
 * })
 * console.log(action?.kind, rest.length) // "reset" 0
 * ```
 *
 * @since 0.1.0
 * @category Matching
 */
export const take: typeof Faults.take = Faults.take
