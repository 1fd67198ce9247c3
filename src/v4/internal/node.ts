/**
 * The Node.js the Effect 4 edition needs, checked when an entry point is imported.
 *
 * Effect 4 and `@effect/platform-node` 4 declare Node 22.19 or newer; on an older Node the platform's undici
 * (8) fails as it loads, with `TypeError: Cannot read properties of undefined (reading 'bind')`, which names
 * nothing. Each entry point of the edition (`effect-rockset/v4`, `/v4/promise`, `/v4/testing`, `/v4/emulator`)
 * calls {@link requireNode} as its body runs: after its imports, which on an older Node load without error
 * (they only define values), and before any call. In a browser, Deno or Bun it reads one property and
 * returns: only a Node older than 22.19 is refused.
 *
 * @internal
 */

/** The oldest Node.js the edition runs on. */
export const minimumNode = { major: 22, minor: 19 } as const

/** What a global object may carry: Node's `process`, or a bundler's stand-in for it, or nothing (a browser). */
export interface Globals {
  readonly process?: { readonly versions?: { readonly node?: unknown } | undefined } | undefined
}

/**
 * The message for a Node older than {@link minimumNode}, or `undefined` when the version is new enough or
 * this is not Node (no `process.versions.node`).
 */
export const nodeVersionProblem = (version: unknown): string | undefined => {
  if (typeof version !== "string") return undefined
  const [major, minor] = version.split(".").map(Number)
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) return undefined
  if (major > minimumNode.major || (major === minimumNode.major && minor >= minimumNode.minor)) return undefined
  const needed = `${minimumNode.major}.${minimumNode.minor}`
  return `effect-rockset/v4 (the Effect 4 edition) needs Node.js ${needed} or newer, as Effect 4 does; ` +
    `this is Node.js ${version}. Get Node ${minimumNode.major}: with nvm, \`nvm install ${minimumNode.major}\`; ` +
    `from npm, for this project, \`npm install --save-dev node@${minimumNode.major}\` (npm scripts then run it), ` +
    `or for one command, \`npx node@${minimumNode.major} app.js\`; or from https://nodejs.org. ` +
    `On Node 20.19 or newer, the Effect 3 edition (\`effect-rockset\`) runs.`
}

/** Throws, with {@link nodeVersionProblem}'s message, on a Node older than {@link minimumNode}. */
export const requireNode = (globals: Globals = globalThis as Globals): void => {
  const problem = nodeVersionProblem(globals.process?.versions?.node)
  if (problem !== undefined) throw new Error(problem)
}
