/**
 * The browser example (examples/browser): `bundle` builds main.ts with esbuild into bundle.js next to it
 * (git-ignored), `servePage` serves the page from a loopback server. Used by test/browser/browser.test.ts.
 *
 * `npm run example:browser` builds it, starts an emulator on another port (so the page calls it across
 * origins) and prints the page's address, with the emulator's URL and admin key in the fragment.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Effect, Redacted } from "effect"
import * as esbuild from "esbuild"
import { readFile } from "node:fs/promises"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { Emulator } from "../src/emulator/index.js"

const root = fileURLToPath(new URL("../", import.meta.url))
const pageDir = fileURLToPath(new URL("../examples/browser/", import.meta.url))

/** Where the bundle goes (git-ignored). */
export const bundlePath = `${pageDir}bundle.js`

/**
 * Bundles examples/browser/main.ts for browsers: ES modules, `effect-rockset` resolved to src/ through the
 * `paths` of tsconfig.json, as an application's bundler would resolve the package.
 */
export const bundle = (): Promise<esbuild.BuildResult> =>
  esbuild.build({
    absWorkingDir: root,
    entryPoints: ["examples/browser/main.ts"],
    outfile: bundlePath,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: "linked",
    tsconfig: "tsconfig.json",
    logLevel: "warning"
  })

export interface PageServer {
  /** The page's origin, e.g. `http://localhost:41234`. */
  readonly url: string
  /** What was requested, in order (`GET /bundle.js`, ...). */
  readonly requests: () => ReadonlyArray<string>
  readonly close: () => Promise<void>
}

const files: Readonly<Record<string, readonly [file: string, contentType: string]>> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/index.html": ["index.html", "text/html; charset=utf-8"],
  "/bundle.js": ["bundle.js", "text/javascript; charset=utf-8"],
  "/bundle.js.map": ["bundle.js.map", "application/json"]
}

/**
 * Serves the page on `localhost` (a port of its own: another origin than an emulator on 127.0.0.1), only
 * the files it needs.
 */
export const servePage = (): Promise<PageServer> =>
  new Promise((resolve, reject) => {
    const seen: Array<string> = []
    const server = Http.createServer((request, response) => {
      const path = (request.url ?? "/").split("?")[0] ?? "/"
      seen.push(`${request.method} ${request.url}`)
      const entry = files[path]
      if (request.method !== "GET" || entry === undefined) {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found")
        return
      }
      readFile(`${pageDir}${entry[0]}`).then(
        (body) => response.writeHead(200, { "content-type": entry[1], "cache-control": "no-store" }).end(body),
        () => response.writeHead(404, { "content-type": "text/plain" }).end("not built")
      )
    })
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://localhost:${port}`,
        requests: () => [...seen],
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })

/** The page's address for an emulator: its URL and key in the fragment, which never reaches a server. */
export const pageAddress = (page: string, server: string, apiKey: string): string =>
  `${page}/#${new URLSearchParams({ server, key: apiKey })}`

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const main = Effect.gen(function*() {
    yield* Effect.promise(bundle)
    const emulator = yield* Emulator.Emulator
    const page = yield* Effect.acquireRelease(Effect.promise(servePage), (page) => Effect.promise(page.close))
    yield* Console.log(`emulator on ${emulator.url}; open the page (Ctrl-C to stop):`)
    yield* Console.log(pageAddress(page.url, emulator.url, Redacted.value(emulator.adminKey)))
    return yield* Effect.never
  })
  NodeRuntime.runMain(main.pipe(Effect.scoped, Effect.provide(Emulator.layer())))
}
