import { assert, beforeAll, describe, it } from "@effect/vitest"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { type OperationName, operationNames } from "../src/core/operations.js"

// What an editor shows on hover, asked of TypeScript's language service as an editor asks it (quick info), for a
// file of an application beside the examples of each edition, which imports the package by its name. The
// operations' types name `User` and `HttpClient | ApiKey`, as the README does, rather than an alias of ours or
// the structure behind `User`.
const root = fileURLToPath(new URL("../", import.meta.url))

const editions = [
  { name: "Effect 3", tsconfig: "tsconfig.json", folder: "examples", entry: "effect-rockset" },
  { name: "Effect 4", tsconfig: "tsconfig.v4.json", folder: "examples/v4", entry: "effect-rockset/v4" }
] as const

// One hover target per line: `<what>.<operation>` under the cursor at the operation's name.
const application = (entry: string) => {
  const lines = [
    `import { Effect } from "effect"`,
    `import { Users } from "${entry}"`,
    `import { RocksetClient } from "${entry}/promise"`,
    `declare const client: RocksetClient.RocksetClient`,
    `export const service = Effect.gen(function*() {`,
    `  const users = yield* Users.Users`,
    ...operationNames.flatMap((name) => [`  users.${name}`, `  Users.${name}`, `  client.${name}`]),
    `  Users.make`,
    `  Users.layer`,
    `})`
  ]
  return lines.join("\n")
}

/** A language service over one application file (and what it imports), with the options of the edition's tsconfig. */
const hoverIn = (edition: (typeof editions)[number]) => {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, edition.tsconfig), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
    }
  })!
  const file = join(root, edition.folder, "__hover.ts")
  const text = application(edition.entry)
  const service = ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name)
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content)
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => name === file ? text : ts.sys.readFile(name),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories
  })
  const errors = service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))
  /** The hover text of `<what>.<member>`, the cursor on the member's name. */
  const hover = (target: string): string => {
    const at = text.indexOf(`  ${target}\n`)
    if (at < 0) throw new Error(`no ${target} in the application`)
    const info = service.getQuickInfoAtPosition(file, at + 2 + target.indexOf(".") + 1)
    return ts.displayPartsToString(info?.displayParts)
  }
  return { errors, hover }
}

// What each operation succeeds with, as the README's table names it (the application imports `Effect`, so an
// editor writes `Effect.Effect`; an array type written in a signature keeps its `ReadonlyArray`, one inferred
// reads `readonly User[]`).
const succeeds: Record<OperationName, { readonly effect: string; readonly promise: string }> = {
  create: { effect: "User", promise: "User" },
  deleteUser: { effect: "User", promise: "User" },
  get: { effect: "User", promise: "User" },
  getCurrentUser: { effect: "User", promise: "User" },
  list: { effect: "ReadonlyArray<User>", promise: "readonly User[]" },
  listUnsubscribePreferences: {
    effect: "ReadonlyArray<UnsubscribePreference>",
    promise: "readonly UnsubscribePreference[]"
  },
  updateUnsubscribePreferences: {
    effect: "ReadonlyArray<UnsubscribePreference>",
    promise: "readonly UnsubscribePreference[]"
  },
  update: { effect: "User", promise: "User" }
}

/** The text after the last `=>` of a function's hover: what it returns. */
const returned = (hover: string) => hover.slice(hover.lastIndexOf("=>") + 2).trim()

describe.each(editions)("hover types ($name)", (edition) => {
  // building the program once per edition takes seconds: a hook, with time for it
  let service: ReturnType<typeof hoverIn> | undefined
  beforeAll(() => {
    service = hoverIn(edition)
  }, 180_000)
  const hover = (target: string) => service!.hover(target)

  it("the application type-checks", () => {
    assert.deepStrictEqual(service!.errors, [])
  })

  it("Users.get reads (user: string) => Effect.Effect<User, RocksetError, HttpClient | ApiKey>", () => {
    assert.strictEqual(
      hover("Users.get"),
      "const get: (user: string) => Effect.Effect<User, RocksetError, HttpClient | ApiKey>"
    )
  })

  it.each(operationNames)("Users.%s needs HttpClient | ApiKey and succeeds with what the README says", (name) => {
    const text = returned(hover(`Users.${name}`))
    const error = name === "getCurrentUser" || name.startsWith("list") ? "CallError" : "RocksetError"
    assert.strictEqual(text, `Effect.Effect<${succeeds[name].effect}, ${error}, HttpClient | ApiKey>`)
  })

  it("Users.make and Users.layer need HttpClient | ApiKey", () => {
    assert.match(hover("Users.make"), /^const make: Effect\.Effect<Users\.Service, never, HttpClient \| ApiKey>$/)
    assert.match(hover("Users.layer"), /^const layer: Layer<Users\.Users, never, HttpClient \| ApiKey>$/)
  })

  it("client.get reads (user: string, options?) => Promise<User>", () => {
    assert.strictEqual(
      hover("client.get"),
      "(property) get: (user: string, options?: RocksetClient.CallOptions | undefined) => Promise<User>"
    )
  })

  it.each(operationNames)("the Promise client's %s resolves with User by its name, not its structure", (name) => {
    assert.strictEqual(returned(hover(`client.${name}`)), `Promise<${succeeds[name].promise}>`)
  })

  it.each(operationNames)("the Users service's %s reads the same, with nothing left to provide", (name) => {
    const error = name === "getCurrentUser" || name.startsWith("list") ? "CallError" : "RocksetError"
    assert.strictEqual(returned(hover(`users.${name}`)), `Effect.Effect<${succeeds[name].promise}, ${error}, never>`)
  })
})
