/**
 * The Users operations as the live API answers them on the wire: the domain operation, then its 200 body or
 * its error body as JSON text. The emulator sends this text over HTTP; the in-memory test layer hands it to
 * the client's own decoders. Both run the same code from the domain to the bytes, so they cannot drift.
 *
 * The domain builds every value in the recorded key order, and `JSON.stringify` keeps it.
 *
 * @internal
 */
import { type OperationName, operations } from "../operations.js"
import * as Domain from "./domain.js"

/**
 * Runs one operation of the API and writes its 200 body as the live API would: wrapped in `{ data }` when
 * the table says the result is the body's `data`.
 *
 * @internal
 */
export const perform = (operation: OperationName, call: Domain.Call): Domain.Outcome<string> => {
  const outcome = Domain.byOperation[operation](call)
  if (!outcome.ok) return outcome
  const body = operations[operation].unwrap === "data" ? { data: outcome.value } : outcome.value
  return { ok: true, state: outcome.state, value: JSON.stringify(body) }
}

/**
 * The error body of a refusal, as JSON text.
 *
 * @internal
 */
export const errorJson = (failure: Domain.DomainError, traceId: string): string =>
  JSON.stringify(Domain.errorBody(failure, traceId))
