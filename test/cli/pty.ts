/**
 * Runs a command in a pseudo-terminal, as a person would in a shell: util-linux `script` gives it a terminal
 * (80 columns) and relays what the test "types" on its stdin, as keys, and what the command draws, echoes
 * included, on its stdout.
 */
import { execFileSync, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))

/** The `rockset-users` command from source, through tsx (as `npm run users` does). */
export const rocksetUsers = ["node", "--import", "tsx", "src/cli/bin.ts"]

/** Control keys as a terminal sends them. */
export const keys = { ctrlC: "\u0003", ctrlD: "\u0004", enter: "\r" } as const

// how long a step may take before the test fails (rather than hangs) on a command that never gets there
const patienceMillis = 20_000

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`

/** Escape sequences and carriage returns out, for reading the screen as text. */
export const plain = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "")

export interface Session {
  /** Everything the terminal showed so far. */
  readonly output: () => string
  /**
   * Resolves once the command reads keys one by one (the terminal in raw mode, as a prompt puts it): what is typed
   * after that is echoed only if the command draws it.
   */
  readonly waitForKeys: () => Promise<void>
  /** Types `text` (keys included) into the terminal. */
  readonly type: (text: string) => void
  /** Resolves once the screen shows `pattern`; rejects, with the screen, if the command ends or 20 s pass first. */
  readonly waitFor: (pattern: string | RegExp) => Promise<string>
  /** The command's exit code once it (and `script`) ended; rejects, with the screen, if 20 s pass first. */
  readonly exited: () => Promise<number | null>
  /** Ends `script` and the command at once. */
  readonly kill: () => void
}

/**
 * Starts `argv` in a terminal of 80 columns, in the repository, with `env` added. With `checkTerminal`, `stty -a`
 * runs in the same terminal once the command ended, so a test can see whether it was left in raw mode.
 */
export const start = (
  argv: ReadonlyArray<string>,
  options: { readonly env?: Readonly<Record<string, string>>; readonly checkTerminal?: boolean } = {}
): Session => {
  const command = [
    // the shell stays to report the terminal's state: a Ctrl-C reaches the whole foreground group, and a
    // non-interactive dash would die of it (bash waits to see how the command ended); a trapped signal is reset
    // to its default in the command
    "trap : INT",
    "echo TTY=$(tty)",
    "stty cols 80 rows 24",
    `${argv.map(quote).join(" ")}`,
    ...(options.checkTerminal === true ? ["code=$?", "echo", "echo STTY: $(stty -a)", "exit $code"] : [])
  ].join("; ")
  // \`script\` runs the command with $SHELL: one shell, whatever the machine's login shell
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    TERM: "xterm",
    SHELL: "/bin/sh",
    ...options.env
  }
  delete env["ROCKSET_APIKEY"]
  delete env["ROCKSET_APISERVER"]
  Object.assign(env, options.env)
  const child = spawn("script", ["-q", "-f", "-e", "-c", command, "/dev/null"], {
    cwd: root,
    env,
    stdio: ["pipe", "pipe", "pipe"]
  })
  let output = ""
  const waiters = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8")
    for (const waiter of waiters) waiter()
  }
  child.stdout.on("data", onData)
  child.stderr.on("data", onData)
  let ended = false
  const exited = new Promise<number | null>((resolve) => {
    child.once("close", (code) => {
      // ended before the waiters look, so that one still waiting fails now, with the screen
      ended = true
      for (const waiter of waiters) waiter()
      resolve(code)
    })
  })
  return {
    output: () => output,
    waitForKeys: async () => {
      const tty = /TTY=(\/dev\/\S+)/.exec(output)?.[1]
      if (tty === undefined) throw new Error(`no terminal named:\n${output}`)
      for (let waited = 0; waited < patienceMillis; waited += 20) {
        if (/ -icanon /.test(execFileSync("stty", ["-a", "-F", tty], { encoding: "utf8" }))) return
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      child.kill("SIGKILL")
      throw new Error(`the terminal never went raw:\n${plain(output)}`)
    },
    type: (text) => child.stdin.write(text),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check)
          // a test that fails here leaves no command waiting at a prompt
          child.kill("SIGKILL")
          reject(new Error(`the screen never showed ${String(pattern)}:\n${plain(output)}`))
        }, patienceMillis)
        const check = () => {
          const screen = plain(output)
          const found = typeof pattern === "string" ? screen.includes(pattern) : pattern.test(screen)
          if (found || ended) {
            clearTimeout(timer)
            waiters.delete(check)
            if (found) resolve(screen)
            else reject(new Error(`the command ended before showing ${String(pattern)}:\n${plain(output)}`))
          }
        }
        waiters.add(check)
        check()
      }),
    exited: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL")
          reject(new Error(`the command did not end:\n${plain(output)}`))
        }, patienceMillis)
        void exited.then((code) => {
          clearTimeout(timer)
          resolve(code)
        })
      }),
    kill: () => child.kill("SIGKILL")
  }
}
