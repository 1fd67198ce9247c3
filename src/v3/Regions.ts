/**
 * The Rockset API servers, by region.
 *
 * @since 0.1.0
 */
import * as Config from "../core/config.js"

/**
 * The documented API servers. `rs2` is the legacy name of Oregon that the original client docs used.
 *
 * @example
 * ```ts
 * import { Regions } from "effect-rockset"
 *
 * console.log(Regions.Regions.euc1a1) // "https://api.euc1a1.rockset.com"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const Regions: typeof Config.regions = Config.regions

/**
 * A region name: a key of {@link Regions}.
 *
 * @example
 * ```ts
 * import { Regions } from "effect-rockset"
 *
 * const region: Regions.Region = "use1a1"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export type Region = Config.Region

/**
 * The region the spec's server template defaults to (Oregon, `usw2a1`).
 *
 * @example
 * ```ts
 * import { Regions } from "effect-rockset"
 *
 * console.log(Regions.defaultRegion) // "usw2a1"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const defaultRegion: Region = Config.defaultRegion

/**
 * Whether a string names a region.
 *
 * @example
 * ```ts
 * import { Regions } from "effect-rockset"
 *
 * console.log(Regions.isRegion("euc1a1"), Regions.isRegion("mars")) // true false
 * ```
 *
 * @since 0.1.0
 * @category Guards
 */
export const isRegion: (name: string) => name is Region = Config.isRegion
