/**
 * The runners of test/shared are one text for both editions: each run must see one Effect major throughout, the one
 * of its edition's module (`@test/edition`), in the packages and in the library under test alike.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { major } from "@test/edition"
import * as Effect from "effect"
import { ApiServer } from "effect-rockset"

describe(`the shared runners on the Effect ${major} edition`, () => {
  it("see effect, @effect/platform-node and effect-rockset of their edition's major", () => {
    // Effect 4 answers `Result` where Effect 3 answers `Either`, and its Node platform has a `node:http` layer by name
    assert.deepStrictEqual(
      {
        effect: "Result" in Effect ? 4 : "Either" in Effect ? 3 : undefined,
        platform: "layerNodeHttp" in NodeHttpClient ? 4 : 3,
        library: (ApiServer.make("usw2a1") as { readonly _tag: string })._tag === "Success" ? 4 : 3
      },
      { effect: major, platform: major, library: major }
    )
  })
})
