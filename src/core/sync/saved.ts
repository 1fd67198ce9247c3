/**
 * A saved plan: a plan with what it was made against, so that the plan reviewed is the plan applied. It holds
 * the mode and guards it was planned under, a fingerprint of the organisation's users as listed, the state
 * before of each user it touches, a short digest of each user listed, and a checksum of all of it. Applying it
 * first lists the organisation again: when anything moved since, the plan is stale and {@link drift} names what
 * changed, and whom (the digests place a change to a user the plan leaves alone without keeping their names).
 *
 * The hash is SHA-256 from Web Crypto (`globalThis.crypto.subtle`), the same in Node and in browsers: the
 * edition's index, which a browser bundles, cannot import `node:crypto`. The checksum keeps a plan from being
 * applied after an edit by hand or a damaged copy; it is no signature (anyone can compute it).
 *
 * @internal
 */
import { sameRoles } from "../wire.js"
import type { Mode, Names, Options, Plan, User } from "./plan.js"
import { defaults, fold, isPending } from "./plan.js"

/**
 * A user as listed, reduced to what planning reads: the state before (or after) a change.
 *
 * @internal
 */
export interface Snapshot {
  readonly email: string
  readonly roles: ReadonlyArray<string> | null
  readonly first_name: string | null
  readonly last_name: string | null
  readonly state: string | null
  readonly invite_state: string | null
}

/**
 * The mode and guards a plan was made under, every one of them given (the defaults filled in).
 *
 * @internal
 */
export interface Guards {
  readonly mode: Mode
  readonly maxDeleteShare: number
  readonly minAdmins: number
  readonly protectedEmails: ReadonlyArray<string>
}

/** @internal */
export const planFormat = "rockset-users/plan@1"

/** @internal */
export const recordFormat = "rockset-users/record@1"

/**
 * A plan with what it was made against; see the module's description.
 *
 * @internal
 */
export interface SavedPlan {
  readonly format: typeof planFormat
  /** `sync` for a plan from a desired-state document, `revert` for the inverse of a record. */
  readonly purpose: "sync" | "revert"
  readonly options: Guards
  /**
   * The organisation as listed when planned: a fingerprint of its users, how many there were, and each user's
   * digest by email ({@link digestOf}).
   */
  readonly organisation: {
    readonly fingerprint: string
    readonly users: number
    readonly digests: Readonly<Record<string, string>>
  }
  /** The users the plan changes, as they were; a user it creates is absent. */
  readonly before: ReadonlyArray<Snapshot>
  readonly plan: Plan
  /** `sha256:` and the hash of everything above, as {@link canonicalJson} writes it. */
  readonly checksum: string
}

/**
 * What moved in the organisation since a plan was made. Emails are kept for the command to show; they never
 * go into a library error's message.
 *
 * @internal
 */
export type Drift =
  | { readonly kind: "caller"; readonly planned: string; readonly now: string }
  | { readonly kind: "added"; readonly email: string; readonly planned: "create" | "unknown" }
  | { readonly kind: "removed"; readonly email: string }
  | {
    readonly kind: "roles"
    readonly email: string
    readonly from: ReadonlyArray<string> | null
    readonly to: ReadonlyArray<string> | null
  }
  | { readonly kind: "names"; readonly email: string; readonly from: Names; readonly to: Names }
  | { readonly kind: "invite"; readonly email: string; readonly from: string | null; readonly to: string | null }
  | { readonly kind: "changed"; readonly email: string }

const nullable = (value: unknown): string | null => typeof value === "string" ? value : null

/** @internal */
export const snapshotOf = (user: User): Snapshot => ({
  email: fold(user.email),
  roles: Array.isArray(user.roles) ? [...user.roles] : null,
  first_name: nullable(user.first_name),
  last_name: nullable(user.last_name),
  state: nullable(user.state),
  invite_state: nullable(user.invite_state)
})

/** @internal */
export const guardsOf = (options: Options): Guards => ({
  mode: options.mode ?? defaults.mode,
  maxDeleteShare: options.maxDeleteShare ?? defaults.maxDeleteShare,
  minAdmins: options.minAdmins ?? defaults.minAdmins,
  protectedEmails: (options.protectedEmails ?? []).map(fold)
})

/**
 * JSON with every object's keys sorted, and no white space: the one text a checksum is computed over, so
 * that a value decoded and encoded again hashes the same.
 *
 * @internal
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) {
    return `[${value.map((item) => item === undefined ? "null" : canonicalJson(item)).join(",")}]`
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value).sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/**
 * SHA-256 of a text, as `sha256:` and lower-case hex.
 *
 * @internal
 */
export const sha256 = async (text: string): Promise<string> => {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
  return `sha256:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("")}`
}

const sortedRoles = (roles: ReadonlyArray<string> | null) =>
  roles === null ? null : [...new Set(roles.map((role) => role.toLowerCase()))].sort()

/** A user as planning sees them, roles as a set: what the fingerprint and the digests are made from. */
const normalized = (user: User) => {
  const snapshot = snapshotOf(user)
  return { ...snapshot, roles: sortedRoles(snapshot.roles) }
}

