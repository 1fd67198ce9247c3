/**
 * Scripted faults: what goes wrong, on which requests, and how many times. The rules are plain data, given
 * by the editions' `Fault` modules or as JSON to the control endpoint, which checks them here.
 *
 * @internal
 */
import { type OperationName, operationNames } from "../operations.js"
import { statusRow } from "../statuses.js"
import * as V from "./validate.js"

/** @internal */
export type Action =
  | { readonly kind: "latency"; readonly millis: number }
  | {
    readonly kind: "status"
    readonly status: number
    readonly retryAfter?: number | string | undefined
    readonly body?: "rockset" | "html" | "empty" | undefined
    readonly type?: string | undefined
    readonly message?: string | undefined
    readonly apply?: boolean | undefined
  }
  | { readonly kind: "reset"; readonly apply?: boolean | undefined }
  | { readonly kind: "stall"; readonly apply?: boolean | undefined }
  | { readonly kind: "partialBody"; readonly then: "stall" | "reset"; readonly bytes?: number | undefined }
  | { readonly kind: "drip"; readonly intervalMillis: number; readonly chunkBytes?: number | undefined }
  | { readonly kind: "malformedJson"; readonly apply?: boolean | undefined }
  | { readonly kind: "wrongShape"; readonly apply?: boolean | undefined }
  | { readonly kind: "redirect"; readonly origin: string; readonly status?: 301 | 302 | 303 | 307 | 308 | undefined }

/** @internal */
export interface Rule {
  readonly operation?: OperationName | undefined
  readonly route?: string | undefined
  readonly method?: string | undefined
  readonly times?: number | "persistent" | undefined
  readonly action: Action
}

/**
 * The part of a request a rule is matched against.
 *
 * @internal
 */
export interface Target {
  readonly operation: OperationName | undefined
  readonly route: string | undefined
  readonly method: string
}

const nonNegative = V.int({ min: 0 })
const apply = V.optional(V.boolean)

const actionGuard: V.Guard<Action> = V.tagged("kind", {
  latency: V.struct({ kind: V.literal("latency"), millis: nonNegative }),
  status: V.struct({
    kind: V.literal("status"),
    status: V.int({ min: 200, max: 599 }),
    retryAfter: V.optional(V.union(nonNegative, V.string)),
    body: V.optional(V.literal("rockset", "html", "empty")),
    type: V.optional(V.string),
    message: V.optional(V.string),
    apply
  }),
  reset: V.struct({ kind: V.literal("reset"), apply }),
  stall: V.struct({ kind: V.literal("stall"), apply }),
  partialBody: V.struct({
    kind: V.literal("partialBody"),
    then: V.literal("stall", "reset"),
    bytes: V.optional(nonNegative)
  }),
  drip: V.struct({ kind: V.literal("drip"), intervalMillis: nonNegative, chunkBytes: V.optional(V.int({ min: 1 })) }),
  malformedJson: V.struct({ kind: V.literal("malformedJson"), apply }),
  wrongShape: V.struct({ kind: V.literal("wrongShape"), apply }),
  redirect: V.struct({
    kind: V.literal("redirect"),
    origin: V.string,
    status: V.optional(V.literal(301, 302, 303, 307, 308))
  })
})

const ruleGuard: V.Guard<Rule> = V.struct({
  operation: V.optional(V.literal(...operationNames)),
  route: V.optional(V.string),
  method: V.optional(V.string),
  times: V.optional(V.union(V.int({ min: 1 }), V.literal("persistent"))),
  action: actionGuard
})

/**
 * The rules in a control request: one rule, an array of them, or `{ "data": [...] }`. Returns them, or why
 * the JSON is not rules.
 *
 * @internal
 */
export const parseRules = (input: unknown): V.Validated<ReadonlyArray<Rule>> => {
  if (V.isObject(input) && !("action" in input) && "data" in input) return parseRules(input["data"])
  if (Array.isArray(input)) return V.validate(V.array(ruleGuard), input)
  const rule = V.validate(ruleGuard, input)
  return rule.ok ? { ok: true, value: [rule.value] } : rule
}

/**
 * Whether a rule applies to a request. Omitted matchers match anything; `method` is case-insensitive.
 *
 * @internal
 */
