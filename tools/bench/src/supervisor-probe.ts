/** The probe our supervisor gets in the benchmarks, wired the way the app wires it: @proxykit/health's `probe()`. */
import { probe } from "@proxykit/health";
import type { Probe } from "@proxykit/supervisor";

export const HOST = "127.0.0.1";

/** GET http://host:port/health through @proxykit/health (a fresh connection per probe). */
export const healthProbe: Probe = ({ host, port, signal, timeoutMs }) =>
  probe(`http://${host}:${port}/health`, { signal, timeoutMs });
