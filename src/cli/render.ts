/**
 * What the `rockset-users` command prints: the plan as a table, a progress line, durations. Pure string
 * functions, coloured only when asked (on a terminal without NO_COLOR).
 *
 * @internal
 */
import { countsLine, details, skipReason } from "../core/sync/text.js"
import type { ApplyResult, Change, Event, Plan } from "../v3/OrgSync.js"
import * as OrgSync from "../v3/OrgSync.js"

/** @internal */
export interface Style {
  readonly color: boolean
}

const paint = (style: Style, code: number, text: string) => style.color ? `\u001b[${code}m${text}\u001b[0m` : text
const green = (style: Style, text: string) => paint(style, 32, text)
const yellow = (style: Style, text: string) => paint(style, 33, text)
const red = (style: Style, text: string) => paint(style, 31, text)
const dim = (style: Style, text: string) => paint(style, 2, text)
const bold = (style: Style, text: string) => paint(style, 1, text)

const symbol = (style: Style, change: Change) =>
  change.kind === "create"
    ? green(style, "+ create")
    : change.kind === "update"
    ? yellow(style, "~ update")
    : red(style, "- delete")

/**
 * The plan as a table, one line per change and skipped change, then a summary line.
 *
 * @internal
 */
export const planTable = (plan: Plan, style: Style): string => {
  const width = Math.max(5, ...plan.changes.map((c) => c.email.length), ...plan.skipped.map((s) => s.email.length))
  const lines = plan.changes.map((change) =>
    `  ${symbol(style, change)}  ${change.email.padEnd(width)}  ${details(change)}`
  )
  for (const skipped of plan.skipped) {
    lines.push(
      dim(style, `  ! skip    ${skipped.email.padEnd(width)}  ${skipReason(skipped)}`)
    )
  }
  const s = OrgSync.summary(plan)
  const head = OrgSync.isEmpty(plan)
    ? bold(style, "No changes.") + " The organisation matches the document."
    : bold(style, "Plan:") + ` ${countsLine(plan)}`
  const tail = `${s.unchanged} unchanged, ${s.unlisted} not listed${
    plan.mode === "additive" && s.unlisted > 0 ? " (kept: additive mode)" : ""
  }, ${s.skipped} skipped. Mode: ${plan.mode}.`
  return [...lines, ...(lines.length > 0 ? [""] : []), head, tail].join("\n") + "\n"
}

/**
 * A duration for people: `45 s`, `3 min 20 s`, `1 h 5 min`.
 *
 * @internal
 */
export const duration = (millis: number): string => {
  const seconds = Math.ceil(Math.max(0, millis) / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/**
 * Where a run is: a `Result` event, or the counts before the first change has finished.
 *
 * @internal
 */
export interface Progress {
  readonly done: number
  readonly failed: number
  readonly total: number
  readonly remainingMillis: number
}

/**
 * The progress bar of `apply`: `[########------------] 40/100  38 done, 2 failed  ~ 6 min 0 s left`; from
 * `0/100`, without a time left until there is one to say.
 *
 * @internal
 */
export const progressBar = (event: Progress, style: Style, width = 24): string => {
  const filled = event.total === 0 ? width : Math.round((event.done / event.total) * width)
  const bar = green(style, "#".repeat(filled)) + dim(style, "-".repeat(width - filled))
  const failed = event.failed > 0 ? red(style, `${event.failed} failed`) : "0 failed"
  const left = event.done === 0 && event.remainingMillis === 0 ? "" : `  ~ ${duration(event.remainingMillis)} left`
  return `[${bar}] ${event.done}/${event.total}  ${event.done - event.failed} done, ${failed}${left}`
}

/**
 * Users as aligned columns: email, roles, state.
 *
 * @internal
 */
export const userTable = (
  users: ReadonlyArray<{
    readonly email: string
    readonly roles?: ReadonlyArray<string> | null | undefined
    readonly state?: string | null | undefined
  }>
): string => {
  const rows = users.map((user) => [user.email, (user.roles ?? []).join(",") || "(no roles)", user.state ?? ""])
  const widths = [0, 1].map((column) => Math.max(0, ...rows.map((row) => row[column]?.length ?? 0)))
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd())
    .join("\n")
}

/**
 * One line for one result, for logs (no terminal) and after the bar.
 *
 * @internal
 */
export const resultLine = (event: Extract<Event, { _tag: "Result" }>, style: Style): string => {
  const { result } = event
  const what = `${result.change.kind} ${result.change.email}`
  switch (result.outcome) {
    case "applied":
      return `${green(style, "ok")}      ${what}`
    case "not-attempted":
      return `${dim(style, "skipped")} ${what} (stopped after too many failures)`
    case "failed":
      return `${red(style, "failed")}  ${what}: ${result.error.message}`
  }
}

/**
 * The result of `apply` for machines: errors as their tag and message.
 *
 * @internal
 */
export const resultJson = (result: ApplyResult) => ({
  applied: result.applied,
  failed: result.failed,
  notAttempted: result.notAttempted,
  results: result.results.map((item) =>
    item.outcome === "failed"
      ? { ...item, error: { _tag: item.error._tag, message: item.error.message } }
      : item
  )
})
