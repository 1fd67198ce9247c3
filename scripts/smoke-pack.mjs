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
//
// Those projects are the Effect 3 edition's: they install the first (Effect 3) alternative of each peer range
// and check every entry point but the Effect 4 edition's (effect-rockset/v4/*). The Effect 4 edition gets a
// fresh project of its own with no Effect 3 anywhere in it: effect ~4.1, @effect/platform-node ~4.1 (for its
// undici client), TypeScript 5.9 and Node 22 itself (the `node` npm package). There a program importing every
// v4 entry point is type-checked (strict, exactOptionalPropertyTypes, no skipLibCheck), compiled, and run on
// that Node 22 against the project's own `npx rockset-emulator`; a CommonJS file require()s every v4 entry
// point.
//
// Last, the commands: in a project that has the tarball and nothing else (no Effect at all: peers are not
// installed), `rockset-emulator` starts and `rockset-users whoami` and `list --json` talk to it; both commands
// also run in the Effect 3 project and, on Node 22, in the Effect 4 one.
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
assert.match(${resolve}("effect-rockset"), /dist\\/${format}\\/v3\\/index\\.js$/)
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
// Entry points that need Node (node:http): checked in the Node project only.
const nodeOnly = new Set(["emulator"])

// A small app: every applicable entry point imported, and the names a first program uses, typed as a user
// would type them (options given as `undefined`, errors narrowed by `_tag`).
const typedConsumer = (entries) => `
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Effect, Layer, Redacted } from "effect"
import { ApiKey, ApiServer, Policy, Users } from "effect-rockset"
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
    FetchHttpClient.layer
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

// The Effect 4 edition's packages, for its project: no Effect 3 anywhere, Node 22 from npm.
const v4Packages = [
  "effect@~4.1.0",
  "@effect/platform-node@~4.1.0",
  "node@~22.23.3",
  "typescript@~5.9.3",
  // and the consumer type-checked by TypeScript 7 too, as the Effect 3 projects are
  "ts7@npm:typescript@^7",
  "@types/node@^22"
]

// The Effect 4 program: every v4 entry point imported, and each one used as a first program would, against
// the emulator named by ROCKSET_APISERVER and ROCKSET_APIKEY (the project's own `npx rockset-emulator`).
const v4Consumer = (entries, name) =>
  [
    `import assert from "node:assert/strict"`,
    `import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"`,
    `import { Effect, Layer } from "effect"`,
    `import * as FetchHttpClient from "effect/http/FetchHttpClient"`,
    `import { ApiKey, ApiServer, OrgSync, Policy, Users } from "${name}/v4"`,
    `import { Emulator, Fault } from "${name}/v4/emulator"`,
    `import { RocksetClient } from "${name}/v4/promise"`,
    `import { InMemoryUsers } from "${name}/v4/testing"`,
    ...entries.map((entry, index) => `import * as Entry${index} from ${JSON.stringify(entry)}`),
    ``,
    `const entries: ReadonlyArray<readonly [string, object]> = [`,
    ...entries.map((entry, index) => `  [${JSON.stringify(entry)}, Entry${index}],`),
    `]`,
    `for (const [entry, module] of entries) assert.ok(Object.keys(module).length > 0, entry + " exports nothing")`,
    `const done: Array<string> = []`,
    ``,
    `// The emulator's Effect 4 face, in process: a user added, a scripted fault pending.`,
    `const local = await Effect.gen(function*() {`,
    `  const emulator = yield* Emulator.Emulator`,
    `  yield* emulator.addUser({ email: "ada@example.com", roles: ["member"] })`,
    `  yield* emulator.faults.add({ operation: "list", action: Fault.status(503) })`,
    `  const pending = yield* emulator.faults.pending`,
    `  const users = yield* emulator.users`,
    `  return { users: users.length, pending: pending.length }`,
    `}).pipe(Effect.provide(Emulator.layer({ rateLimits: false })), Effect.runPromise)`,
    `assert.deepEqual(local, { users: 2, pending: 1 })`,
    `done.push("Emulator.layer")`,
    ``,
    `// The client, against the emulator in ROCKSET_APISERVER: the current user, a missing one, the list.`,
    `const client = Layer.mergeAll(ApiKey.layerConfigWithServer({ apiKey: undefined, apiServer: undefined }), FetchHttpClient.layer)`,
    `const me = await Users.getCurrentUser().pipe(Effect.provide(client), Effect.runPromise)`,
    `assert.equal(typeof me.email, "string")`,
    `const missing: string = await Users.get("nobody@example.com").pipe(`,
    `  Effect.map((user) => user.email),`,
    `  Effect.catchTags({ NotFound: () => Effect.succeed("not found") }),`,
    `  Effect.catch((error) => Effect.succeed(error._tag)),`,
    `  Effect.provide(client),`,
    `  Effect.runPromise`,
    `)`,
    `assert.equal(missing, "not found")`,
    `const listed: ReadonlyArray<string> = await Users.list().pipe(`,
    `  Effect.map((users) => users.map((user) => user.email)),`,
    `  Policy.withPolicy(Policy.noRetry),`,
    `  Effect.provide(client),`,
    `  Effect.runPromise`,
    `)`,
    `assert.ok(listed.includes(me.email))`,
    `// A server given as a region still type-checks (and is not called).`,
    `export const regional = Users.list().pipe(Effect.provide(Layer.mergeAll(client, ApiServer.layer("use1a1"))))`,
    `done.push("Users.getCurrentUser/get/list (FetchHttpClient.layer)")`,
    `const viaUndici = await Users.getCurrentUser().pipe(`,
    `  Effect.provide(Layer.mergeAll(ApiKey.layerConfigWithServer(), NodeHttpClient.layerUndici)),`,
    `  Effect.runPromise`,
    `)`,
    `assert.equal(viaUndici.email, me.email)`,
    `done.push("Users.getCurrentUser (NodeHttpClient.layerUndici)")`,
    `const exported = await OrgSync.exportDocument().pipe(Effect.provide(Users.layer), Effect.provide(client), Effect.runPromise)`,
    `assert.ok(exported.users.some((user) => user.email === me.email))`,
    `done.push("OrgSync.exportDocument")`,
    `const inMemory = await Effect.gen(function*() {`,
    `  const users = yield* Users.Users`,
    `  return yield* users.list()`,
    `}).pipe(Effect.provide(InMemoryUsers.layer()), Effect.runPromise)`,
    `assert.ok(Array.isArray(inMemory))`,
    `done.push("Users.Users.list (InMemoryUsers.layer)")`,
    `const promiseClient = RocksetClient.fromEnv({ httpClient: NodeHttpClient.layerUndici })`,
    `try {`,
    `  assert.equal((await promiseClient.getCurrentUser()).email, me.email)`,
    `  await assert.rejects(promiseClient.get("nobody@example.com"), (error: unknown) => (error as { _tag?: string })._tag === "NotFound")`,
    `} finally {`,
    `  await promiseClient.dispose()`,
    `}`,
    `done.push("RocksetClient.getCurrentUser/get (/v4/promise)")`,
    ``,
    `console.log("v4: Node " + process.version + "; imported " + entries.map(([entry]) => entry).join(", ") + "; ran " + done.join(", "))`
  ].join("\n") + "\n"

