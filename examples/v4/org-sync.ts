/**
 * Organisation sync: a desired-state document, the plan it gives, the changes applied with progress, then a
 * second plan that has nothing to do, and the organisation exported as a document. The same program as
 * `examples/org-sync.ts`, on Effect 4 (its `Stream` of events is Effect 4's).
 *
 * Needs ROCKSET_APIKEY (and ROCKSET_APISERVER for anything but the default region). `npm run demo` runs it
 * against the emulator, on a fresh organisation.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Console, Effect, Layer, Stream } from "effect"
import { ApiKey, OrgSync, Users } from "effect-rockset/v4"

const desired = `
users:
  - email: admin@example.com
    roles: [admin]
  - email: Ada@Example.com
    roles: [admin, member]
    first_name: Ada
  - email: grace@example.com
    roles: [member, read-only]
`

const program = Effect.gen(function*() {
  const document = yield* OrgSync.parse(desired, "yaml")
  const plan = yield* OrgSync.plan(document, { mode: "additive" })
  for (const change of plan.changes) yield* Console.log(`plan: ${change.kind} ${change.email}`)

  yield* OrgSync.applyEvents(plan).pipe(
    Stream.runForEach((event) =>
      event._tag === "Result"
        ? Console.log(`${event.done}/${event.total} ${event.result.outcome}: ${event.result.change.email}`)
        : Console.log(event._tag)
    )
  )

  const again = yield* OrgSync.plan(document)
  yield* Console.log(`second plan: ${again.changes.length} changes, ${again.skipped.length} skipped (invite pending)`)

  const exported = yield* OrgSync.exportDocument()
  yield* Console.log(OrgSync.print(exported, "yaml"))
})

await program.pipe(
  Effect.provide(
    Users.layer.pipe(Layer.provideMerge(ApiKey.layerConfigWithServer()), Layer.provide(NodeHttpClient.layerUndici))
  ),
  Effect.runPromise
)
