/**
 * A plan in words: each change's details and each skip's reason (the command's table prints them), and a saved
 * plan as Markdown for a pull-request comment: a summary line, a table of the changes, the guards.
 *
 * @internal
 */
import type { Change, Plan, Skipped } from "./plan.js"
import { isEmpty, summary } from "./plan.js"
import type { SavedPlan } from "./saved.js"

const roles = (list: ReadonlyArray<string>) => list.length === 0 ? "(none)" : list.join(", ")
const name = (value: string | undefined) => value === undefined ? "(none)" : value === "" ? "(cleared)" : value

/**
 * What a change does, as `roles: member → admin; first_name: (none) → Ada`.
 *
 * @internal
 */
export const details = (change: Change): string => {
  switch (change.kind) {
    case "create": {
      const names = [change.first_name, change.last_name].filter((part) => part !== undefined).join(" ")
      return `roles: ${roles(change.roles)}${names === "" ? "" : `; name: ${names}`}${
        change.reinvite === true ? "; invited again: back as a pending invite (names once accepted)" : ""
      }`
    }
    case "update": {
      const parts: Array<string> = []
      if (change.roles !== undefined) parts.push(`roles: ${roles(change.roles.from)} → ${roles(change.roles.to)}`)
      if (change.names !== undefined) {
        for (const key of ["first_name", "last_name"] as const) {
          const to = change.names.to[key]
          if (to !== undefined) parts.push(`${key}: ${name(change.names.from[key])} → ${name(to)}`)
        }
      }
      return parts.join("; ")
    }
    case "delete":
      return `roles: ${roles(change.roles)}`
  }
}

/**
 * Why a change is skipped.
 *
 * @internal
 */
export const skipReason = (skipped: Skipped): string => {
  switch (skipped.reason) {
    case "invite-pending":
      return "names: invite pending, set once accepted"
    case "deleted-since":
      return "deleted since the apply: nothing to put back"
    case "no-roles":
      return "had no roles: cannot be invited again"
  }
}

/**
 * The counts of a plan as one sentence: `1 to create, 2 to update (1 role, 1 name), 0 to delete.`
 *
 * @internal
 */
export const countsLine = (plan: Plan): string => {
  const s = summary(plan)
  const updates = plan.changes.filter((change) => change.kind === "update").length
  return `${s.creates} to create, ${updates} to update (${s.roleChanges} role, ${s.nameChanges} name), ${s.deletes} to delete.`
}

const cell = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ")
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``

const symbols = { create: "+ create", update: "~ update", delete: "- delete" } as const

/**
 * A saved plan as Markdown, for a pull-request comment: a heading with the counts, a table of the changes and
 * skipped changes, the mode and guards, and what it was made against.
 *
 * @internal
 */
export const markdown = (saved: SavedPlan): string => {
  const { options, plan } = saved
  const s = summary(plan)
  const title = saved.purpose === "revert" ? "rockset-users revert" : "rockset-users plan"
  const head = isEmpty(plan)
    ? `### ${title}: no changes`
    : `### ${title}: ${countsLine(plan).replace(/\.$/, "")}`
  const rows = [
    ...plan.changes.map((change) => `| ${symbols[change.kind]} | ${code(change.email)} | ${cell(details(change))} |`),
    ...plan.skipped.map((skipped) => `| ! skip | ${code(skipped.email)} | ${cell(skipReason(skipped))} |`)
  ]
  const table = rows.length === 0 ? [] : ["| change | user | details |", "|---|---|---|", ...rows, ""]
  const guards = [
    `mode **${options.mode}**${
      options.mode === "additive" ? " (never deletes)" : " (deletes users the file does not list)"
    }`,
    `max delete share ${Math.round(options.maxDeleteShare * 100)}%`,
    `min admins ${options.minAdmins}`,
    `protected: ${options.protectedEmails.length === 0 ? "none" : options.protectedEmails.map(code).join(", ")}`,
    "the caller is never deleted or demoted"
  ]
  const reinvites = plan.changes.filter((change) => change.kind === "create" && change.reinvite === true).length
  return [
    head,
    "",
    ...table,
    `${s.unchanged} unchanged, ${s.unlisted} not listed${
      plan.mode === "additive" && s.unlisted > 0 ? " (kept: additive mode)" : ""
    }, ${s.skipped} skipped.${
      reinvites > 0
        ? ` ${reinvites} deleted user(s) are invited again: they come back as pending invites, with their roles.`
        : ""
    }`,
    "",
    `**Guards:** ${guards.join(" · ")}`,
    "",
    `Made against ${saved.organisation.users} user(s) as ${code(plan.caller)} listed them (fingerprint ${
      code(saved.organisation.fingerprint.slice(0, 19))
    }); applying the saved plan refuses it if the organisation has moved since.`
  ].join("\n") + "\n"
}
