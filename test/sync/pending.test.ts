/**
 * Who counts as having accepted their invite, on the live API's recorded shapes: a user stays `NEW` after
 * accepting, so the invite state decides; only an answer without one falls back to `NEW`.
 */
import { assert, describe, it } from "@effect/vitest"
import { adminsAfter, isPending, plan } from "../../src/core/sync/plan.js"
import { createdUser, currentUser } from "../fixtures/live.js"

describe("isPending", () => {
  it("follows the invite state: the recorded accepted user (still NEW) is not pending, the invited one is", () => {
    assert.deepStrictEqual([currentUser.state, currentUser.invite_state], ["NEW", "ACCEPTED"])
    assert.isFalse(isPending(currentUser))
    assert.isTrue(isPending(createdUser))
    assert.isTrue(isPending({ email: "a@b.co", state: "NEW" }), "no invite state: NEW is pending")
    assert.isFalse(isPending({ email: "a@b.co", state: "ACTIVE", invite_state: null }))
  })

  it("counts a recorded accepted admin as an admin: the minimum-admins guard lets a plan through", () => {
    const current = [currentUser, createdUser]
    const planned = plan(current, currentUser.email, { users: [{ email: currentUser.email, roles: ["admin"] }] }, {
      minAdmins: 1
    })
    assert.strictEqual(adminsAfter(current, planned.plan), 1)
    assert.isTrue(planned.ok)
  })
})
