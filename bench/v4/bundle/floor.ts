// The floor of the Effect 4 edition: Effect 4 alone, running one effect.
import { Effect } from "effect"

Effect.runPromise(Effect.succeed(1)).then((n) => console.log(n))
