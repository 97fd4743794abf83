/**
 * Purpose-made loopback servers for the tests: each one is real (a socket on 127.0.0.1, port 0) and
 * shows one behaviour — answers with a given status and body, accepts and never answers, speaks
 * something that is not HTTP, resets connections. `close()` destroys every connection it accepted.
 */
import http from "node:http";
import net from "node:net";

export interface TestServer {
  port: number;
  /** `http://127.0.0.1:<port><path>`. */
  url(path?: string): string;
  /** Requests received (HTTP servers) or connections accepted (raw servers). */
  readonly hits: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Connections currently open on the server side. */
  readonly openConnections: number;
  /** Resolves when every accepted connection has closed. */
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

function track(server: net.Server) {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let waiters: (() => void)[] = [];
  server.on("connection", (socket: net.Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0) {
        for (const w of waiters) w();
        waiters = [];
      }
    });
  });
  return {
    sockets,
    get connections() {
      return connections;
    },
    allClosed: () =>
      sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

async function listen(server: net.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}

function wrap(server: net.Server, port: number, counter: () => number): TestServer {
  const t = track(server);
  return {
    port,
    url: (path = "/health") => `http://127.0.0.1:${port}${path}`,
    get hits() {
      return counter();
    },
    get connections() {
      return t.connections;
    },
    get openConnections() {
      return t.sockets.size;
    },
    allConnectionsClosed: t.allClosed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of t.sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server answering every request with `handler`; pass `port` to listen on a chosen one. */
export async function startHttpServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void,
  port = 0,
): Promise<TestServer> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits += 1;
    handler(req, res, hits);
  });
  const actual = await listen(server, port);
  return wrap(server, actual, () => hits);
}

/** Answers `status` with `body` (an object is sent as JSON). */
export function jsonServer(status: number, body: unknown, port = 0): Promise<TestServer> {
  return startHttpServer((_req, res) => {
    if (typeof body === "string") {
      res.writeHead(status, { "content-type": "text/plain" }).end(body);
    } else {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    }
  }, port);
}

/** A raw TCP server: `onConnection` decides what each accepted socket sees. */
export async function startRawServer(onConnection: (socket: net.Socket) => void): Promise<TestServer> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.on("error", () => {});
    onConnection(socket);
  });
  const port = await listen(server);
  return wrap(server, port, () => accepted);
}

/** Accepts connections and never answers (reads and ignores what it is sent). */
export function silentServer(): Promise<TestServer> {
  return startRawServer((socket) => socket.resume());
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Meridian's three `/health` bodies (see shared/reference/claude-max-proxies.md). */
export const MERIDIAN_BODIES = {
  healthy: {
    status: "healthy",
    version: "1.40.0",
    auth: { loggedIn: true, email: "dev@example.com", subscriptionType: "max" },
    mode: "internal",
    plugin: { opencode: "not-configured" },
  },
  unhealthy: {
    status: "unhealthy",
    version: "1.40.0",
    error: "Not logged in. Run: claude login",
    auth: { loggedIn: false },
  },
  degraded: {
    status: "degraded",
    version: "1.40.0",
    error: "Could not verify auth status",
    mode: "internal",
  },
} as const;
