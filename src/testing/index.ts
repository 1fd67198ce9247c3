/**
 * Test helpers: a scripted `HttpClient` for unit tests of code that calls Rockset.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ScriptedHttp from "./ScriptedHttp.js"
