// v4: /**
// v4:  * `effect-rockset/v4/undici`: an `HttpClient` runtime for Node over `undici`, in Effect 4: the one of
// v4:  * `@effect/platform-node` (a peer dependency of this entry point only), plus the direct way. The core entry
// v4:  * point never imports it.
// v4:  *
// v4:  * @since 0.2.0
// v4:  */
// v3 {
/**
 * `effect-rockset/undici`: a lean `HttpClient` runtime for Node over `undici` (an optional peer dependency).
 * The core entry point never imports it.
 *
 * @since 0.1.0
 */
// v3 }

/**
 * @since 0.1.0
 */
export * as UndiciHttpClient from "./UndiciHttpClient.js"