export const matches = (rule: Rule, target: Target): boolean =>
  (rule.operation === undefined || rule.operation === target.operation) &&
  (rule.route === undefined || rule.route === target.route) &&
  (rule.method === undefined || rule.method.toUpperCase() === target.method.toUpperCase())

/**
 * Takes the fault for a request from a script: the first matching rule, which loses one of its `times`
 * (default 1; `"persistent"` never runs out). Returns the action (if any) and the script that remains.
 *
 * @internal
 */
export const take = (
  script: ReadonlyArray<Rule>,
  target: Target
): readonly [Action | undefined, ReadonlyArray<Rule>] => {
  const index = script.findIndex((rule) => matches(rule, target))
  const rule = script[index]
  if (rule === undefined) return [undefined, script]
  const times = rule.times ?? 1
  if (times === "persistent") return [rule.action, script]
  const rest = times <= 1
    ? [...script.slice(0, index), ...script.slice(index + 1)]
    : script.map((candidate, i) => i === index ? { ...candidate, times: times - 1 } : candidate)
  return [rule.action, rest]
}

/**
 * Whether the fault lets the request run first: `partialBody` and `drip` deliver the real answer, badly;
 * the others do so with `apply: true`.
 *
 * @internal
 */
export const appliesRequest = (action: Action): boolean => {
  switch (action.kind) {
    case "partialBody":
    case "drip":
      return true
    case "status":
    case "reset":
    case "stall":
    case "malformedJson":
    case "wrongShape":
      return action.apply === true
    case "latency":
    case "redirect":
      return false
  }
}

/**
 * The Rockset error `type` of an injected status: the documented one's, or a generic one by class.
 *
 * @internal
 */
export const injectedErrorType = (status: number): string =>
  statusRow(status)?.errorType ?? (status >= 500 ? "INTERNALERROR" : "BADREQUEST")

/** @internal */
export const latency = (millis: number): Action => ({ kind: "latency", millis })

/** @internal */
export const status = (
  status: number,
  options?: {
    readonly retryAfter?: number | string | undefined
    readonly body?: "rockset" | "html" | "empty" | undefined
    readonly type?: string | undefined
    readonly message?: string | undefined
    readonly apply?: boolean | undefined
  }
): Action => ({
  kind: "status",
  status,
  ...(options?.retryAfter === undefined ? {} : { retryAfter: options.retryAfter }),
  ...(options?.body === undefined ? {} : { body: options.body }),
  ...(options?.type === undefined ? {} : { type: options.type }),
  ...(options?.message === undefined ? {} : { message: options.message }),
  ...(options?.apply === undefined ? {} : { apply: options.apply })
})

/** @internal */
export const reset = (options?: { readonly apply?: boolean | undefined }): Action =>
  options?.apply === undefined ? { kind: "reset" } : { kind: "reset", apply: options.apply }

/** @internal */
export const stall = (options?: { readonly apply?: boolean | undefined }): Action =>
  options?.apply === undefined ? { kind: "stall" } : { kind: "stall", apply: options.apply }

/** @internal */
export const partialBody = (
  then: "stall" | "reset",
  options?: { readonly bytes?: number | undefined }
): Action =>
  options?.bytes === undefined ? { kind: "partialBody", then } : { kind: "partialBody", then, bytes: options.bytes }

/** @internal */
export const drip = (options: { readonly intervalMillis: number; readonly chunkBytes?: number | undefined }): Action =>
  options.chunkBytes === undefined
    ? { kind: "drip", intervalMillis: options.intervalMillis }
    : { kind: "drip", intervalMillis: options.intervalMillis, chunkBytes: options.chunkBytes }

/** @internal */
export const malformedJson = (options?: { readonly apply?: boolean | undefined }): Action =>
  options?.apply === undefined ? { kind: "malformedJson" } : { kind: "malformedJson", apply: options.apply }

/** @internal */
export const wrongShape = (options?: { readonly apply?: boolean | undefined }): Action =>
  options?.apply === undefined ? { kind: "wrongShape" } : { kind: "wrongShape", apply: options.apply }

/** @internal */
export const redirect = (
  origin: string,
  options?: { readonly status?: 301 | 302 | 303 | 307 | 308 | undefined }
): Action =>
  options?.status === undefined ? { kind: "redirect", origin } : { kind: "redirect", origin, status: options.status }
