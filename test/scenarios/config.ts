/**
 * Configuration scenarios, run by each edition's configuration tests: API server values and what they come
 * to. Plain data, so both editions read the same table.
 */
import { canaryKey } from "./secrets.js"

/** Values accepted as the API server, and the base URL each comes to. */
export const acceptedServers: ReadonlyArray<readonly [input: string, url: string]> = [
  ["usw2a1", "https://api.usw2a1.rockset.com"],
  [" USW2A1 ", "https://api.usw2a1.rockset.com"],
  ["euc1a1", "https://api.euc1a1.rockset.com"],
  ["rs2", "https://api.rs2.usw2.rockset.com"],
  ["api.use1a1.rockset.com", "https://api.use1a1.rockset.com"],
  ["https://api.example.com/", "https://api.example.com"],
  ["https://proxy.example.com/rockset/", "https://proxy.example.com/rockset"],
  ["http://localhost:1234", "http://localhost:1234"],
  ["http://127.0.0.1:1234", "http://127.0.0.1:1234"],
  ["http://127.3.2.1", "http://127.3.2.1"],
  ["http://[::1]:1234", "http://[::1]:1234"],
  ["localhost:1234", "https://localhost:1234"],
  ["api.usw2a9.example.com", "https://api.usw2a9.example.com"],
  ["https://usw2a9", "https://usw2a9"]
]

/** Values refused as the API server, before any request. */
export const refusedServers: ReadonlyArray<string> = [
  "http://api.example.com",
  "http://10.0.0.5",
  "http://localhost.evil.com",
  "http://127.0.0.1.evil.com",
  "https://u:p@api.example.com",
  "https://api.example.com/?x=1",
  "https://api.example.com/#frag",
  "ftp://api.example.com",
  "file:///etc/passwd",
  "",
  "https://"
]

/** Region-shaped values that name no region: refused with the regions listed. */
export const regionTypos: ReadonlyArray<string> = ["usw2a9", "use1a2", "rs3", "EUC2A1", "usw2"]

/** A long alphanumeric value, like an API key pasted into the server's variable: never echoed as a region. */
export const pastedKey = "k3y7f9c0a1b2c3d4e5f6a7b8c9d0e1f2"

/** What a refused server's message says, for a value with an origin, and for an empty one. */
export const serverMessages: ReadonlyArray<readonly [input: string, message: string]> = [
  [
    "http://api.example.com/x?y",
    "Invalid Rockset API server \"http://api.example.com\": plain http:// is only allowed for a loopback host " +
    "(localhost, 127.0.0.1, [::1]); use https://"
  ],
  [" ", "Invalid Rockset API server: it is empty"]
]

/**
 * Promise clients that cannot be configured, and a part of what their `InvalidConfig` says: a plain
 * `http://` server that is not loopback, a region typo, a key with a space (on the loopback server at `url`).
 */
export const misconfiguredClients = (url: string) =>
  [
    [{ apiKey: canaryKey, apiServer: "http://api.example.com" }, "plain http:// is only allowed"],
    [{ apiKey: canaryKey, apiServer: "usw2a9" }, "the regions are usw2a1"],
    [{ apiKey: `${canaryKey} x`, apiServer: url }, "Invalid Rockset API key"]
  ] as const
