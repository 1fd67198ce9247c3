import { describe, expect, it } from "vitest"
import { parseErrorBody, validateErrorBody } from "../../src/core/errorBody.js"
import { excerptLength } from "../../src/core/redact.js"
import { parseRetryAfter } from "../../src/core/retryAfter.js"

describe("Retry-After", () => {
  it("delta-seconds, in milliseconds", () => {
    expect(parseRetryAfter("2", undefined, 0)).toBe(2_000)
    expect(parseRetryAfter(" 0 ", undefined, 0)).toBe(0)
  })

  it("an HTTP-date, against the response's Date when it has one, else against now", () => {
    const date = "Wed, 21 Oct 2015 07:28:00 GMT"
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:03 GMT", date, 0)).toBe(3_000)
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:03 GMT", undefined, Date.parse(date) + 1_000)).toBe(2_000)
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", date, 0)).toBe(0)
  })

  it("garbage is undefined", () => {
    for (const garbage of ["soon", "-1", "1e309", "", "Wed, 99 Foo 2015", "12345678901"]) {
      expect(parseRetryAfter(garbage, undefined, 0), garbage).toBeUndefined()
    }
    expect(parseRetryAfter(undefined, undefined, 0)).toBeUndefined()
  })
})

describe("error bodies", () => {
  const secret = "rs_SECRET_0123456789"

  it("a Rockset error body: declared fields checked, undeclared kept, the secret scrubbed", () => {
    const text = JSON.stringify({ message: `bad key ${secret}`, type: "AUTHEXCEPTION", line: null, extra: 1 })
    expect(parseErrorBody(text, secret)).toEqual({
      body: { message: "bad key <redacted>", type: "AUTHEXCEPTION", line: null, extra: 1 }
    })
  })

  it("anything else is an excerpt, scrubbed", () => {
    expect(parseErrorBody(`<html>${secret}</html>`, secret)).toEqual({ bodyExcerpt: "<html><redacted></html>" })
    expect(parseErrorBody("", secret)).toEqual({ bodyExcerpt: "" })
    expect(parseErrorBody("{not json", secret)).toEqual({ bodyExcerpt: "{not json" })
    expect(parseErrorBody("x".repeat(500), secret).bodyExcerpt).toHaveLength(excerptLength)
  })

  it("validation refuses what the schema refuses", () => {
    expect(validateErrorBody([])).toBeUndefined()
    expect(validateErrorBody(null)).toBeUndefined()
    expect(validateErrorBody({ message: 1 })).toBeUndefined()
    expect(validateErrorBody({ line: "x" })).toBeUndefined()
    expect(validateErrorBody({ message: null, internal_errors: [{ any: "thing" }] })).toBeDefined()
  })
})
