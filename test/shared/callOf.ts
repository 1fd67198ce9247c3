/**
 * A scenario's call, for the runners both editions share: `effect-rockset` is the edition under test (the
 * Effect 3 one in tsconfig.json and vitest.config.ts, the Effect 4 one in tsconfig.v4.json).
 */
import type { Effect } from "effect"
import { type RocksetError, Users } from "effect-rockset"
import type { Call } from "../scenarios/operations.js"

/** Calls an operation with a scenario's arguments, which the tables give as plain data. */
export const callOf = (call: Call): Effect.Effect<unknown, RocksetError.RocksetError, Users.Requirements> =>
  (Users[call.operation] as (
    ...args: ReadonlyArray<unknown>
  ) => Effect.Effect<unknown, RocksetError.RocksetError, Users.Requirements>)(...call.args)
