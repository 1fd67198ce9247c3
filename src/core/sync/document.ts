/**
 * The desired-state document of organisation sync: the organisation's users with their roles and,
 * optionally, names. Read from YAML or JSON with the position of every node, so a problem names its line,
 * column and field before any request is made. Values (emails in particular) never appear in a problem's
 * text: only where they are.
 *
 * @internal
 */
import { Document as YamlDocument, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from "yaml"
import { emailProblem, roleProblem } from "../wire.js"

/**
 * One user as the document wants them. Names are managed only when given.
 *
 * @internal
 */
export interface DesiredUser {
  readonly email: string
  readonly roles: ReadonlyArray<string>
  readonly first_name?: string | undefined
  readonly last_name?: string | undefined
}

/**
 * The document: every user of the organisation it manages.
 *
 * @internal
 */
export interface Document {
  readonly users: ReadonlyArray<DesiredUser>
}

/**
 * What is wrong with a document, and where: `line` and `column` count from 1 and are absent for a value
 * that did not come from text; `path` is the field, as `users[2].roles[0]`.
 *
 * @internal
 */
export interface Problem {
  readonly line?: number | undefined
  readonly column?: number | undefined
  readonly path: string
  readonly message: string
}

/** @internal */
export type Format = "yaml" | "json"

/** @internal */
export type Parsed = { readonly ok: true; readonly document: Document } | {
  readonly ok: false
  readonly problems: ReadonlyArray<Problem>
}

interface Position {
  readonly line?: number | undefined
  readonly column?: number | undefined
}

/** A parsed value with where it stood: the one tree both text and plain values are checked on. */
type Located =
  | { readonly kind: "map"; readonly at: Position; readonly entries: ReadonlyArray<Entry> }
  | { readonly kind: "seq"; readonly at: Position; readonly items: ReadonlyArray<Located> }
  | { readonly kind: "scalar"; readonly at: Position; readonly value: unknown }

interface Entry {
  readonly key: unknown
  readonly at: Position
  readonly value: Located
}

const nowhere: Position = {}

const fromValue = (value: unknown): Located => {
  if (Array.isArray(value)) return { kind: "seq", at: nowhere, items: value.map(fromValue) }
  if (typeof value === "object" && value !== null) {
    return {
      kind: "map",
      at: nowhere,
      entries: Object.entries(value).map(([key, item]) => ({ key, at: nowhere, value: fromValue(item) }))
    }
  }
  return { kind: "scalar", at: nowhere, value }
}

const fromNode = (node: unknown, where: (offset: number) => Position): Located => {
  const at = isNode(node) && node.range ? where(node.range[0]) : nowhere
  if (isMap(node)) {
    return {
      kind: "map",
      at,
      entries: node.items.map((pair) => {
        const key = isScalar(pair.key) ? pair.key.value : pair.key
        const keyAt = isScalar(pair.key) && pair.key.range ? where(pair.key.range[0]) : at
        // `key:` with nothing after it is a null value; it stands where its key does
        const value: Located = pair.value === null
          ? { kind: "scalar", at: keyAt, value: null }
          : fromNode(pair.value, where)
        return { key, at: keyAt, value }
      })
    }
  }
  if (isSeq(node)) return { kind: "seq", at, items: node.items.map((item) => fromNode(item, where)) }
  return { kind: "scalar", at, value: isScalar(node) ? node.value : null }
}

const describe = (located: Located): string =>
  located.kind === "map"
    ? "a mapping"
    : located.kind === "seq"
    ? "a list"
    : located.value === null
    ? "empty"
    : typeof located.value === "string"
    ? "a string"
    : typeof located.value

const userKeys = new Set(["email", "roles", "first_name", "last_name"])

/** Checks a located tree; the problems are in document order. */
const check = (root: Located): Parsed => {
  const problems: Array<Problem> = []
  const problem = (at: Position, path: string, message: string) => problems.push({ ...at, path, message })
  if (root.kind !== "map") {
    problem(root.at, "(document)", `must be a mapping with a "users" list, not ${describe(root)}`)
    return { ok: false, problems }
  }
  for (const entry of root.entries) {
    if (entry.key !== "users") problem(entry.at, String(entry.key), "is not a field of the document (only \"users\")")
  }
  const usersEntry = root.entries.find((entry) => entry.key === "users")
  if (usersEntry === undefined) {
    problem(root.at, "users", "is required: the list of the organisation's users")
    return { ok: false, problems }
  }
  if (usersEntry.value.kind !== "seq") {
    problem(usersEntry.value.at, "users", `must be a list, not ${describe(usersEntry.value)}`)
    return { ok: false, problems }
  }
  const users: Array<DesiredUser> = []
  const seen = new Map<string, { readonly path: string; readonly at: Position }>()
  usersEntry.value.items.forEach((item, index) => {
    const path = `users[${index}]`
    if (item.kind !== "map") {
      problem(item.at, path, `must be a mapping with "email" and "roles", not ${describe(item)}`)
      return
    }
    const fields = new Map<string, Entry>()
    for (const entry of item.entries) {
      if (typeof entry.key === "string" && userKeys.has(entry.key)) fields.set(entry.key, entry)
      else {
        problem(
          entry.at,
          `${path}.${String(entry.key)}`,
          "is not a field of a user (email, roles, first_name, last_name)"
        )
      }
    }
    const before = problems.length
    const email = fields.get("email")
    if (email === undefined) problem(item.at, `${path}.email`, "is required")
    else if (email.value.kind !== "scalar" || typeof email.value.value !== "string") {
      problem(email.value.at, `${path}.email`, `must be a string, not ${describe(email.value)}`)
    } else {
      const reason = emailProblem(email.value.value)
      if (reason !== undefined) problem(email.value.at, `${path}.email`, reason)
      const folded = email.value.value.toLowerCase()
      const first = seen.get(folded)
      if (first !== undefined) {
        const where = first.at.line === undefined ? "" : ` (line ${first.at.line})`
        problem(
          email.value.at,
          `${path}.email`,
          `is the same email as ${first.path}${where}, compared case-insensitively`
        )
      } else seen.set(folded, { path: `${path}.email`, at: email.value.at })
    }
    const roles = fields.get("roles")
    const roleNames: Array<string> = []
    if (roles === undefined) problem(item.at, `${path}.roles`, "is required: at least one role")
    else if (roles.value.kind !== "seq") {
      problem(roles.value.at, `${path}.roles`, `must be a list of role names, not ${describe(roles.value)}`)
    } else if (roles.value.items.length === 0) {
      problem(roles.value.at, `${path}.roles`, "must name at least one role (the API refuses a user without one)")
    } else {
      roles.value.items.forEach((role, roleIndex) => {
        const rolePath = `${path}.roles[${roleIndex}]`
        if (role.kind !== "scalar" || typeof role.value !== "string") {
          problem(role.at, rolePath, `must be a string, not ${describe(role)}`)
          return
        }
        const reason = roleProblem(role.value)
        if (reason !== undefined) problem(role.at, rolePath, reason)
        else roleNames.push(role.value)
      })
    }
    const names: { first_name?: string; last_name?: string } = {}
    for (const key of ["first_name", "last_name"] as const) {
      const name = fields.get(key)
      if (name === undefined) continue
      if (name.value.kind !== "scalar" || typeof name.value.value !== "string") {
        problem(name.value.at, `${path}.${key}`, `must be a string, not ${describe(name.value)}`)
      } else if (name.value.value.trim() === "") {
        problem(name.value.at, `${path}.${key}`, "must not be empty (leave it out to keep the name as it is)")
      } else names[key] = name.value.value
    }
    if (problems.length === before && email !== undefined && email.value.kind === "scalar") {
      users.push({ email: String(email.value.value), roles: roleNames, ...names })
    }
  })
  const inOrder = problems.map((item, index) => ({ item, index })).sort((a, b) =>
    (a.item.line ?? 0) - (b.item.line ?? 0) || (a.item.column ?? 0) - (b.item.column ?? 0) || a.index - b.index
  ).map(({ item }) => item)
  return problems.length === 0 ? { ok: true, document: { users } } : { ok: false, problems: inOrder }
}

/**
 * Checks a value that is already parsed (from code, or JSON read elsewhere): the same rules as text, with
 * paths but no lines.
 *
 * @internal
 */
export const validate = (value: unknown): Parsed => check(fromValue(value))

const jsonProblem = (error: unknown, counter: LineCounter): Problem => {
  const message = error instanceof Error ? error.message : String(error)
  const lineColumn = /line (\d+) column (\d+)/.exec(message)
  const offset = /position (\d+)/.exec(message)
  const at: Position = lineColumn !== null
    ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
    : offset !== null
    ? { line: counter.linePos(Number(offset[1])).line, column: counter.linePos(Number(offset[1])).col }
    : nowhere
  // V8's message quotes the text around the error, which may hold an email: keep only its first clause
  const reason = message.split(/, "| in JSON| at position|\(line/)[0]?.replace(/"[^"]*"/g, "").trim()
  return { ...at, path: "(document)", message: `is not valid JSON: ${reason || "syntax error"}` }
}

/**
 * Reads a document from YAML or JSON text. Syntax errors and wrong fields come back together, each with
 * its line and column.
 *
 * @internal
 */
export const parse = (text: string, format: Format): Parsed => {
  const counter = new LineCounter()
  if (format === "json") {
    try {
      JSON.parse(text)
    } catch (error) {
      counter.addNewLine(0)
      for (let i = 0; i < text.length; i++) if (text[i] === "\n") counter.addNewLine(i + 1)
      return { ok: false, problems: [jsonProblem(error, counter)] }
    }
  }
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true })
  const where = (offset: number): Position => {
    const { line, col } = counter.linePos(offset)
    return { line, column: col }
  }
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        ...where(error.pos[0]),
        path: "(document)",
        message: `is not valid ${format === "json" ? "JSON" : "YAML"}: ${error.message.replace(/ at line \d+.*$/s, "")}`
      }))
    }
  }
  return check(fromNode(document.contents, where))
}

