/**
 * The one place where state outlives a call: per client (the `HttpClient` object, or whatever an edition
 * keys its transport by), the retry tokens left and the rate-limit slots. Weakly held, so a client that
 * is gone takes its state with it. Plain TypeScript: nothing here imports Effect.
 *
 * @internal
 */
import type { ClientState } from "./retry.js"

const states = new WeakMap<object, ClientState>()

/**
 * The state of a client, created with a full bucket of `capacity` tokens on its first call.
 *
 * @internal
 */
export const stateOf = (client: object, capacity: number): ClientState => {
  let state = states.get(client)
  if (state === undefined) {
    state = { tokens: capacity, slots: new Map() }
    states.set(client, state)
  }
  return state
}

/**
 * The retry tokens left for a client, for tests and diagnostics.
 *
 * @internal
 */
export const retryTokens = (client: object): number | undefined => states.get(client)?.tokens
