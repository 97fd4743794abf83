/**
 * A bare TCP connect: the cheap first step of a readiness poll. While nothing listens, a refused
 * connect costs about a third of a full HTTP probe; once one succeeds, the HTTP request goes out on
 * that same socket, so noticing readiness costs no second handshake.
 */
import net from "node:net";
import { errorCode } from "./http-get.ts";

export type ConnectOutcome =
  | { kind: "connected"; socket: net.Socket }
  | { kind: "failed"; code: string; message: string }
  | { kind: "timeout" };

/** Connects to `host:port`; rejects only when `signal` aborts (with `signal.reason`). */
export function tcpConnect(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ConnectOutcome> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("connect", onConnect);
      socket.off("error", onError);
    };
    const onConnect = () => {
      cleanup();
      resolve({ kind: "connected", socket });
    };
    const onError = (error: Error) => {
      cleanup();
      socket.destroy();
      resolve({ kind: "failed", code: errorCode(error), message: error.message });
    };
    const onAbort = () => {
      cleanup();
      socket.destroy();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      resolve({ kind: "timeout" });
    }, timeoutMs);
    socket.once("connect", onConnect);
    socket.once("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
