/**
 * `effect-rockset/v4/fetch`: an `HttpClient` runtime over `fetch`, for browsers, Deno, Bun and Node, in
 * Effect 4.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as FetchClient from "./FetchClient.js"
