/**
 * `effect-rockset/v4/undici`: an `HttpClient` runtime for Node over `undici`, in Effect 4: the one of
 * `@effect/platform-node` (a peer dependency of this entry point only), plus the direct way. The core entry
 * point never imports it.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as UndiciHttpClient from "./UndiciHttpClient.js"
