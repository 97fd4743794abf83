/** Supervisor options for the Meridian simulator (tools/fake-proxy), wired like the app wires Meridian. */
import { fakeProxyCommand } from "@proxykit/fake-proxy";
import type { SupervisorOptions } from "../types.ts";
import { httpProbe, inspectPortForTests } from "./helpers.ts";

/** Supervisor options for the simulator on `port`, with fast test timings. */
export function fakeOptions(
  port: number,
  env: Record<string, string> = {},
  more: Partial<SupervisorOptions> = {},
) {
  return {
    command: fakeProxyCommand(),
    name: "fake-proxy",
    port,
    hostEnv: ["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"],
    portEnv: ["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"],
    env,
    probe: httpProbe,
    inspectPort: inspectPortForTests,
    restartDelayMs: 20,
    maxRestartDelayMs: 400,
    stopTimeoutMs: 500,
    probeTimeoutMs: 300,
    livenessIntervalMs: 100,
    livenessFailureThreshold: 2,
    loginHint: "run: claude login",
    ...more,
  } satisfies SupervisorOptions;
}

/** The JSON-serialisable part of the options (for a supervising child process). */
export function serialisable(options: SupervisorOptions): Partial<SupervisorOptions> {
  const { probe: _p, inspectPort: _i, logger: _l, ...rest } = options;
  return rest;
}
