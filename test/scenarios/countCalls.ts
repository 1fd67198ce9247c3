/**
 * Counts the calls of the named methods of `target`, patched on the instance: how the runtimes' tests tell
 * the `HttpClient` way (undici's `Dispatcher.request`, which dispatches in turn) from the direct way (a
 * `dispatch` alone), on a dispatcher of either undici major.
 */
export const countCalls = <const Name extends string>(
  target: { readonly [K in Name]: (...args: ReadonlyArray<never>) => unknown },
  names: ReadonlyArray<Name>
): { readonly [K in Name]: number } => {
  const counts = {} as Record<Name, number>
  for (const name of names) {
    counts[name] = 0
    const original = target[name]
    Object.defineProperty(target, name, {
      configurable: true,
      value(this: unknown, ...args: Array<unknown>) {
        counts[name]++
        return Reflect.apply(original, this, args)
      }
    })
  }
  return counts
}
