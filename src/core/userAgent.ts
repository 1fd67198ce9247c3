/**
 * The `User-Agent` the client sends: the library's product token, which a caller can extend with its own
 * product in front (users asked the official clients for this).
 *
 * Nothing here imports Effect.
 *
 * @internal
 */

const productPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)?$/

/**
 * `product` (a token, or `token/version`) in front of `current`; a value that is not a product token is
 * ignored, so nothing a caller passes can inject a header.
 *
 * @internal
 */
export const extendUserAgent = (current: string, product: string): string =>
  productPattern.test(product) ? `${product} ${current}` : current
