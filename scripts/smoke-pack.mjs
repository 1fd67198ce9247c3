// Packs the built package (run `npm run build` first), installs the tarball with its pinned peers into two
// fresh projects under the system temp dir, one ES module and one CommonJS, and in each imports every entry
// point the package exports and calls `Users.getCurrentUser()` over HTTP. The server is the packaged
// emulator, started through the `rockset-emulator` bin of the installed tarball, when the package has one;
// otherwise a loopback stub answering with a body shaped like a live response.
//
// Then it type-checks a consumer program, as a new user's project would, under TypeScript 5.9 and the newest
// 7.x, with `strict`, `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess` and without `skipLibCheck`:
// in the ES module project (Node: `@types/node`, NodeNext, every entry point) and in a browser-style project
// (lib ES2022 + DOM, bundler resolution, no `@types/node` installed at all, every entry point but the
// Node-only ones).
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import * as os from "node:os"
import * as path from "node:path"
import process from "node:process"
import { clearTimeout, setTimeout } from "node:timers"

const root = path.resolve(import.meta.dirname, "..")
const work = fs.mkdtempSync(path.join(os.tmpdir(), "effect-rockset-smoke-"))
const log = (line) => process.stdout.write(`smoke:pack: ${line}\n`)

// `npm run` exports its own settings (the repo as local prefix among them): npm in a temp project gets none.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_(config_local_prefix|package_|lifecycle_)/.test(name))
)

const run = (command, args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: cleanEnv,
      timeout: 180_000,
      ...options,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk) => output += chunk)
    child.stderr.on("data", (chunk) => output += chunk)
    child.on("error", reject)
    child.on("close", (code) => {
      if (code === 0) resolve(output)
      else reject(new Error(`${command} ${args.join(" ")} (in ${options.cwd}) exited with ${code}:\n${output}`))
    })
  })

// The consumer program: the same checks, written for ESM (`import`) or CommonJS (`require`).
const consumer = (format) => {
  const load = format === "esm" ? "await import" : "require"
  const resolve = format === "esm" ? "import.meta.resolve" : "require.resolve"
  const body = `
const entries = JSON.parse(process.env.SMOKE_ENTRIES)
for (const entry of entries) {
  const exported = Object.keys(${load}(entry))
  assert.ok(exported.length > 0, entry + " exports nothing")
}
assert.match(${resolve}("effect-rockset"), /dist\\/${format}\\/index\\.js$/)
assert.throws(() => ${resolve}("effect-rockset/core/version.js"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" })
const { Effect, Layer } = ${load}("effect")
const { FetchHttpClient } = ${load}("@effect/platform")
const { ApiKey, Users } = ${load}("effect-rockset")
const user = await Users.getCurrentUser().pipe(
  Effect.provide(Layer.merge(ApiKey.layerConfig(), FetchHttpClient.layer)),
  Effect.runPromise
)
assert.equal(typeof user.email, "string")
console.log("${format}: imported " + entries.join(", ") + "; getCurrentUser() is " + user.email)
`
  return format === "esm"
    ? `import assert from "node:assert/strict"\n${body}`
    : `const assert = require("node:assert/strict")\nasync function main() {${body}}\nmain().catch((error) => {\n  console.error(error)\n  process.exit(1)\n})\n`
}

// The TypeScript releases a consumer may have. Installed under aliases, side by side, in each project.
const typescripts = [["ts5", "typescript@~5.9.3"], ["ts7", "typescript@^7"]]
// Entry points that need Node (undici, node:http): checked in the Node project only.
const nodeOnly = new Set(["undici", "emulator"])

