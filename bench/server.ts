/**
 * The benchmark server: plain `node:http` answering with canned live-shaped bodies, so that it costs the
 * same for every client. Routes (under an optional `/l<count>` prefix that picks the list size):
 * `GET /v1/orgs/self/users` (the list), `GET /v1/orgs/self/users/<user>` (one user) and
 * `POST /v1/orgs/self/users` (200 `{data: user}`, no state). Prints `{"port": N}` once listening.
 */
import * as Http from "node:http"
import { createBody, getBody, listBody, listSizes } from "./fixtures.js"

const headers = (body: Buffer): Http.OutgoingHttpHeaders => ({
  "content-type": "application/json",
  "content-length": body.length,
  "cache-control": "no-store",
  server: "openresty",
  "access-control-allow-origin": "*",
  "access-control-allow-headers":
    "origin, content-type, accept, authorization, organization, user-agent, x-rockset-version, baggage, sentry-trace",
  "strict-transport-security": "max-age=63072000; includeSubdomains; preload"
})

interface Canned {
  readonly body: Buffer
  readonly headers: Http.OutgoingHttpHeaders
}
const canned = (text: string): Canned => {
  const body = Buffer.from(text)
  return { body, headers: headers(body) }
}

const single = canned(getBody())
const created = canned(createBody())
const lists = new Map<string, Canned>(listSizes.map((size) => [`/l${size}`, canned(listBody(size))]))
const defaultList = lists.get("/l50")!
const notFound = canned(JSON.stringify({
  message: "Not found",
  message_key: null,
  type: "NOTFOUND",
  line: null,
  column: null,
  trace_id: "00000000-0000-0000-0000-000000000000",
  error_id: null,
  query_id: null,
  internal_errors: null
}))

const usersPath = "/v1/orgs/self/users"

const send = (response: Http.ServerResponse, status: number, answer: Canned) => {
  response.writeHead(status, answer.headers)
  response.end(answer.body)
}

const server = Http.createServer({ keepAliveTimeout: 120_000 }, (request, response) => {
  let url = request.url ?? "/"
  let list = defaultList
  if (url.startsWith("/l")) {
    const slash = url.indexOf("/", 1)
    list = lists.get(url.slice(0, slash)) ?? defaultList
    url = url.slice(slash)
  }
  if (request.method === "POST" && url === usersPath) {
    request.resume()
    request.on("end", () => send(response, 200, created))
    return
  }
  request.resume()
  if (request.method === "GET" && url === usersPath) return send(response, 200, list)
  if (request.method === "GET" && url.startsWith(usersPath + "/")) return send(response, 200, single)
  send(response, 404, notFound)
})
server.headersTimeout = 0
server.requestTimeout = 0
server.maxRequestsPerSocket = 0

server.listen(Number(process.env.BENCH_PORT ?? 0), "127.0.0.1", () => {
  const address = server.address()
  process.stdout.write(
    JSON.stringify({ port: typeof address === "object" && address !== null ? address.port : 0 }) + "\n"
  )
})

const stop = () => server.close(() => process.exit(0))
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
process.stdin.on("end", stop)
process.stdin.resume()
