/**
 * The `User-Agent` the client sends: `effect-rockset/<version>`, which an application can extend with its
 * own product in front.
 *
 * @since 0.2.0
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
 * import { UserAgent } from "effect-rockset/v4"
 *
 * const current = Effect.service(UserAgent.UserAgent)
 * ```
 *
 * @since 0.2.0
 * @category Context
 */
export const UserAgent: Context.Reference<string> = Context.Reference<string>("effect-rockset/UserAgent", {
  defaultValue: () => `${libraryName}/${version}`
})

/**
 * Puts a product token (`name` or `name/version`) in front of the `User-Agent` for one program; a value that
 * is not a product token is ignored.
 *
 * @example
 * ```ts
 * import { UserAgent, Users } from "effect-rockset/v4"
 *
 * const program = Users.list().pipe(UserAgent.withProduct("billing-sync/2.1"))
 * ```
 *
 * @since 0.2.0
 * @category Combinators
 */
export const withProduct = (product: string) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.updateService(self, UserAgent, (current) => extendUserAgent(current, product))

/**
 * Puts a product token in front of the `User-Agent` for everything the layer is provided to.
 *
 * @example
 * ```ts
 * import { UserAgent } from "effect-rockset/v4"
 *
 * const AppUserAgent = UserAgent.layer("billing-sync/2.1")
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer = (product: string): Layer.Layer<never> =>
  Layer.effect(UserAgent, Effect.map(Effect.service(UserAgent), (current) => extendUserAgent(current, product)))