// A small app: every applicable entry point imported, and the names a first program uses, typed as a user
// would type them (options given as `undefined`, errors narrowed by `_tag`).
const typedConsumer = (entries) => `
import { Effect, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, Users } from "effect-rockset"
import { FetchClient } from "effect-rockset/fetch"
import { RocksetClient } from "effect-rockset/promise"
${entries.map((entry, index) => `import * as Entry${index} from ${JSON.stringify(entry)}`).join("\n")}

export const entries: ReadonlyArray<object> = [${entries.map((_, index) => `Entry${index}`).join(", ")}]

export const program: Effect.Effect<ReadonlyArray<string>> = Users.list().pipe(
  Effect.map((users) => users.map((user) => user.email)),
  Policy.withPolicy(Policy.noRetry),
  Effect.catchTags({ NotFound: () => Effect.succeed([]) }),
  Effect.catchAll((error) => Effect.succeed([error._tag])),
  Effect.provide(Layer.mergeAll(
    ApiKey.layerConfigWithServer({ apiKey: undefined, apiServer: undefined }),
    ApiServer.layer("use1a1"),
    FetchClient.layer
  )),
  Effect.orElseSucceed(() => ["config"])
)

export const promised = async (signal: AbortSignal | undefined): Promise<string> => {
  const client = RocksetClient.make({ apiKey: Redacted.make("key"), apiServer: undefined, userAgent: undefined })
  try {
    const me = await client.getCurrentUser({ signal, policy: undefined })
    return me.email
  } catch (error) {
    const typed: RocksetClient.ClientError | undefined = error instanceof RocksetClient.ClientClosed ? error : undefined
    return typed?._tag ?? String(error)
  } finally {
    await client.dispose()
  }
}
`

const typesConfig = (flavour) =>
  JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        ...(flavour === "node"
          ? { lib: ["ES2022"], types: ["node"], module: "NodeNext", moduleResolution: "NodeNext" }
          : { lib: ["ES2022", "DOM"], types: [], module: "ESNext", moduleResolution: "Bundler" }),
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true
      },
      files: ["consumer.ts"]
    },
    null,
    2
  )

const liveShapedUser = {
  email: "smoke@example.com",
  created_at: "2024-01-15T09:30:00Z",
  first_name: null,
  last_name: null,
  roles: ["admin"],
  state: "ACTIVE",
  phone_number: null,
  org: "smoke-org",
  invite_state: "ACCEPTED",
  orgs: [{ id: "smoke-org", display_name: "Smoke", created_at: "2024-01-15T09:30:00Z" }],
  org_memberships: [{ org: { id: "smoke-org", display_name: "Smoke" }, roles: ["admin"] }],
  country: null,
  accepted_marketing_content: false
}

const startStub = (apiKey) =>
  new Promise((resolve) => {
    const server = http.createServer((request, response) => {
      const ok = request.method === "GET" && request.url === "/v1/orgs/self/users/self" &&
        request.headers.authorization === `ApiKey ${apiKey}`
      response.writeHead(ok ? 200 : 401, { "content-type": "application/json", "cache-control": "no-store" })
      response.end(JSON.stringify(ok ? liveShapedUser : { message: "unauthorized", type: "AUTHEXCEPTION" }))
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      resolve({ url: `http://127.0.0.1:${address.port}`, apiKey, stop: () => server.close() })
    })
  })

// Runs the bin as `npx rockset-emulator --port 0` would, from the project's node_modules/.bin. It prints its
// URL and admin key: as ROCKSET_APISERVER= and ROCKSET_APIKEY= lines, or as a loopback URL and a line that
// ends with "key: <key>".
const startEmulator = (cwd) =>
  new Promise((resolve, reject) => {
    const child = spawn(path.join(cwd, "node_modules", ".bin", "rockset-emulator"), ["--port", "0"], {
      cwd,
      env: cleanEnv,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`rockset-emulator printed no URL and key within 30 s:\n${output}`))
    }, 30_000)
    const onData = (chunk) => {
      output += chunk
      const url = output.match(/ROCKSET_APISERVER=(\S+)/)?.[1] ??
        output.match(/https?:\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+/)?.[0]
      const apiKey = output.match(/ROCKSET_APIKEY=(\S+)/)?.[1] ?? output.match(/\bkey\b\W+([\x21-\x7e]+)\s*$/im)?.[1]
      if (url !== undefined && apiKey !== undefined) {
        clearTimeout(timer)
        resolve({ url, apiKey, stop: () => child.kill() })
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("error", reject)
    child.on("exit", (code) => reject(new Error(`rockset-emulator exited with ${code}:\n${output}`)))
  })