/**
 * The fingerprint of an organisation's users as listed: each user's email, roles (as a set), names and invite
 * state, in email order, hashed. The same users in another order, or with their roles reordered, have the
 * same fingerprint; any change planning could see gives another.
 *
 * @internal
 */
export const fingerprint = (users: ReadonlyArray<User>): Promise<string> =>
  sha256(canonicalJson(
    users.map(normalized).sort((a, b) => a.email < b.email ? -1 : a.email > b.email ? 1 : 0)
  ))

/**
 * One user's digest: the first 16 hex digits of the SHA-256 of what the fingerprint holds of them. It tells
 * whether a user changed (their roles, names or invite) without keeping their names in the plan's file.
 *
 * @internal
 */
export const digestOf = async (user: User): Promise<string> =>
  (await sha256(canonicalJson(normalized(user)))).slice("sha256:".length, "sha256:".length + 16)

/** The content a checksum covers: everything but the checksum. */
const checksummed = (value: Record<string, unknown>): string => {
  const { checksum: _checksum, ...rest } = value
  return canonicalJson(rest)
}

/**
 * `content` with its checksum: `sha256:` and the hash of the content as {@link canonicalJson} writes it.
 *
 * @internal
 */
export const withChecksum = async <A extends object>(content: A): Promise<A & { readonly checksum: string }> => ({
  ...content,
  checksum: await sha256(checksummed(content as Record<string, unknown>))
})

/**
 * A plan saved with what it was made against: the organisation `current` as listed (the plan's caller is the
 * plan's), the guards it was planned under, and its checksum.
 *
 * @internal
 */
export const save = async (
  current: ReadonlyArray<User>,
  plan: Plan,
  options: Options,
  purpose: SavedPlan["purpose"] = "sync"
): Promise<SavedPlan> => {
  const touched = new Set(plan.changes.map((change) => change.email))
  const content = {
    format: planFormat,
    purpose,
    options: guardsOf(options),
    organisation: {
      fingerprint: await fingerprint(current),
      users: current.length,
      digests: Object.fromEntries(
        await Promise.all(current.map(async (user) => [fold(user.email), await digestOf(user)] as const))
      )
    },
    before: current.filter((user) => touched.has(fold(user.email))).map(snapshotOf),
    plan
  } as const
  return withChecksum(content)
}

/** The outcome of reading a file: its value, or why it cannot be used (never quoting it). @internal */
export type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string }

/**
 * Whether a text is a saved plan rather than a desired-state document: JSON naming the plan's format.
 *
 * @internal
 */
export const looksLikeSavedPlan = (text: string): boolean => /"format"\s*:\s*"rockset-users\/plan@/.test(text)

const parseJson = (text: string, what: string, format: string): Read => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // JSON.parse's message quotes the text, which may hold emails
    return { ok: false, reason: `it is not valid JSON, so not a ${what}` }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: `it is not a ${what}: a JSON object is expected` }
  }
  const found = (value as Record<string, unknown>)["format"]
  if (found !== format) {
    return {
      ok: false,
      reason: typeof found === "string" && found.startsWith(format.split("@")[0]!)
        ? `it is a ${what} of another version (${JSON.stringify(found)}; this one reads ${JSON.stringify(format)})`
        : `it is not a ${what}: its "format" is not ${JSON.stringify(format)}`
    }
  }
  return { ok: true, value }
}

/**
 * Reads a saved plan's text up to its shape: JSON, its format, and its checksum, which must match the content
 * (a plan edited by hand is refused). The edition then checks its shape with its Schema.
 *
 * @internal
 */
export const readSavedPlan = async (text: string): Promise<Read> => {
  const parsed = parseJson(text, "saved plan", planFormat)
  if (!parsed.ok) return parsed
  const problem = await checksumProblem(parsed.value as Record<string, unknown>)
  return problem === undefined ? parsed : { ok: false, reason: problem }
}

/** What to do instead of editing a saved plan or a record by hand. */
const insteadOfEditing = {
  plan: "it was changed after it was saved (plan again instead of editing it)",
  record: "it was changed after the apply wrote it (a record is not to be edited: revert it as written)"
} as const

/**
 * Why a saved plan's (or a record's) checksum does not hold, or `undefined` when it does.
 *
 * @internal
 */
export const checksumProblem = async (
  saved: Record<string, unknown> | SavedPlan,
  what: keyof typeof insteadOfEditing = "plan"
): Promise<string | undefined> => {
  const checksum = (saved as Record<string, unknown>)["checksum"]
  if (typeof checksum !== "string") return "it has no checksum"
  return checksum === await sha256(checksummed(saved as Record<string, unknown>))
    ? undefined
    : `its checksum does not match its content: ${insteadOfEditing[what]}`
}

/**
 * Reads a record's text up to its shape: JSON, its format, and its checksum, which must match the content (a
 * record edited by hand is refused: its revert would change what the apply never did). The edition then checks
 * its shape with its Schema.
 *
 * @internal
 */
