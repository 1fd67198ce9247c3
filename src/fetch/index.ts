/**
 * `effect-rockset/fetch`: a lean `HttpClient` runtime over `fetch`, for browsers, Deno, Bun and Node.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as FetchClient from "./FetchClient.js"