let server
try {
  const [packed] = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: root }))
  const tarball = path.join(work, packed.filename)
  log(`${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`)

  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  const entries = Object.entries(manifest.exports)
    .filter(([subpath, target]) => target !== null && subpath !== "./package.json")
    .map(([subpath]) => subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`)
  const hasEmulator = entries.includes(`${manifest.name}/emulator`)
  const peers = Object.entries(manifest.peerDependencies)
    .filter(([name]) => hasEmulator || manifest.peerDependenciesMeta?.[name]?.optional !== true)
    .map(([name, range]) => `${name}@${range}`)

  const install = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
  const typescriptSpecs = typescripts.map(([alias, spec]) => `${alias}@npm:${spec}`)
  for (const format of ["esm", "cjs"]) {
    const project = path.join(work, format)
    fs.mkdirSync(project)
    const type = format === "esm" ? "module" : "commonjs"
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: `smoke-${format}`, private: true, type })
    )
    fs.writeFileSync(path.join(project, `main.${format === "esm" ? "mjs" : "cjs"}`), consumer(format))
    // The ES module project doubles as the Node consumer whose types are checked.
    const extra = format === "esm" ? [...typescriptSpecs, "@types/node@^22"] : []
    await run("npm", [...install, tarball, ...peers, ...extra], { cwd: project })
    log(`${format}: installed ${path.basename(tarball)} ${[...peers, ...extra].join(" ")}`)
  }

  server = hasEmulator ? await startEmulator(path.join(work, "esm")) : await startStub("smoke-test-key")
  log(`calling ${hasEmulator ? "the packaged emulator" : "a loopback stub"} at ${server.url}`)
  for (const format of ["esm", "cjs"]) {
    const output = await run(process.execPath, [`main.${format === "esm" ? "mjs" : "cjs"}`], {
      cwd: path.join(work, format),
      env: {
        ...cleanEnv,
        SMOKE_ENTRIES: JSON.stringify(entries),
        ROCKSET_APISERVER: server.url,
        ROCKSET_APIKEY: server.apiKey
      }
    })
    process.stdout.write(output)
  }
  server.stop()
  server = undefined

  // Types, as a consumer's tsc sees them: the Node project (the ES module one) and a browser-style one.
  const browser = path.join(work, "browser")
  fs.mkdirSync(browser)
  fs.writeFileSync(
    path.join(browser, "package.json"),
    JSON.stringify({ name: "smoke-browser", private: true, type: "module" })
  )
  const requiredPeers = Object.entries(manifest.peerDependencies)
    .filter(([name]) => manifest.peerDependenciesMeta?.[name]?.optional !== true)
    .map(([name, range]) => `${name}@${range}`)
  await run("npm", [...install, tarball, ...requiredPeers, ...typescriptSpecs], { cwd: browser })
  if (fs.existsSync(path.join(browser, "node_modules", "@types", "node"))) {
    throw new Error("the browser-style project has @types/node installed: something the package needs pulls it in")
  }
  log(`browser: installed ${path.basename(tarball)} ${[...requiredPeers, ...typescriptSpecs].join(" ")}`)
  const projects = [
    ["node", path.join(work, "esm"), entries],
    ["browser", browser, entries.filter((entry) => !nodeOnly.has(entry.split("/")[1] ?? ""))]
  ]
  for (const [flavour, project, checked] of projects) {
    fs.writeFileSync(path.join(project, "consumer.ts"), typedConsumer(checked))
    fs.writeFileSync(path.join(project, "tsconfig.json"), typesConfig(flavour))
    for (const [alias] of typescripts) {
      const tsc = path.join(project, "node_modules", alias, "bin", "tsc")
      const version = (await run(process.execPath, [tsc, "--version"], { cwd: project })).trim()
      await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project })
      log(
        `${flavour}: ${version} type-checks ${checked.join(", ")} (strict, exactOptionalPropertyTypes, no skipLibCheck)`
      )
    }
  }
  log("ok")
} finally {
  server?.stop()
  fs.rmSync(work, { recursive: true, force: true })
}
