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

/** A loopback port nothing listens on: one the system just gave out, closed again. */
export const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = Http.createServer()
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
