import { describe, expect, it } from "vitest"
import { classifyTransport, isAmbiguous, isThrottling, isTransient, reasonOf } from "../../src/core/failure.js"
import { statuses } from "../../src/core/statuses.js"

const url = "http://127.0.0.1:9/v1/orgs/self/users/ada%40example.com"
const secret = "rs_SECRET_0123456789"

const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(() => {
    throw new Error("expected a rejection")
  }, (cause: unknown) => cause)

describe("transport failures", () => {
  it("fetch refusing a bad port (port 9) sent nothing", async () => {
    const cause = await rejectionOf(fetch("http://127.0.0.1:9/"))
    const facts = classifyTransport("request", "Transport", cause, url, secret)
    expect(facts.requestSent).toBe(false)
  })

  it("fetch refusing an invalid URL sent nothing", async () => {
    const cause = await rejectionOf(fetch("http://exa mple.com/"))
    expect(classifyTransport("request", "Transport", cause, url, secret)).toMatchObject({
      requestSent: false,
      code: "ERR_INVALID_URL"
    })
  })

  it("a request the runtime blocks (undici's network error, Deno's permission) sent nothing", () => {
    const blocked = new TypeError("fetch failed", { cause: new Error("blocked") })
    expect(classifyTransport("request", "Transport", blocked, url, secret).requestSent).toBe(false)
    const denied = Object.assign(new Error("Requires net access"), { name: "NotCapable" })
    expect(classifyTransport("request", "Transport", denied, url, secret).requestSent).toBe(false)
  })

  it("codes that fail before sending, and TLS codes, sent nothing; others may have", () => {
    for (
      const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "DEPTH_ZERO_SELF_SIGNED_CERT"]
    ) {
      const cause = new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) })
      expect(classifyTransport("request", "Transport", cause, url, secret)).toMatchObject({ requestSent: false, code })
    }
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
    expect(classifyTransport("request", "Transport", reset, url, secret).requestSent).toBe(true)
    expect(classifyTransport("request", "Transport", new Error("?"), url, secret).requestSent).toBe(true)
    // an AggregateError's first error carries the code
    const aggregate = new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })], "all failed")
    expect(classifyTransport("request", "Transport", aggregate, url, secret).code).toBe("ECONNREFUSED")
  })

  it("a failure while reading the body came after the request; an encoding failure before it", () => {
    expect(classifyTransport("body", "Transport", new Error("aborted"), url, secret)).toMatchObject({
      requestSent: true,
      detail: "reading the response body failed: aborted"
    })
    expect(classifyTransport("request", "Encode", new Error("bad body"), url, secret).requestSent).toBe(false)
    expect(classifyTransport("request", "InvalidUrl", undefined, url, secret)).toMatchObject({
      requestSent: false,
      detail: "the request's URL is not valid"
    })
  })

  it("the detail does not say \"transport\" again: the error's message does", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })
    expect(classifyTransport("request", "Transport", refused, url, secret).detail).toBe(
      "connect ECONNREFUSED 127.0.0.1:9"
    )
    expect(classifyTransport("request", "Transport", undefined, url, secret).detail).toBe("the request failed")
    expect(classifyTransport("body", "Transport", new Error("other side closed"), url, secret).detail).toBe(
      "reading the response body failed: other side closed"
    )
  })

  it("the detail holds neither the URL, nor the secret, nor an email", () => {
    const cause = new Error(`connect to ${url} with ${secret} for grace@example.com failed`)
    const { detail } = classifyTransport("request", "Transport", cause, url, secret)
    expect(detail).toBe("connect to <url> with <redacted> for <email> failed")
  })
})

describe("classification", () => {
  it("follows the status table's flags, for every documented status", () => {
    for (const [status, row] of Object.entries(statuses)) {
      const failure = { _tag: row.tag, status: Number(status) }
      expect(isTransient(failure), row.tag).toBe(row.transient)
      expect(isAmbiguous(failure), row.tag).toBe(row.ambiguous)
      expect(isThrottling(failure), row.tag).toBe(row.throttling)
    }
  })

  it("504 is transient and ambiguous; other undocumented statuses and decoding failures are neither", () => {
    expect(isTransient({ _tag: "UnexpectedStatus", status: 504 })).toBe(true)
    expect(isAmbiguous({ _tag: "UnexpectedStatus", status: 504 })).toBe(true)
    expect(isTransient({ _tag: "UnexpectedStatus", status: 307 })).toBe(false)
    expect(isTransient({ _tag: "Decode", status: 200 })).toBe(false)
    expect(isAmbiguous({ _tag: "Decode", status: 200 })).toBe(false)
    expect(isTransient({ _tag: "InvalidRequest" })).toBe(false)
  })

  it("transport failures: transient unless TLS, ambiguous when sent; timeouts: ambiguous, transient per attempt", () => {
    expect(isTransient({ _tag: "Transport", requestSent: true, code: "ECONNRESET" })).toBe(true)
    expect(isTransient({ _tag: "Transport", requestSent: false, code: "CERT_HAS_EXPIRED" })).toBe(false)
    expect(isTransient({ _tag: "Transport", requestSent: true })).toBe(true)
    expect(isAmbiguous({ _tag: "Transport", requestSent: true })).toBe(true)
    expect(isAmbiguous({ _tag: "Transport", requestSent: false })).toBe(false)
    expect(isTransient({ _tag: "Timeout", scope: "attempt" })).toBe(true)
    expect(isTransient({ _tag: "Timeout", scope: "total" })).toBe(false)
    expect(isAmbiguous({ _tag: "Timeout", scope: "total" })).toBe(true)
  })

  it("names a failure for a retry event", () => {
    expect(reasonOf({ _tag: "NotReady", status: 503 })).toBe("NotReady (503)")
    expect(reasonOf({ _tag: "Transport", code: "ECONNRESET" })).toBe("Transport (ECONNRESET)")
    expect(reasonOf({ _tag: "Timeout", scope: "attempt" })).toBe("Timeout")
  })
})
