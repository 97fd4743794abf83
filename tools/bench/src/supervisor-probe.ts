/** The probe our supervisor gets in the benchmarks: one GET /health, the way the app wires it. */
import { request } from "node:http";
import type { Probe } from "@proxykit/supervisor";

export const HOST = "127.0.0.1";

/** GET http://host:port/health on a fresh connection → `{ state }` (healthy on 2xx). */
export const healthProbe: Probe = ({ host, port, signal, timeoutMs }) =>
  new Promise((resolve) => {
    const req = request({ host, port, path: "/health", agent: false, signal, timeout: timeoutMs }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      res.on("end", () => resolve({ state: code >= 200 && code < 300 ? "healthy" : "unhealthy" }));
      res.on("error", () => resolve({ state: "error" }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ state: "unreachable", reason: e.message }));
    req.end();
  });
