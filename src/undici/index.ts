/**
 * `effect-rockset/undici`: the `HttpClient` runtime for Node over `undici` (an optional peer dependency).
 * The core entry point never imports it.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as UndiciHttpClient from "./UndiciHttpClient.js"
