/**
 * The command's help (issue 22, item 7): written by hand in src/cli/help.ts, so checked against what the command
 * parses: every subcommand and every flag of each is there, with the defaults the command uses.
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import { describe, expect, it } from "@effect/vitest"
import * as Help from "../../src/cli/help.js"
import { command, subcommands } from "../../src/cli/main.js"

/**
 * Each subcommand with the flags @effect/cli parses for it, read from its own help's usage lines
 * (`- plan [--json] ... <FILE>`), less the ones it adds to every command.
 */
const parsed = (): ReadonlyArray<readonly [name: string, flags: ReadonlyArray<string>]> => {
  const text = HelpDoc.toAnsiText(Command.getHelp(command, CliConfig.defaultConfig))
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "")
  return [...plain.matchAll(/^ {2}- (\w+) (.*)$/gm)].map((match) =>
    [
      match[1]!,
      [...new Set(match[2]!.match(/--[a-z][a-z-]*/g) ?? [])]
    ] as const
  )
}

describe("rockset-users --help", () => {
  it("names every subcommand the command has, in its order", () => {
    expect(Help.commandNames).toEqual(parsed().map(([name]) => name))
    expect(Help.commandNames.length).toBe(subcommands.length)
  })

  it("each subcommand's help lists every flag it parses, with an example, within 80 columns", () => {
    for (const [name, flags] of parsed()) {
      const help = Help.render(name)
      expect(flags.length).toBeGreaterThan(0)
      for (const flag of flags) expect(help, `${name} ${flag}`).toMatch(new RegExp(`(^|[ ,])${flag}( |$)`, "m"))
      expect(help).toContain(`EXAMPLE\n  $ rockset-users ${name}`)
      expect(help.split("\n").filter((line) => line.length > 80)).toEqual([])
    }
  })

  it("shows the defaults, and --protect as optional", () => {
    const apply = Help.render("apply")
    expect(apply).toMatch(/--max-delete-share SHARE +.*\n?.*\(default 0\.25\)/)
    expect(apply).toMatch(/--min-admins N +.*\n?.*\(default 1\)/)
    expect(apply).toMatch(/--concurrency N +.*\(default 4\)/)
    expect(apply).toMatch(/--protect EMAIL +.*\n.*repeat for more \(default: none\)/)
    expect(apply).not.toMatch(/--protect \S+\.\.\./)
  })

  it("is what -h, --help, help and no arguments ask for; anything else goes to the command", () => {
    expect(Help.requested([])).toBe(Help.render())
    expect(Help.requested(["--help"])).toBe(Help.render())
    expect(Help.requested(["plan", "-h"])).toBe(Help.render("plan"))
    expect(Help.requested(["help", "apply"])).toBe(Help.render("apply"))
    expect(Help.requested(["plan", "org.yaml"])).toBeUndefined()
  })
})
