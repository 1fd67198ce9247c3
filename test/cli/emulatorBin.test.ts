/**
 * The `rockset-emulator` command (issue 22, item 8): each flag its help lists does what it says, and the server
 * ends with the process that started it.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))
const bin = ["--import", "tsx", "src/v3/emulator/bin.ts"]
const started: Array<ChildProcess> = []
afterAll(() => {
  for (const child of started) child.kill("SIGKILL")
})

const run = (args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...bin, ...args], { cwd: root })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.once("close", (code) => resolve({ code, stdout, stderr }))
  })

/** Starts the emulator with `args`; resolves with its URL and key once it listens. */
const serve = (args: ReadonlyArray<string>) =>
  new Promise<{ url: string; key: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...bin, ...args], { cwd: root })
    started.push(child)
    let stdout = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /ROCKSET_APISERVER=(\S+)/.exec(stdout)?.[1]
      const key = /ROCKSET_APIKEY=(\S+)/.exec(stdout)?.[1]
      if (url !== undefined && key !== undefined) resolve({ url, key })
    })
    child.once("close", (code) => reject(new Error(`exited ${code}: ${stdout}`)))
  })

const call = async (url: string, key: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `ApiKey ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}
const create = (url: string, key: string, email: string) =>
  call(url, key, "POST", "/v1/orgs/self/users", { email, roles: ["member"] })

/** The flags `--help` lists, each shown to work by the test that names it. */
const tested = [
  "--port",
  "--host",
  "--admin-key",
  "--admin-email",
  "--seed-users",
  "--data-file",
  "--latency",
  "--fault",
  "--rate-limits",
  "--no-rate-limits",
  "--help"
]

describe("rockset-emulator", () => {
  it("--port, --host, --admin-key, --admin-email, --seed-users, --data-file", async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), "rockset-emulator-")), "org.json")
    const { key, url } = await serve([
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--admin-key",
      "fixed-key",
      "--admin-email",
      "boss@example.com",
      "--seed-users",
      "ada@example.com=admin+member,bob@example.com",
      "--data-file",
      dataFile
    ])
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(key).toBe("fixed-key")
    const me = await call(url, key, "GET", "/v1/orgs/self/users/self")
    expect(me.body["email"]).toBe("boss@example.com")
    const list = await call(url, key, "GET", "/v1/orgs/self/users")
    const users = (list.body["data"] as Array<{ email: string; roles: Array<string> }>)
      .map(({ email, roles }) => [email, roles])
    expect(users).toEqual([
      ["boss@example.com", ["admin"]],
      ["ada@example.com", ["admin", "member"]],
      ["bob@example.com", ["member"]]
    ])
    expect(existsSync(dataFile)).toBe(true)
  }, 30_000)

  it("--latency, --fault and --rate-limits: faults first, then the delay; limits per window", async () => {
    const { key, url } = await serve([
      "--latency",
      "50",
      "--fault",
      JSON.stringify({ operation: "create", action: { kind: "status", status: 503 } }),
      "--rate-limits",
      "create=2,window=60000"
    ])
    expect((await create(url, key, "a@example.com")).status).toBe(503)
    expect((await create(url, key, "b@example.com")).status).toBe(200)
    expect((await create(url, key, "c@example.com")).status).toBe(200)
    expect((await create(url, key, "d@example.com")).status).toBe(429)
    const log = await (await fetch(`${url}/_emulator/requests`)).json() as {
      data: Array<{ operation: string; fault: string | null }>
    }
    expect(log.data.map((request) => request.fault)).toEqual(["status", "latency", "latency", "latency"])
    // a reset goes back to the starting state: the users, the windows, and the rules the flags gave
    const faultsOf = async () => (await (await fetch(`${url}/_emulator/faults`)).json() as { data: unknown }).data
    expect(await faultsOf()).toHaveLength(1)
    expect((await fetch(`${url}/_emulator/reset`, { method: "POST" })).status).toBe(200)
    expect(await faultsOf()).toHaveLength(2)
    expect((await create(url, key, "a@example.com")).status).toBe(503)
    expect((await create(url, key, "a@example.com")).status).toBe(200)
    const again = await (await fetch(`${url}/_emulator/requests`)).json() as { data: Array<{ fault: string | null }> }
    expect(again.data.map((request) => request.fault)).toEqual(["status", "latency"])
    // clearing the faults clears them all, those of the flags included
    expect((await fetch(`${url}/_emulator/faults`, { method: "DELETE" })).status).toBe(200)
    expect(await faultsOf()).toEqual([])
    expect((await create(url, key, "e@example.com")).status).toBe(200)
  }, 30_000)

  it("--no-rate-limits: no 429 past the documented 10 creates a minute", async () => {
    const { key, url } = await serve(["--no-rate-limits"])
    const statuses: Array<number> = []
    for (let i = 0; i < 12; i++) statuses.push((await create(url, key, `user-${i}@example.com`)).status)
    expect(statuses.every((status) => status === 200)).toBe(true)
  }, 30_000)

  it("-h, --help lists every flag, within 80 columns; a bad value is refused with exit 2", async () => {
    const [help, short, badLatency, badFault, badLimits] = await Promise.all([
      run(["--help"]),
      run(["-h"]),
      run(["--latency", "soon"]),
      run(["--fault", "{\"action\":{\"kind\":\"nonsense\"}}"]),
      run(["--rate-limits", "writes=3"])
    ])
    expect(help.code).toBe(0)
    expect(short.stdout).toBe(help.stdout)
    expect(help.stdout.split("\n").filter((line) => line.length > 80)).toEqual([])
    const listed = new Set(
      help.stdout.match(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)?.map((line) => line.trim().split(" ").pop())
    )
    expect([...listed].sort()).toEqual([...tested].sort())
    expect([badLatency.code, badFault.code, badLimits.code]).toEqual([2, 2, 2])
    expect(badLatency.stderr).toContain("--latency")
    expect(badFault.stderr).toContain("--fault: not a fault rule")
    expect(badLimits.stderr).toContain("--rate-limits")
  }, 30_000)

  it("ends when the process that started it does (as under a killed npx)", async () => {
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const child = require("node:child_process").spawn(process.execPath, ${
          JSON.stringify(bin)
        }, { stdio: ["ignore", "pipe", "inherit"] });` +
        `child.stdout.on("data", (d) => { if (String(d).includes("ROCKSET_APIKEY")) console.log("PID=" + child.pid) })`
      ],
      { cwd: root }
    )
    started.push(parent)
    const pid = await new Promise<number>((resolve) => {
      let out = ""
      parent.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString()
        const match = /PID=(\d+)/.exec(out)
        if (match) resolve(Number(match[1]))
      })
    })
    const alive = () => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    }
    expect(alive()).toBe(true)
    parent.kill("SIGKILL")
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100))
    const orphan = alive()
    if (orphan) process.kill(pid, "SIGKILL")
    expect(orphan).toBe(false)
  }, 30_000)
})
