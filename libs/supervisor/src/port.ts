/** Is anything accepting connections on host:port? A TCP connect answers without occupying the port. */
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

function connectHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "::1";
  return host.replace(/^\[(.*)\]$/, "$1");
}

/** True when a connection to host:port is accepted. */
export function isPortInUse(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: connectHost(host), port });
    const done = (inUse: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(inUse);
    };
    // A listener whose backlog is full does not answer at all: count it as in use.
    const timer = setTimeout(() => done(true), timeoutMs);
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Resolves true once nothing accepts on host:port, false if that did not happen within `timeoutMs`. */
export async function waitPortFree(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let interval = 5;
  for (;;) {
    if (!(await isPortInUse(host, port))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
    interval = Math.min(interval * 2, 100);
  }
}
