/**
 * The Promise client's parts that need no Effect, for every edition: its methods derived from the operation
 * table (the table's arguments, then the call's options), what a settled call rejects with, and the
 * messages of its own errors. An edition runs the call and builds its error classes over these.
 *
 * @internal
 */
import { type OperationName, operationNames } from "./operations.js"
import { argumentCount } from "./request.js"

// `Symbol.asyncDispose` where the program's types have it (lib `esnext.disposable`, `@types/node`), so that
// `await using` works there, and nothing where they do not (lib ES2022 + DOM), so that the declarations
// type-check in a browser project too.
type AsyncDisposeKey = SymbolConstructor extends { readonly asyncDispose: infer K extends symbol } ? K : never

/**
 * `AsyncDisposable` where the program's types know `Symbol.asyncDispose`, else nothing.
 *
 * @internal
 */
export type AsyncDisposableWhereTyped = { readonly [K in AsyncDisposeKey]: () => Promise<void> }

/**
 * One method per operation of the table: `call(name, args, options)` gets the table's arguments and the
 * call's options (whatever follows them) apart.
 *
 * @internal
 */
export const methodsOf = <Options, Out>(
  call: (name: OperationName, args: ReadonlyArray<unknown>, options: Options | undefined) => Out
): { readonly [Name in OperationName]: (...args: ReadonlyArray<unknown>) => Out } => {
  const method = (name: OperationName) => {
    const arity = argumentCount(name)
    return (...args: ReadonlyArray<unknown>) => call(name, args.slice(0, arity), args[arity] as Options | undefined)
  }
  return Object.fromEntries(operationNames.map((name) => [name, method(name)])) as {
    readonly [Name in OperationName]: (...args: ReadonlyArray<unknown>) => Out
  }
}

/**
 * What a call that did not succeed rejects with: its typed `failure` (a configuration failure is turned
 * into `InvalidConfig`), `Aborted` when only interruption stopped it and its signal was aborted,
 * `ClientClosed` when the client was disposed meanwhile, else the `defect`.
 *
 * @internal
 */
export type Rejection = "failure" | "aborted" | "closed" | "defect"

/** @internal */
export const rejectionOf = (facts: {
  readonly failed: boolean
  readonly interruptedOnly: boolean
  readonly aborted: boolean
  readonly closed: boolean
}): Rejection =>
  facts.failed ? "failure" : facts.interruptedOnly && facts.aborted ? "aborted" : facts.closed ? "closed" : "defect"

/**
 * The messages of the client's own errors; `detail` never holds the key.
 *
 * @internal
 */
export const messages = {
  invalidConfig: (operation: string, detail: string): string =>
    `Users.${operation}: the client is not configured correctly: ${detail} (nothing was sent)`,
  clientClosed: (operation: string): string => `Users.${operation}: the client was disposed; make a new one`,
  aborted: (operation: string): string => `Users.${operation}: the call was aborted`
} as const

/** The name an aborted call's error has, as `fetch` names one. @internal */
export const abortErrorName = "AbortError"
