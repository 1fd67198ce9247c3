import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"

export interface LoopbackServer {
  readonly url: string
  /** Sockets currently open on the server side. */
  readonly openSockets: () => number
  /**
   * Sockets open on the server side that have carried a request: not the fresh idle connection a client's
   * pool may open when it closes one.
   */
  readonly openUsedSockets: () => number
  /** Resolves once the server has seen `n` requests. */
  readonly requests: () => ReadonlyArray<{ readonly method: string; readonly url: string }>
  readonly closedSockets: () => number
  readonly close: () => Promise<void>
}

/** A node:http server on 127.0.0.1 with a port chosen by the system, counting its sockets. */
export const startLoopbackServer = (
  handler: (request: Http.IncomingMessage, response: Http.ServerResponse) => void
): Promise<LoopbackServer> =>
  new Promise((resolve) => {
    const sockets = new Set<Socket>()
    const used = new WeakSet<Socket>()
    const seen: Array<{ method: string; url: string }> = []
    let closed = 0
    const server = Http.createServer((request, response) => {
      seen.push({ method: request.method ?? "", url: request.url ?? "" })
      used.add(request.socket)
      handler(request, response)
    })
    server.on("connection", (socket) => {
      sockets.add(socket)
      socket.on("close", () => {
        sockets.delete(socket)
        closed++
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        openSockets: () => sockets.size,
        openUsedSockets: () => [...sockets].filter((socket) => used.has(socket)).length,
        closedSockets: () => closed,
        requests: () => [...seen],
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })

/** Polls `predicate` every 5 ms for up to `ms` (default 2 s). */
export const eventually = async (predicate: () => boolean, ms = 2_000): Promise<void> => {
  const until = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > until) throw new Error("condition not met in time")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** A request as the routed server received it. */
export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

/** The routed server: a loopback server that also keeps every request's headers and body. */
export interface RoutedServer extends LoopbackServer {
  readonly received: ReadonlyArray<Received>
}

/**
 * The answers of the routed server, by path: what both editions' `HttpClient` runtimes are tested against.
 * Any other path is a Rockset-shaped 404.
 */
export const routes: Readonly<Record<string, (response: Http.ServerResponse, received: Received) => void>> = {
  "/json": (response) => {
    response.writeHead(200, { "content-type": "application/json", "x-answer": "42", "set-cookie": "session=1" })
    response.end(JSON.stringify({ ok: true }))
  },
  "/echo": (response, received) => {
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({ headers: received.headers, body: received.body }))
  },
  "/not-json": (response) => {
    response.writeHead(200, { "content-type": "application/json" })
    response.end("<html>")
  },
  // never answers
  "/hang": () => {},
  // a head and part of a body, and nothing more
  "/partial": (response) => {
    response.writeHead(200, { "content-type": "text/plain" })
    response.write("part")
  },
  // a body cut short by the connection's end
  "/reset": (response) => {
    response.writeHead(200, { "content-type": "text/plain", "content-length": "100" })
    response.write("part")
    setTimeout(() => response.socket?.destroy(), 10)
  },
  "/chunks": (response) => {
    response.writeHead(200, { "content-type": "text/plain" })
    response.write("a")
    setTimeout(() => response.end("b"), 10)
  }
}

const notFound = (response: Http.ServerResponse) => {
  response.writeHead(404, { "content-type": "application/json" })
  response.end(JSON.stringify({ message: "not found", type: "NOTFOUND" }))
}

/** A loopback server answering by {@link routes}, once it has read each request's whole body. */
export const startRoutedServer = async (): Promise<RoutedServer> => {
  const received: Array<Received> = []
  const server = await startLoopbackServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const seen: Received = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString()
      }
      received.push(seen)
      const route = routes[seen.url]
      if (route === undefined) notFound(response)
      else route(response, seen)
    })
  })
  return { ...server, received }
}

/** A loopback port nothing listens on: one the system just gave out, closed again. */
export const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = Http.createServer()
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
