/**
 * Where requests go: a Rockset region, any `https://` URL, or a loopback `http://` URL (the emulator).
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Regions from "./Regions.js"

/**
 * A validated API server URL: an origin, optionally with a path prefix, never with credentials, query or
 * fragment, and never plain `http://` except on loopback. Only {@link make} builds one.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * const server = ApiServer.make("euc1a1")
 * if (Either.isRight(server)) console.log(server.right.url) // "https://api.euc1a1.rockset.com"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export class ApiServerUrl {
  /**
   * The base URL, without a trailing slash.
   *
   * @since 0.1.0
   */
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
 * The API server requests go to. A `Context.Reference`: it defaults to {@link Regions.defaultRegion}, so
 * operations do not list it in their requirements.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * const program = Effect.map(ApiServer.ApiServer, (server) => server.url)
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export class ApiServer extends Context.Reference<ApiServer>()("effect-rockset/ApiServer", {
  defaultValue: () => ApiServerUrl.unsafeMake(Regions.Regions[Regions.defaultRegion])
}) {}

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

const knownRegions = Object.keys(Regions.Regions).join(", ")

/**
 * Validates an API server: a region name (`"usw2a1"`, in any case), a bare host (`"api.usw2a1.rockset.com"`,
 * taken as `https://`), an `https://` URL, or an `http://` URL whose host is loopback (`localhost`,
 * `127.x.x.x`, `[::1]`). A value shaped like a region code that names no region (`"usw2a9"`) is refused with
 * the known regions listed, rather than taken for a host. Anything else is a `ConfigError`, before any
 * request is made.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * console.log(Either.isLeft(ApiServer.make("http://api.example.com"))) // true: plain http off loopback
 * console.log(Either.isLeft(ApiServer.make("usw2a9"))) // true: not a region (usw2a1, use1a1, euc1a1, rs2)
 * console.log(Either.isRight(ApiServer.make("http://127.0.0.1:3000"))) // true
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (input: Regions.Region | (string & {})): Either.Either<ApiServerUrl, ConfigError.ConfigError> => {
  const trimmed = input.trim()
  const region = trimmed.toLowerCase()
  if (Regions.isRegion(region)) return Either.right(ApiServerUrl.unsafeMake(Regions.Regions[region]))
  const invalid = (reason: string, subject = describeInput(trimmed)) =>
    Either.left(ConfigError.InvalidData([], `Invalid Rockset API server${subject}: ${reason}`))
  if (regionShaped.test(trimmed)) {
    return invalid(
      `no region is called that; the regions are ${knownRegions} (for a host, give its full name or an https:// URL)`,
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
  const path = url.pathname.replace(/\/+$/, "")
  return Either.right(ApiServerUrl.unsafeMake(`${url.origin}${path}`))
}

/**
 * A layer that sets the API server, failing with a `ConfigError` when it is not allowed.
 *
 * @example
 * ```ts
 * import { ApiServer } from "effect-rockset"
 *
 * const EuropeLive = ApiServer.layer("euc1a1")
 * const EmulatorLive = ApiServer.layer("http://127.0.0.1:4010")
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (input: Regions.Region | (string & {})): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.effectContext(Effect.map(make(input), (server) => Context.make(ApiServer, server)))

/**
 * Reads the API server from configuration, by default `ROCKSET_APISERVER` (a region, bare host or URL).
 * When it is not set, the layer sets nothing: the server in force stays (the default region, or one set
 * by a layer outside it).
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { ApiServer } from "effect-rockset"
 *
 * const FromEnv = ApiServer.layerConfig()
 * const FromOtherName = ApiServer.layerConfig(Config.string("MY_ROCKSET_HOST"))
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  config: Config.Config<string> = Config.string("ROCKSET_APISERVER")
): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.effectContext(
    Effect.flatMap(Config.option(config), (value) =>
      value._tag === "Some"
        ? Effect.map(make(value.value), (server): Context.Context<never> => Context.make(ApiServer, server))
        : Effect.succeed(Context.empty()))
  )
