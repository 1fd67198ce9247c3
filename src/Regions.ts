/**
 * The Rockset API servers, by region.
 *
 * @since 0.1.0
 */

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
export const Regions = {
  usw2a1: "https://api.usw2a1.rockset.com",
  use1a1: "https://api.use1a1.rockset.com",
  euc1a1: "https://api.euc1a1.rockset.com",
  rs2: "https://api.rs2.usw2.rockset.com"
} as const

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
export type Region = keyof typeof Regions

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
export const defaultRegion: Region = "usw2a1"

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
export const isRegion = (name: string): name is Region => Object.prototype.hasOwnProperty.call(Regions, name)
