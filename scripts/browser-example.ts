/**
 * The browser example, one page for each edition: examples/browser/index.html with the script of the edition,
 * `main.ts` of examples/browser (Effect 3) or of examples/v4/browser (Effect 4). `bundle` builds an edition's
 * script with esbuild into bundle.js next to it (git-ignored), `servePage` serves the page with that bundle
 * from a loopback server. Used by test/browser/browser.test.ts and test/v4/browser.test.ts, so it imports
 * nothing of Effect: each edition's test loads only its own Effect major.
 *
 * `npm run example:browser` (`-- v4` for the Effect 4 page) builds the page, starts an emulator on another port
 * (so the page calls it across origins) and prints the page's address, with the emulator's URL and admin key
 * in the fragment.
 */
import * as esbuild from "esbuild"
import { readFile } from "node:fs/promises"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Engine from "../src/core/emulator/server.js"

const root = fileURLToPath(new URL("../", import.meta.url))

/** The folder of each edition's script (and of its bundle); the page around it is examples/browser's. */
export const editions = { v3: "examples/browser", v4: "examples/v4/browser" } as const
/** The project each edition's page is bundled by. */
const tsconfigs = { v3: "tsconfig.json", v4: "tsconfig.v4.json" } as const
export type Edition = keyof typeof editions

const pageDir = Path.join(root, editions.v3)
const bundleDir = (edition: Edition) => Path.join(root, editions[edition])

export interface Bundled {
  readonly errors: ReadonlyArray<esbuild.Message>
  /** The version of each `effect` package in the bundle: one, of the edition's major, or the page is wrong. */
  readonly effectVersions: ReadonlyArray<string>
}

/**
 * Bundles an edition's main.ts for browsers: ES modules, `effect-rockset` resolved to the edition's source
 * through the `paths` of its tsconfig, as an application's bundler would resolve the package. For the Effect 4
 * page that is tsconfig.v4.json, whose `paths` also lead `effect` to the Effect 4 install (dev/effect4), so the
 * page and the edition bundle Effect 4, while the Effect 3 page resolves Effect 3 from the top.
 */
export const bundle = async (edition: Edition): Promise<Bundled> => {
  const built = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [`${editions[edition]}/main.ts`],
    outfile: `${editions[edition]}/bundle.js`,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: "linked",
    tsconfig: tsconfigs[edition],
    metafile: true,
    logLevel: "warning"
  })
  const effectPackages = new Set(
    Object.keys(built.metafile.inputs).flatMap((input) => /^(.*\/)?node_modules\/effect\//.exec(input)?.[0] ?? [])
  )
  const effectVersions = await Promise.all(
    [...effectPackages].map(async (folder) => {
      const manifest: { readonly version: string } = JSON.parse(
        await readFile(Path.resolve(root, folder, "package.json"), "utf8")
      )
      return manifest.version
    })
  )
  return { errors: built.errors, effectVersions }
}

export interface PageServer {
  /** The page's origin, e.g. `http://localhost:41234`. */
  readonly url: string
  /** What was requested, in order (`GET /bundle.js`, ...). */
  readonly requests: () => ReadonlyArray<string>
  readonly close: () => Promise<void>
}

const files = (edition: Edition): Readonly<Record<string, readonly [file: string, contentType: string]>> => {
  const index = [Path.join(pageDir, "index.html"), "text/html; charset=utf-8"] as const
  return {
    "/": index,
    "/index.html": index,
    "/bundle.js": [Path.join(bundleDir(edition), "bundle.js"), "text/javascript; charset=utf-8"],
    "/bundle.js.map": [Path.join(bundleDir(edition), "bundle.js.map"), "application/json"]
  }
}

/**
 * Serves the page with an edition's bundle on `localhost` (a port of its own: another origin than an emulator
 * on 127.0.0.1), only the files it needs.
 */
export const servePage = (edition: Edition): Promise<PageServer> =>
  new Promise((resolve, reject) => {
    const served = files(edition)
    const seen: Array<string> = []
    const server = Http.createServer((request, response) => {
      const path = (request.url ?? "/").split("?")[0] ?? "/"
      seen.push(`${request.method} ${request.url}`)
      const entry = served[path]
      if (request.method !== "GET" || entry === undefined) {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found")
        return
      }
      readFile(entry[0]).then(
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

const isEdition = (name: string): name is Edition => Object.hasOwn(editions, name)

// The emulator's engine runs without Effect, as `rockset-emulator` does; the output is the point of the command.
const main = async (edition: string): Promise<void> => {
  if (!isEdition(edition)) {
    process.stderr.write(`browser-example: no edition "${edition}" (v3 or v4)\n`)
    process.exitCode = 2
    return
  }
  await bundle(edition)
  const started = await Engine.start()
  if (!started.ok) {
    process.stderr.write(`browser-example: ${started.failure.detail}\n`)
    process.exitCode = 1
    return
  }
  const emulator = started.value
  const page = await servePage(edition)
  process.stdout.write(`emulator on ${emulator.url}; open the page (Ctrl-C to stop):\n`)
  process.stdout.write(`${pageAddress(page.url, emulator.url, emulator.adminKey)}\n`)
  process.once("SIGINT", () => {
    Promise.all([page.close(), emulator.close()]).then(() => process.exit(0), () => process.exit(1))
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main(process.argv[2] ?? "v3")