const v4Required = `const assert = require("node:assert/strict")
for (const entry of JSON.parse(process.env.SMOKE_ENTRIES)) {
  assert.ok(Object.keys(require(entry)).length > 0, entry + " exports nothing")
  assert.match(require.resolve(entry), /dist\\/cjs\\/v4\\//)
}
console.log("v4 (CommonJS): require()d " + JSON.parse(process.env.SMOKE_ENTRIES).join(", "))
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

const bin = (cwd, name) => path.join(cwd, "node_modules", ".bin", name)

// Runs the bin as `npx rockset-emulator --port 0` would, from the project's node_modules/.bin. It prints its
// URL and admin key: as ROCKSET_APISERVER= and ROCKSET_APIKEY= lines, or as a loopback URL and a line that
// ends with "key: <key>".
const startEmulator = (cwd, env = cleanEnv) =>
  new Promise((resolve, reject) => {
    const child = spawn(bin(cwd, "rockset-emulator"), ["--port", "0"], {
      cwd,
      env,
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

// Every installed copy of a package (`name` may be scoped) under a node_modules folder, nested ones included.
const findPackages = (modules, name) => {
  const found = []
  const visit = (dir) => {
    const manifest = path.join(dir, name, "package.json")
    if (fs.existsSync(manifest)) found.push(manifest)
    if (!fs.existsSync(dir)) return
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === ".bin") continue
      const packages = entry.name.startsWith("@")
        ? fs.readdirSync(path.join(dir, entry.name)).map((inner) => path.join(dir, entry.name, inner))
        : [path.join(dir, entry.name)]
      for (const pkg of packages) visit(path.join(pkg, "node_modules"))
    }
  }
  visit(modules)
  return found
}

// `rockset-users whoami` and `list --json` against a running emulator, from a project's node_modules/.bin.
const checkCommands = async (label, cwd, emulator, env) => {
  const usersEnv = { ...env, ROCKSET_APISERVER: emulator.url, ROCKSET_APIKEY: emulator.apiKey }
  const whoami = await run(bin(cwd, "rockset-users"), ["whoami"], { cwd, env: usersEnv })
  if (!whoami.includes("admin@example.com")) throw new Error(`${label}: rockset-users whoami printed:\n${whoami}`)
  const listed = JSON.parse(await run(bin(cwd, "rockset-users"), ["list", "--json"], { cwd, env: usersEnv }))
  if (!Array.isArray(listed) || listed.length !== 1) {
    throw new Error(`${label}: rockset-users list --json gave ${listed}`)
  }
  log(`${label}: rockset-emulator started; rockset-users whoami and list --json answered from it`)
}

let server
try {
  const [packed] = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: root }))
  const tarball = path.join(work, packed.filename)
  log(`${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`)
  // A project that installs the package runs none of its scripts, and npm has none to warn about: the
  // published package.json has no scripts at all (clean-package takes them out at pack time).
  const published = JSON.parse(await run("tar", ["-xOzf", tarball, "package/package.json"], { cwd: work }))
  if (published.scripts !== undefined || published.devDependencies !== undefined) {
    throw new Error(`the packed package.json keeps ${Object.keys(published.scripts ?? published.devDependencies)}`)
  }
  if (JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts) === undefined) {
    throw new Error("package.json lost its scripts: clean-package restore did not run after the pack")
  }

  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  const entries = Object.entries(manifest.exports)
    .filter(([subpath, target]) => target !== null && subpath !== "./package.json")
    .map(([subpath]) => subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`)
  // The Effect 4 edition's entry points are checked in a project of their own; the others in the Effect 3 ones.
  const isV4 = (entry) => entry === `${manifest.name}/v4` || entry.startsWith(`${manifest.name}/v4/`)
  const v4Entries = entries.filter(isV4)
  const v3Entries = entries.filter((entry) => !isV4(entry))
  // Both majors are first-class: each entry point of the Effect 3 edition has its Effect 4 twin.
  const twinless = v3Entries
    .map((entry) =>
      entry === manifest.name ? `${manifest.name}/v4` : entry.replace(`${manifest.name}/`, `${manifest.name}/v4/`)
    )
    .filter((twin) => !v4Entries.includes(twin))
  if (twinless.length > 0) throw new Error(`the Effect 4 edition lacks ${twinless.join(", ")}`)
  const hasEmulator = v3Entries.includes(`${manifest.name}/emulator`)
  // A peer range that accepts either major ("^3.22.4 || ^4.1.0") starts with the Effect 3 one.
  const effect3Range = (range) => range.split("||")[0].trim()
  // Peers that only the Effect 3 edition uses: optional for an Effect 4 user, needed by an Effect 3 one.
  const effect3Only = new Set(["@effect/platform"])
  const effect3Peers = (all) =>
    Object.entries(manifest.peerDependencies)
      .filter(([name]) => all || manifest.peerDependenciesMeta?.[name]?.optional !== true || effect3Only.has(name))
      .map(([name, range]) => `${name}@${effect3Range(range)}`)
  const peers = effect3Peers(hasEmulator)

  const install = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
  const typescriptSpecs = typescripts.map(([alias, spec]) => `${alias}@npm:${spec}`)

  // The Effect 4 project installs while the Effect 3 ones are checked (its `node` package alone is ~30 MB).
  const v4Project = path.join(work, "v4")
  const v4Installed = v4Entries.length === 0 ? undefined : (async () => {
    fs.mkdirSync(v4Project)
    fs.writeFileSync(
      path.join(v4Project, "package.json"),
      JSON.stringify({ name: "smoke-v4", private: true, type: "module" })
    )
    await run("npm", [...install, tarball, ...v4Packages], { cwd: v4Project, timeout: 300_000 })
  })()
  v4Installed?.catch(() => {}) // awaited below; this only keeps an early failure from being unhandled
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
        SMOKE_ENTRIES: JSON.stringify(v3Entries),
        ROCKSET_APISERVER: server.url,
        ROCKSET_APIKEY: server.apiKey
      }
    })
    process.stdout.write(output)
  }
  if (hasEmulator) await checkCommands("esm (Effect 3 only)", path.join(work, "esm"), server, cleanEnv)
  server.stop()
  server = undefined

  // Types, as a consumer's tsc sees them: the Node project (the ES module one) and a browser-style one.
  const browser = path.join(work, "browser")
  fs.mkdirSync(browser)
  fs.writeFileSync(
    path.join(browser, "package.json"),
    JSON.stringify({ name: "smoke-browser", private: true, type: "module" })
  )
  const requiredPeers = effect3Peers(false)
  await run("npm", [...install, tarball, ...requiredPeers, ...typescriptSpecs], { cwd: browser })
  if (fs.existsSync(path.join(browser, "node_modules", "@types", "node"))) {
    throw new Error("the browser-style project has @types/node installed: something the package needs pulls it in")
  }
  log(`browser: installed ${path.basename(tarball)} ${[...requiredPeers, ...typescriptSpecs].join(" ")}`)
  const projects = [
    ["node", path.join(work, "esm"), v3Entries],
    ["browser", browser, v3Entries.filter((entry) => !nodeOnly.has(entry.split("/")[1] ?? ""))]
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
  // The Effect 4 edition, in a project with Effect 4 and Node 22 only.
  if (v4Installed !== undefined) {
    await v4Installed
    const modules = path.join(v4Project, "node_modules")
    const effects = findPackages(modules, "effect").map((file) => JSON.parse(fs.readFileSync(file, "utf8")).version)
    if (effects.length === 0 || effects.some((version) => !version.startsWith("4."))) {
      throw new Error(`the Effect 4 project has effect ${effects.join(", ")}: it must have Effect 4 only`)
    }
    for (const absent of ["@effect/platform", "@effect/cli"]) {
      if (findPackages(modules, absent).length > 0) throw new Error(`the Effect 4 project has ${absent}`)
    }
    // Its node_modules/.bin first, as `npx` and `npm run` would have it: `node` is the Node 22 it installed.
    const v4Env = { ...cleanEnv, PATH: `${path.join(modules, ".bin")}${path.delimiter}${cleanEnv.PATH ?? ""}` }
    const node22 = path.join(modules, ".bin", "node")
    const nodeVersion = (await run(node22, ["--version"], { cwd: v4Project })).trim()
    if (!nodeVersion.startsWith("v22.")) throw new Error(`the Effect 4 project's node is ${nodeVersion}`)
    log(
      `v4: installed ${path.basename(tarball)} ${v4Packages.join(" ")} (effect ${
        [...new Set(effects)].join(", ")
      } only)`
    )

    fs.writeFileSync(path.join(v4Project, "consumer.ts"), v4Consumer(v4Entries, manifest.name))
    fs.writeFileSync(path.join(v4Project, "required.cjs"), v4Required)
    fs.writeFileSync(
      path.join(v4Project, "tsconfig.json"),
      JSON.stringify(
        {
          compilerOptions: {
            target: "ES2022",
            // Effect 4's declarations name Web Crypto's CryptoKey, which @types/node 22 does not declare globally
            lib: ["ES2022", "DOM"],
            types: ["node"],
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
            skipLibCheck: false,
            outDir: "out"
          },
          files: ["consumer.ts"]
        },
        null,
        2
      )
    )
    // TypeScript 5.9 checks and compiles the program; TypeScript 7 checks it too
    for (const [alias, emit] of [["typescript", true], ["ts7", false]]) {
      const tsc = path.join(modules, alias, "bin", "tsc")
      const version = (await run(node22, [tsc, "--version"], { cwd: v4Project })).trim()
      await run(node22, [tsc, "-p", "tsconfig.json", ...(emit ? [] : ["--noEmit"])], { cwd: v4Project, env: v4Env })
      log(`v4: ${version} type-checks ${v4Entries.join(", ")} (strict, exactOptionalPropertyTypes, no skipLibCheck)`)
    }

    server = await startEmulator(v4Project, v4Env)
    const programEnv = { ...v4Env, ROCKSET_APISERVER: server.url, ROCKSET_APIKEY: server.apiKey }
    process.stdout.write(await run(node22, ["out/consumer.js"], { cwd: v4Project, env: programEnv }))
    process.stdout.write(
      await run(node22, ["required.cjs"], {
        cwd: v4Project,
        env: { ...programEnv, SMOKE_ENTRIES: JSON.stringify(v4Entries) }
      })
    )
    await checkCommands(`v4 (Effect 4 only, ${nodeVersion})`, v4Project, server, v4Env)
    server.stop()
    server = undefined
  }

  // The commands, in a project with the package alone: whatever the user has installed, they run.
  const bins = path.join(work, "bins")
  fs.mkdirSync(bins)
  fs.writeFileSync(path.join(bins, "package.json"), JSON.stringify({ name: "smoke-bins", private: true }))
  await run("npm", [...install, "--legacy-peer-deps", tarball], { cwd: bins })
  for (const absent of ["effect", "@effect/platform", "@effect/platform-node", "@effect/cli"]) {
    if (fs.existsSync(path.join(bins, "node_modules", absent))) throw new Error(`the bins project has ${absent}`)
  }
  log(`bins: installed ${path.basename(tarball)} alone (no effect, no @effect/* package)`)
  server = await startEmulator(bins)
  await checkCommands("bins (no Effect)", bins, server, cleanEnv)
  server.stop()
  server = undefined
  log("ok")
} finally {
  server?.stop()
  fs.rmSync(work, { recursive: true, force: true })
}
