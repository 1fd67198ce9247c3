/**
 * The rules of the client's configuration, for every edition: the regions and their hosts, how an API
 * server value is read, what an API key may be, and the environment variables (as the official Go client
 * names them).
 *
 * Nothing here imports Effect.
 *
 * @internal
 */

/**
 * The API host of each region. `rs2` is the legacy default of the original client docs.
 *
 * @internal
 */
export const regions = {
  usw2a1: "https://api.usw2a1.rockset.com",
  use1a1: "https://api.use1a1.rockset.com",
  euc1a1: "https://api.euc1a1.rockset.com",
  rs2: "https://api.rs2.usw2.rockset.com"
} as const

/** @internal */
export type Region = keyof typeof regions

/** @internal */
export const defaultRegion: Region = "usw2a1"

/** @internal */
export const isRegion = (name: string): name is Region => Object.prototype.hasOwnProperty.call(regions, name)

/**
 * A validated API server URL: an origin, optionally with a path prefix, never with credentials, query or
 * fragment, and never plain `http://` except on loopback. Only the editions' `ApiServer.make` builds one,
 * from {@link parseApiServer}.
 *
 * @internal
 */
export class ApiServerUrl {
  /** The base URL, without a trailing slash. */
  readonly url: string
  private constructor(url: string) {
    this.url = url
  }
  /** @internal */
  static unsafeMake(url: string): ApiServerUrl {
    return new ApiServerUrl(url)
  }
}

/**
 * The environment variables the editions' `layerConfig`s read.
 *
 * @internal
 */
export const environment = { apiKey: "ROCKSET_APIKEY", apiServer: "ROCKSET_APISERVER" } as const

/**
 * What a configuration value comes to: the value, or the message of why it is refused.
 *
 * @internal
 */
export type Checked<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly message: string }

const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

// What a value is called in an error: the origin of a URL (never its credentials, path or query), else nothing.
const describeInput = (input: string): string => {
  try {
    const url = new URL(input)
    return ` "${url.protocol}//${url.host}"`
  } catch {
    return ""
  }
}

// A region code is a few letters and digits, starting with a letter (`usw2a1`, `rs2`); a host has a dot.
// Short, so that an API key pasted by mistake is never mistaken for one and echoed back.
const regionShaped = /^[a-z]{1,6}\d[a-z\d]{0,5}$/i

/**
 * Reads an API server: a region (any case), a bare host, or a URL — `https://`, or `http://` on loopback
 * only — without credentials, query or fragment. The result is a base URL without a trailing slash.
 *
 * @internal
 */
export const parseApiServer = (input: string): Checked<string> => {
  const trimmed = input.trim()
  const region = trimmed.toLowerCase()
  if (isRegion(region)) return { ok: true, value: regions[region] }
  const invalid = (reason: string, subject = describeInput(trimmed)): Checked<string> => ({
    ok: false,
    message: `Invalid Rockset API server${subject}: ${reason}`
  })
  if (regionShaped.test(trimmed)) {
    return invalid(
      `no region is called that; the regions are ${
        Object.keys(regions).join(", ")
      } (for a host, give its full name or an https:// URL)`,
      ` "${trimmed}"`
    )
  }
  if (trimmed === "") return invalid("it is empty")
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return invalid("it is not a URL or a host name")
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return invalid("only https:// URLs are allowed")
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return invalid("plain http:// is only allowed for a loopback host (localhost, 127.0.0.1, [::1]); use https://")
  }
  if (url.username !== "" || url.password !== "") return invalid("credentials in the URL are not allowed")
  if (url.search !== "" || url.hash !== "") return invalid("a query string or fragment is not allowed")
  return { ok: true, value: `${url.origin}${url.pathname.replace(/\/+$/, "")}` }
}

/**
 * Why an API key cannot be sent, or `undefined` when it can. Never echoes the key.
 *
 * @internal
 */
export const apiKeyProblem = (key: string): string | undefined =>
  /^[\x21-\x7e]+$/.test(key)
    ? undefined
    : "Invalid Rockset API key: it must be non-empty printable ASCII without spaces or line breaks"

/**
 * The message of a missing API key.
 *
 * @internal
 */
export const missingApiKey =
  `No Rockset API key: set ${environment.apiKey} (for a local emulator, \`npx rockset-emulator\` prints one)`

/**
 * The header that carries the API key (`Authorization: ApiKey <key>`).
 *
 * @internal
 */
export const keyHeader = "authorization"

/**
 * The header names an HTTP platform redacts (in logs, spans, `inspect`), with the key's header among them
 * even where an application replaced the list.
 *
 * @internal
 */
export const withKeyHeader = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
  names.includes(keyHeader) ? names : [...names, keyHeader]