export const readRecord = async (text: string): Promise<Read> => {
  const parsed = parseJson(text, "record of an apply", recordFormat)
  if (!parsed.ok) return parsed
  const problem = await checksumProblem(parsed.value as Record<string, unknown>, "record")
  return problem === undefined ? parsed : { ok: false, reason: problem }
}

/** A saved plan or record as the text of its file: indented JSON, ending in a newline. @internal */
export const encode = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

const namesOf = (user: { readonly first_name: string | null; readonly last_name: string | null }): Names => ({
  ...(user.first_name === null ? {} : { first_name: user.first_name }),
  ...(user.last_name === null ? {} : { last_name: user.last_name })
})

/**
 * What moved in the organisation since `saved` was made, from the organisation `current` as now listed and the
 * caller's email; empty when nothing did.
 *
 * For the users the plan touches the difference is exact (roles, names, invite, from and to); a user it leaves
 * alone who changed is named by their digest, without the values; users added or deleted since are named.
 *
 * @internal
 */
export const drift = async (
  saved: SavedPlan,
  current: ReadonlyArray<User>,
  caller: string
): Promise<ReadonlyArray<Drift>> => {
  const found: Array<Drift> = []
  if (fold(caller) !== saved.plan.caller) found.push({ kind: "caller", planned: saved.plan.caller, now: fold(caller) })
  // the same fingerprint, the same users: no need to look at each
  if (await fingerprint(current) === saved.organisation.fingerprint) return found
  const now = new Map(current.map((user) => [fold(user.email), user]))
  const before = new Map(saved.before.map((user) => [user.email, user]))
  const listed = new Map(Object.entries(saved.organisation.digests))
  const creates = new Set(saved.plan.changes.filter((change) => change.kind === "create").map((c) => c.email))
  for (const [email, was] of before) {
    const user = now.get(email)
    if (user === undefined) {
      found.push({ kind: "removed", email })
      continue
    }
    const is = snapshotOf(user)
    if (!(was.roles === null ? is.roles === null : sameRoles(is.roles, was.roles))) {
      found.push({ kind: "roles", email, from: was.roles, to: is.roles })
    }
    if (was.first_name !== is.first_name || was.last_name !== is.last_name) {
      found.push({ kind: "names", email, from: namesOf(was), to: namesOf(is) })
    }
    if (isPending(was) !== isPending(is) || was.state !== is.state || was.invite_state !== is.invite_state) {
      found.push({ kind: "invite", email, from: was.invite_state ?? was.state, to: is.invite_state ?? is.state })
    }
  }
  for (const [email, digest] of listed) {
    if (before.has(email)) continue
    const user = now.get(email)
    if (user === undefined) found.push({ kind: "removed", email })
    else if (await digestOf(user) !== digest) found.push({ kind: "changed", email })
  }
  for (const email of now.keys()) {
    if (!listed.has(email)) found.push({ kind: "added", email, planned: creates.has(email) ? "create" : "unknown" })
  }
  return found
}

const roleList = (roles: ReadonlyArray<string> | null) =>
  roles === null || roles.length === 0 ? "(none)" : roles.join(", ")
const nameText = (names: Names) =>
  [names.first_name, names.last_name].filter((n) => n !== undefined).join(" ") || "(none)"

/**
 * One line for each drift, for the command to print (emails included: it shows the user their organisation).
 *
 * @internal
 */
export const describeDrift = (item: Drift): string => {
  switch (item.kind) {
    case "caller":
      return `the API key is ${item.now}'s; the plan was made with ${item.planned}'s`
    case "added":
      return item.planned === "create"
        ? `${item.email}, whom the plan creates, exists now`
        : `${item.email} was added`
    case "removed":
      return `${item.email} was deleted`
    case "roles":
      return `${item.email}: roles were ${roleList(item.from)}, are ${roleList(item.to)}`
    case "names":
      return `${item.email}: names were ${nameText(item.from)}, are ${nameText(item.to)}`
    case "invite":
      return `${item.email}: invite was ${item.from ?? "(none)"}, is ${item.to ?? "(none)"}`
    case "changed":
      return `${item.email}, whom the plan leaves alone, changed (roles, names or invite)`
  }
}

/**
 * The counts of a drift by kind, in words, without an email: for a library error's message.
 *
 * @internal
 */
export const driftCounts = (items: ReadonlyArray<Drift>): string => {
  const count = (kind: Drift["kind"]) => items.filter((item) => item.kind === kind).length
  const parts = [
    [count("caller"), "another API key's user"],
    [count("added"), "user(s) added"],
    [count("removed"), "user(s) deleted"],
    [count("roles"), "role change(s)"],
    [count("names"), "name change(s)"],
    [count("invite"), "invite change(s)"],
    [count("changed"), "change(s) to users the plan leaves alone"]
  ] as const
  return parts.filter(([n]) => n > 0).map(([n, what]) => what === "another API key's user" ? what : `${n} ${what}`)
    .join(", ")
}

/** The reason for a file whose format is right but whose shape is not. @internal */
export const unexpectedShape = (what: string): string =>
  `it does not have the shape of a ${what} as this version writes it`
