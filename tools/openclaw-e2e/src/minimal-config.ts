import type { OpenClawConfig } from "./config-file.ts";

/** Inputs of `minimalConfig`. */
export interface MinimalConfigOptions {
  gatewayPort: number;
  gatewayToken: string;
  /** Gateway file log (OpenClaw's default is the shared `/tmp/openclaw/openclaw-<date>.log`). */
  logFile: string;
}

/**
 * The smallest config a headless Gateway starts from: local mode on loopback, token auth, its own log
 * file, and no background traffic to openclaw.ai (update check, hosted model catalog, mDNS).
 */
export function minimalConfig(options: MinimalConfigOptions): OpenClawConfig {
  return {
    gateway: {
      mode: "local",
      port: options.gatewayPort,
      bind: "loopback",
      auth: { mode: "token", token: options.gatewayToken },
    },
    logging: { file: options.logFile },
    update: { checkOnStart: false },
    models: { catalogRefresh: { enabled: false } },
    discovery: { mdns: { mode: "off" } },
  };
}
