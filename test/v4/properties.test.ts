/**
 * The properties of test/scenarios/properties.ts, run by the Effect 4 edition with fast-check (the same
 * generators and seed as the Effect 3 runner, and the runs of test/shared/propertyRuns.ts, which it shares with
 * it) against a scripted `HttpClient`, on the test clock.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import fc from "fast-check"
import {
  arbitraryResponseRuns,
  arbitraryResponses,
  createUnderFaults,
  createUnderFaultsRuns,
  hostileUsers,
  seed,
  userValues
} from "../scenarios/properties.js"
import { arbitraryResponseRun, createUnderFaultsRun, userValueRun } from "../shared/propertyRuns.js"

/** Checks a property of fast-check's, each run an Effect. */
const property = <Ts extends [unknown, ...Array<unknown>]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  run: (...values: Ts) => Effect.Effect<void>,
  numRuns: number
) =>
  Effect.promise(() =>
    fc.assert(
      fc.asyncProperty(...arbitraries, (...values: Ts) => Effect.runPromise(run(...values))),
      { seed, numRuns }
    )
  )

describe("{user} values (Effect 4)", () => {
  it.live(
    "any string either goes as one path segment that decodes back, or is refused before I/O",
    () => property<[string]>([hostileUsers(fc)], userValueRun, userValues.numRuns),
    userValues.timeoutMillis
  )
})

describe("arbitrary responses (Effect 4)", () => {
  const table = arbitraryResponses

  it.live(
    "always end typed within the deadline, with at most 3 attempts",
    () => property(arbitraryResponseRuns(fc), arbitraryResponseRun, table.numRuns),
    table.timeoutMillis
  )
})

describe("create under random faults (Effect 4)", () => {
  const table = createUnderFaults

  it.live(
    "never creates more than one user per call, and a success means the user exists as asked",
    () => property(createUnderFaultsRuns(fc), createUnderFaultsRun, table.numRuns),
    table.timeoutMillis
  )
})
