/**
 * `effect-rockset/emulator`: a local Rockset Users API for demos, examples and integration tests.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * @since 0.1.0
 */
export * as Fault from "./Fault.js"
