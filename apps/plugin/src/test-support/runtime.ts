import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PluginConfigInput, parsePluginConfig } from "@proxykit/config-schema";
import { fakeProxyCommand, getFreePort } from "@proxykit/fake-proxy";
import { proxyRegistry } from "../proxy-registry.ts";
import type { RuntimeLogger } from "../proxy-runtime.ts";

/** A logger that keeps every line, for assertions. */
export function recordingLogger(): RuntimeLogger & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return {
    lines,
    text: () => lines.join("\n"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
}

/** A service-health recorder (`ctx.serviceHealth`). */
export function recordingHealth(): {
  reportFailure(error: unknown): void;
  clearFailure(): void;
  failures: string[];
  current: string | undefined;
} {
  const health = {
    failures: [] as string[],
    current: undefined as string | undefined,
    reportFailure(error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      health.failures.push(message);
      health.current = message;
    },
    clearFailure() {
      health.current = undefined;
    },
  };
  return health;
}

/** A plugin config that runs the Meridian simulator on a free port (fault switches in `env`). */
export async function simulatorConfig(input: PluginConfigInput = {}) {
  const port = input.port ?? (await getFreePort());
  return parsePluginConfig({
    command: fakeProxyCommand(),
    restartDelayMs: 200,
    livenessIntervalMs: 1000,
    startupTimeoutMs: 15_000,
    stopTimeoutMs: 2_000,
    ...input,
    port,
  });
}

/** An OpenClaw config whose plugin entry holds `pluginConfig`. */
export function openclawConfig(pluginConfig: object, baseUrl?: string): never {
  return {
    plugins: { entries: { "anthropic-max-proxy": { enabled: true, config: pluginConfig } } },
    ...(baseUrl ? { models: { providers: { "anthropic-max-proxy": { baseUrl, models: [] } } } } : {}),
  } as never;
}

/** Temp dirs and registry entries made by a test, removed in `afterEach`. */
export class RuntimeCleanup {
  readonly #dirs: string[] = [];

  tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "amp-plugin-"));
    this.#dirs.push(dir);
    return dir;
  }

  /** Stops every runtime in the registry (processes ended, ports free) and removes the temp dirs. */
  async run(): Promise<void> {
    const registry = proxyRegistry();
    await Promise.all([...registry.values()].map((entry) => entry.stop()));
    registry.clear();
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
