/**
 * Test helpers for code that calls Rockset: a scripted `HttpClient`, and an in-memory `Users` service with
 * the emulator's rules.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ScriptedHttp from "./ScriptedHttp.js"

/**
 * @since 0.1.0
 */
export * as InMemoryUsers from "./InMemoryUsers.js"
