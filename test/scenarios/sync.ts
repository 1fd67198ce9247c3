/**
 * Organisation sync's cases both editions run: the organisation a test starts from, and each guard's
 * breach (the document, the options, the error's tag and the guard it names). Plain data.
 */

/** The seed users of the organisation (the emulator's admin, `admin@example.com`, comes on top). */
export const seedUsers = [
  { email: "ada@example.com", roles: ["admin", "member"], first_name: "Ada", last_name: "Lovelace" },
  { email: "grace@example.com", roles: ["member"] },
  { email: "linus@example.com", roles: ["read-only"] }
]

/** The caller, whose API key runs the plans. */
export const caller = "admin@example.com"

/** Every user of the seeded organisation, with their roles. */
export const everyone = [
  { email: caller, roles: ["admin"] },
  ...seedUsers.map(({ email, roles }) => ({ email, roles }))
]

export interface GuardCase {
  readonly document: {
    readonly users: ReadonlyArray<{ readonly email: string; readonly roles: ReadonlyArray<string> }>
  }
  readonly options: {
    readonly mode?: "additive" | "exact"
    readonly minAdmins?: number
    readonly protectedEmails?: ReadonlyArray<string>
  }
  readonly tag: "ProtectedEmails" | "CallerChange" | "TooFewAdmins" | "DeleteShareExceeded"
  readonly guard: "protected" | "caller" | "minAdmins" | "deleteShare"
}

/**
 * What is wrong with the error a guard case's plan failed with: it must be the case's error, name its guard
 * (in its fields and its message), and hold no email in its message.
 */
export const guardErrorMismatches = (
  { guard, tag }: GuardCase,
  error: { readonly _tag: string; readonly message: string; readonly guard?: unknown }
): ReadonlyArray<string> => [
  ...(error._tag === tag ? [] : [`${guard}: the error is ${error._tag}, not ${tag}`]),
  ...("guard" in error && error.guard !== guard ? [`${guard}: the error names the guard ${String(error.guard)}`] : []),
  ...(error.message.includes(`guard "${guard}"`) ? [] : [`${guard}: the message does not name the guard`]),
  ...(/@/.test(error.message) ? [`${guard}: the message holds an email`] : [])
]

/** Each guard's breach over the seeded organisation. */
export const guardCases: ReadonlyArray<GuardCase> = [
  {
    document: { users: everyone.filter((u) => u.email !== "linus@example.com") },
    options: { mode: "exact", protectedEmails: ["LINUS@example.com"] },
    tag: "ProtectedEmails",
    guard: "protected"
  },
  {
    document: { users: everyone.filter((u) => u.email !== caller) },
    options: { mode: "exact" },
    tag: "CallerChange",
    guard: "caller"
  },
  { document: { users: [{ email: caller, roles: ["member"] }] }, options: {}, tag: "CallerChange", guard: "caller" },
  {
    document: { users: everyone.map((u) => ({ ...u, roles: u.email === caller ? u.roles : ["member"] })) },
    options: { minAdmins: 2 },
    tag: "TooFewAdmins",
    guard: "minAdmins"
  },
  {
    document: { users: everyone.slice(0, 2) },
    options: { mode: "exact" },
    tag: "DeleteShareExceeded",
    guard: "deleteShare"
  }
]
