/**
 * A Promise facade for code that does not use Effect.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as RocksetClient from "./RocksetClient.js"