/**
 * The format a file name implies: JSON for `.json`, YAML otherwise.
 *
 * @internal
 */
export const formatOf = (fileName: string): Format => fileName.toLowerCase().endsWith(".json") ? "json" : "yaml"

/**
 * One problem as a line of text: `line 4, column 7: users[1].roles: must name at least one role`.
 *
 * @internal
 */
export const formatProblem = (problem: Problem): string =>
  `${
    problem.line === undefined ? "" : `line ${problem.line}, column ${problem.column ?? 1}: `
  }${problem.path}: ${problem.message}`

/**
 * A document as text, users sorted by email, so that an export is stable and diffs well.
 *
 * @internal
 */
export const print = (document: Document, format: Format): string => {
  const users = [...document.users].sort((a, b) => a.email < b.email ? -1 : a.email > b.email ? 1 : 0).map((user) => ({
    email: user.email,
    roles: [...user.roles],
    ...(user.first_name === undefined ? {} : { first_name: user.first_name }),
    ...(user.last_name === undefined ? {} : { last_name: user.last_name })
  }))
  if (format === "json") return JSON.stringify({ users }, null, 2) + "\n"
  const yaml = new YamlDocument({ users })
  const list = yaml.get("users", true)
  // roles read best on one line: `roles: [admin, member]`
  if (isSeq(list)) {
    for (const item of list.items) {
      const roles = isMap(item) ? item.get("roles", true) : undefined
      if (isSeq(roles)) roles.flow = true
    }
  }
  return yaml.toString({ lineWidth: 0, flowCollectionPadding: false })
}
