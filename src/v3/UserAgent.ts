/**
 * The `User-Agent` the client sends: `effect-rockset/<version>`, extended by the caller's products.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { extendUserAgent } from "../core/userAgent.js"
import { libraryName, version } from "../core/version.js"

/**
 * The `User-Agent` header value. A `Context.Reference` with the library's own product as default.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { UserAgent } from "effect-rockset"
 *
 * const program = Effect.map(UserAgent.UserAgent, (ua) => ua) // "effect-rockset/0.1.0"
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class UserAgent extends Context.Reference<UserAgent>()("effect-rockset/UserAgent", {
  defaultValue: (): string => `${libraryName}/${version}`
}) {}

/**
 * Puts a product token (`name/version`) in front of the `User-Agent`, as HTTP orders products from the most
 * significant. A token that is not a valid HTTP product is ignored rather than sent malformed.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { UserAgent, Users } from "effect-rockset"
 *
 * const program = Users.list().pipe(UserAgent.withProduct("billing-sync/2.1"))
 * // User-Agent: billing-sync/2.1 effect-rockset/0.1.0
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withProduct = (product: string) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(UserAgent, (current) => Effect.provideService(self, UserAgent, extendUserAgent(current, product)))

/**
 * A layer that puts a product token in front of the `User-Agent` for the whole application.
 *
 * @example
 * ```ts
 * import { UserAgent } from "effect-rockset"
 *
 * const AppUserAgent = UserAgent.layer("billing-sync/2.1")
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (product: string): Layer.Layer<never> =>
  Layer.effectContext(Effect.map(UserAgent, (current) => Context.make(UserAgent, extendUserAgent(current, product))))
