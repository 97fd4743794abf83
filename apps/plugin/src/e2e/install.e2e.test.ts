import { startFakeProxy } from "@proxykit/fake-proxy";
import { buildProxySetupPatch } from "@proxykit/openclaw-config";
import { createOpenClawHome, type OpenClawHome } from "@proxykit/openclaw-e2e";
import { afterAll, describe, expect, it } from "vitest";
import { builtPlugin } from "../test-support/built-plugin.ts";
import { parseJsonOutput } from "../test-support/openclaw-json.ts";

// The seed README's "Plugin Configuration" example: its seven keys with their documented values.
const SEED_EXAMPLE_CONFIG = {
  autoStart: true,
  autoRestart: true,
  restartDelayMs: 3000,
  host: "127.0.0.1",
  port: 3456,
  command: ["bunx", "opencode-claude-max-proxy"],
  models: ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"],
};

interface InspectReport {
  plugin: { id: string; status: string; providerIds: string[]; cliCommands: string[]; commands: string[] };
}

interface ValidateReport {
  valid: boolean;
  issues?: Array<{ path: string; message: string }>;
}

const homes: OpenClawHome[] = [];
afterAll(async () => {
  for (const home of homes) await home.cleanup();
});

async function installedHome(source: string): Promise<OpenClawHome> {
  const home = await createOpenClawHome();
  homes.push(home);
  // `npm-pack:` installs run `npm install <tgz>`, and npm fetches the metadata of the optional peer
  // `openclaw` even though it never installs it: offline and without a cache that is minutes of retries.
  await home.installPlugin(source, { env: { npm_config_offline: "true" } });
  await home.enablePlugin("anthropic-max-proxy");
  return home;
}

async function inspect(home: OpenClawHome): Promise<InspectReport> {
  const result = await home.openclaw(["plugins", "inspect", "anthropic-max-proxy", "--runtime", "--json"]);
  expect(result.exitCode, result.stderr).toBe(0);
  return parseJsonOutput<InspectReport>(result.stdout);
}

function expectRuntimeRegistrations(report: InspectReport): void {
  expect(report.plugin).toMatchObject({ id: "anthropic-max-proxy", status: "loaded" });
  expect(report.plugin.providerIds).toEqual(["anthropic-max-proxy"]);
  expect(report.plugin.cliCommands).toContain("anthropic-max-proxy");
  expect(report.plugin.commands).toContain("maxproxy");
}

async function validate(home: OpenClawHome, pluginConfig: object): Promise<ValidateReport> {
  home.writeConfig({
    ...home.baseConfig(),
    plugins: { entries: { "anthropic-max-proxy": { enabled: true, config: pluginConfig } } },
  });
  return parseJsonOutput<ValidateReport>((await home.openclaw(["config", "validate", "--json"])).stdout);
}

describe("installing the plugin into real OpenClaw", () => {
  let folderHome: OpenClawHome;

  it("installs from the built folder, enables, and registers the provider, the CLI and /maxproxy", async () => {
    folderHome = await installedHome(builtPlugin().folder);
    expectRuntimeRegistrations(await inspect(folderHome));
  });

  it("installs from the packed tarball (npm-pack:) the same way", async () => {
    const home = await installedHome(builtPlugin().tarball);
    expectRuntimeRegistrations(await inspect(home));
  });

  it("accepts the seed's example plugin config", async () => {
    const report = await validate(folderHome, SEED_EXAMPLE_CONFIG);
    expect(report).toMatchObject({ valid: true });
  });

  it("rejects an unknown key and an out-of-range port, naming each key", async () => {
    const report = await validate(folderHome, { ...SEED_EXAMPLE_CONFIG, port: 70000, restartDelay: 5 });
    expect(report.valid).toBe(false);
    const issues = (report.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`);
    expect(issues.some((line) => /anthropic-max-proxy\.config.*restartDelay/.test(line))).toBe(true);
    expect(issues.some((line) => /anthropic-max-proxy\.config\.port/.test(line))).toBe(true);
  });

  it("`openclaw anthropic-max-proxy status` reports the address, a healthy proxy and a fail-closed config", async () => {
    const proxy = await startFakeProxy();
    try {
      folderHome.writeConfig({
        ...folderHome.baseConfig(),
        plugins: { entries: { "anthropic-max-proxy": { enabled: true } } },
      });
      // The auth flow's patch (one builder for the plugin and the CLI), merged as OpenClaw merges it.
      folderHome.mergeConfig(
        buildProxySetupPatch({
          providerId: "anthropic-max-proxy",
          host: proxy.host,
          port: proxy.port,
          models: SEED_EXAMPLE_CONFIG.models,
          pluginConfig: true,
        }),
      );
      const json = await folderHome.openclaw(["anthropic-max-proxy", "status", "--json"]);
      expect(json.exitCode, json.stderr).toBe(0);
      const report = parseJsonOutput<{
        address: { baseUrl: string };
        proxy: { state: string };
        audit: { failClosed: boolean };
        ok: boolean;
      }>(json.stdout);
      expect(report).toMatchObject({
        address: { baseUrl: proxy.url },
        proxy: { state: "healthy" },
        audit: { failClosed: true },
        ok: true,
      });
      expect(proxy.requests().some((request) => request.path === "/health")).toBe(true);
    } finally {
      await proxy.close();
    }
    const down = await folderHome.openclaw(["anthropic-max-proxy", "status", "--check"]);
    expect(down.exitCode).toBe(1);
    expect(down.stdout).toMatch(/Proxy\s*: unreachable — nothing answers at 127\.0\.0\.1:\d+/);
    expect(down.stdout).toMatch(/Fail-closed : yes/);
  });
});
