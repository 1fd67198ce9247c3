// The floor: Effect alone, running one effect.
import { Effect } from "effect"

Effect.runPromise(Effect.succeed(1)).then((n) => console.log(n))
