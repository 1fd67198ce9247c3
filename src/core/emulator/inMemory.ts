/**
 * The organisation behind both editions' `InMemoryUsers`, over the emulator's domain: its start, calls made
 * as a user known by email (each user gets an API key on demand), and direct changes, each applied as one
 * step from a state to the next. The editions keep the state in a `Ref` of their major. Nothing here
 * imports Effect.
 *
 * @internal
 */
import type { OperationName } from "../operations.js"
import * as Domain from "./domain.js"
import * as Wire from "./wire.js"

/** A key no user has: a caller who is not (or no longer) a user is unauthorized, as with a deleted key. */
const noKey = "in-memory-unknown-caller"

/**
 * Why a direct change was refused, by the domain's status: the email is taken, no user has it, or the user
 * is not valid.
 *
 * @internal
 */
export const refusalReason = (failure: Domain.DomainError): "InvalidUser" | "UserExists" | "UserNotFound" =>
  failure.status === 404 ? "UserNotFound" : failure.status === 409 ? "UserExists" : "InvalidUser"

/**
 * The default caller: an admin, `admin@example.com`.
 *
 * @internal
 */
export const defaultCaller: Domain.NewUser = { email: Domain.defaultAdminEmail, roles: [Domain.adminRole] }

/**
 * The organisation a service starts with, and goes back to on reset: the caller, then the seed users.
 *
 * @internal
 */
export const initialState = (
  caller: Domain.NewUser,
  seedUsers: ReadonlyArray<Domain.NewUser>,
  now: number
): Domain.Result<Domain.State> => {
  let state = Domain.empty({ ...Domain.defaultOrganization, now })
  for (const user of [caller, ...seedUsers]) {
    const added = Domain.addUser(state, user, now)
    if (!added.ok) return added
    state = added.state
  }
  return { ok: true, value: state }
}

/**
 * Applies a step: the new state on success, the old one on a refusal (what a `Ref.modify` takes).
 *
 * @internal
 */
export const apply = <A>(
  state: Domain.State,
  f: (state: Domain.State) => Domain.Outcome<A>
): readonly [Domain.Result<A>, Domain.State] => {
  const outcome = f(state)
  return outcome.ok ? [{ ok: true, value: outcome.value }, outcome.state] : [outcome, state]
}

/** The emulator reads the body after JSON: what does not survive `JSON.stringify` never reaches it. */
const sent = (body: unknown): unknown => body === undefined ? undefined : JSON.parse(JSON.stringify(body))

/**
 * The calls of one organisation, as the user `email`: the operation's answer as the emulator's JSON text, or
 * its refusal. Keys are made on demand, numbered per organisation.
 *
 * @internal
 */
export const caller = () => {
  let nextKey = 1
  const keyFor = (state: Domain.State, email: string, now: number): readonly [Domain.State, string] => {
    if (Domain.findUser(state, email) === undefined) return [state, noKey]
    const existing = Domain.keysOf(state, email)[0]
    if (existing !== undefined) return [state, existing]
    const key = `in-memory-key-${nextKey++}`
    const added = Domain.addApiKey(state, email, key, now)
    return added.ok ? [added.state, key] : [state, noKey]
  }
  return (operation: OperationName, email: string, user: string, body: unknown, now: number) =>
  (state: Domain.State): Domain.Outcome<string> => {
    const [authorized, apiKey] = keyFor(state, email, now)
    return Wire.perform(operation, { state: authorized, apiKey, user, body: sent(body), now })
  }
}

/**
 * A refusal as the emulator's error body text, with a fresh trace id.
 *
 * @internal
 */
export const refusalJson = (failure: Domain.DomainError): string => Wire.errorJson(failure, crypto.randomUUID())

/**
 * Every user, as `list` shows them.
 *
 * @internal
 */
export const usersOf = (state: Domain.State) => state.users.map((user) => Domain.viewUser(state, user, "member"))
