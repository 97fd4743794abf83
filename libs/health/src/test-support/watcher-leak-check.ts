/**
 * Run as its own Node process (`node watcher-leak-check.ts idle|in-flight`), away from the test
 * runner's own handles: starts a loopback server, watches it, stops the watcher, and prints
 * `process.getActiveResourcesInfo()` before, during and after as JSON. It never calls `process.exit`:
 * the process ending by itself is part of the proof.
 */
import http from "node:http";
import net from "node:net";
import { watchLiveness } from "../watch-liveness.ts";

const mode = process.argv[2] === "in-flight" ? "in-flight" : "idle";

const sockets = new Set<net.Socket>();
let requests = 0;
const server =
  mode === "idle"
    ? http.createServer((_req, res) => {
        requests += 1;
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"healthy"}');
      })
    : net.createServer((socket) => socket.resume()); // accepts, never answers
// Never close idle connections from the server side: a connection the watcher leaks must stay visible.
if (server instanceof http.Server) server.keepAliveTimeout = 0;
server.on("connection", (socket: net.Socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as net.AddressInfo;

const until = async (condition: () => boolean, limitMs = 10_000) => {
  const end = Date.now() + limitMs;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 1));
};

const before = process.getActiveResourcesInfo();
// idle: the first probe has answered and its kept-alive connection waits in the pool for the next one;
// in-flight: the probe is still waiting for an answer when stop() is called.
const watcher = watchLiveness(`http://127.0.0.1:${port}/health`, { intervalMs: 60_000, timeoutMs: 10_000 });
if (mode === "idle") {
  await until(() => watcher.last !== undefined);
  await new Promise((r) => setTimeout(r, 5)); // let the agent put the socket back in its pool
} else {
  await until(() => sockets.size === 1);
}
const during = process.getActiveResourcesInfo();
await watcher.stop();
// The server side sees the client's close on its own schedule: wait for that event, not for a delay.
await until(() => sockets.size === 0, 1000);
const after = process.getActiveResourcesInfo();
// A pooled client socket is unref'd and not always listed above; its server-side peer always is, and
// it closes only when the watcher closed the connection.
const openAfterStop = sockets.size;
for (const socket of sockets) socket.destroy(); // only ever needed when the watcher leaked one
server.close();
process.stdout.write(JSON.stringify({ before, during, after, openAfterStop, requests }));
