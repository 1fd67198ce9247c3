/**
 * Reviewed changes' cases both editions run: a document planned and saved over the seeded organisation
 * (`sync.ts`'s), the changes to the organisation after the plan that make it stale with what each must be
 * reported as, and the organisation a revert must leave. Plain data.
 */

/** Over the seeded organisation, in exact mode: ada demoted and renamed, linus deleted, new created. */
export const document = {
  users: [
    { email: "admin@example.com", roles: ["admin"] },
    { email: "ada@example.com", roles: ["member"], first_name: "Augusta" },
    { email: "grace@example.com", roles: ["member"] },
    { email: "new@example.com", roles: ["member"], first_name: "New" }
  ]
}

export const options = { mode: "exact" as const }

/** The changes of the plan, as kind and email, in order. */
export const changes = [
  ["create", "new@example.com"],
  ["update", "ada@example.com"],
  ["delete", "linus@example.com"]
]

/** A call made to the organisation after the plan was saved. */
export type Mutation =
  | {
    readonly op: "update"
    readonly email: string
    readonly input: { readonly roles?: Array<string>; readonly first_name?: string }
  }
  | { readonly op: "create"; readonly email: string; readonly roles: Array<string> }
  | { readonly op: "deleteUser"; readonly email: string }

export interface StaleCase {
  readonly name: string
  readonly mutation: Mutation
  /** What the stale plan's error must report, as `kind email` (or `kind` alone). */
  readonly drift: ReadonlyArray<string>
}

export const staleCases: ReadonlyArray<StaleCase> = [
  {
    name: "a touched user's roles",
    mutation: { op: "update", email: "ada@example.com", input: { roles: ["read-only"] } },
    drift: ["roles ada@example.com"]
  },
  {
    name: "a touched user's names",
    mutation: { op: "update", email: "ada@example.com", input: { first_name: "Countess" } },
    drift: ["names ada@example.com"]
  },
  {
    name: "a user the plan creates, created meanwhile",
    mutation: { op: "create", email: "new@example.com", roles: ["member"] },
    drift: ["added new@example.com"]
  },
  {
    name: "a user the plan does not know",
    mutation: { op: "create", email: "carol@example.com", roles: ["member"] },
    drift: ["added carol@example.com"]
  },
  {
    name: "a user the plan deletes, deleted meanwhile",
    mutation: { op: "deleteUser", email: "linus@example.com" },
    drift: ["removed linus@example.com"]
  },
  {
    name: "a user the plan leaves unchanged, deleted",
    mutation: { op: "deleteUser", email: "grace@example.com" },
    drift: ["removed grace@example.com"]
  },
  {
    name: "a user the plan leaves alone, whose roles change",
    mutation: { op: "update", email: "grace@example.com", input: { roles: ["admin"] } },
    drift: ["changed grace@example.com"]
  },
  {
    name: "a user the plan leaves alone, whose names change",
    mutation: { op: "update", email: "grace@example.com", input: { first_name: "Amazing" } },
    drift: ["changed grace@example.com"]
  }
]

/** The drift of an error as `kind email`, to compare with a case's. */
export const driftLines = (
  drift: ReadonlyArray<{ readonly kind: string; readonly email?: string }>
): ReadonlyArray<string> => drift.map((item) => item.email === undefined ? item.kind : `${item.kind} ${item.email}`)

/**
 * The organisation after apply then revert, as email, roles, names and invite state (live, an accepted user
 * stays `NEW`, so the invite state is what tells a pending invite): every user back with their roles
 * and names; linus, whom the apply deleted, invited again (a pending invite, whose names are not shown until
 * accepted); new, whom it created, gone.
 */
export const afterRevert = [
  { email: "admin@example.com", roles: ["admin"], first_name: null, last_name: null, invite_state: "ACCEPTED" },
  {
    email: "ada@example.com",
    roles: ["admin", "member"],
    first_name: "Ada",
    last_name: "Lovelace",
    invite_state: "ACCEPTED"
  },
  { email: "grace@example.com", roles: ["member"], first_name: null, last_name: null, invite_state: "ACCEPTED" },
  { email: "linus@example.com", roles: ["read-only"], first_name: null, last_name: null, invite_state: "PENDING" }
]

/** A user as `afterRevert` lists them, sorted by email. */
export const shown = (
  users: ReadonlyArray<{
    readonly email: string
    readonly roles?: ReadonlyArray<string> | null | undefined
    readonly first_name?: string | null | undefined
    readonly last_name?: string | null | undefined
    readonly invite_state?: string | null | undefined
  }>
) =>
  users.map((user) => ({
    email: user.email,
    roles: [...(user.roles ?? [])].sort(),
    first_name: user.first_name ?? null,
    last_name: user.last_name ?? null,
    invite_state: user.invite_state ?? null
  })).sort((a, b) => a.email < b.email ? -1 : 1)
