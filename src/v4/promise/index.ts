/**
 * A Promise facade for code that does not use Effect, on the Effect 4 edition.
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 */
export * as RocksetClient from "./RocksetClient.js"
