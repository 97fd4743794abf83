import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./test-support/cli.ts";
import { testHome } from "./test-support/fixtures.ts";

describe("setup (non-interactive)", () => {
  it("writes the provider, default model, alias, fallbacks [] and the plugin's host/port into a new file", async () => {
    const home = testHome();
    const result = await runCli(["setup", "--yes", "--port", "4111", "--json"], { env: home.env });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      changed: true,
      created: true,
      defaultModel: "anthropic-max-proxy/claude-opus-4.6",
    });
    const config = home.readConfig();
    const provider = config.models.providers["anthropic-max-proxy"];
    expect(provider.baseUrl).toBe("http://127.0.0.1:4111");
    expect(provider.api).toBe("anthropic-messages");
    expect(provider.apiKey).not.toMatch(/sk-ant-/i);
    expect(provider.models.length).toBe(3);
    expect(config.agents.defaults.model).toEqual({
      primary: "anthropic-max-proxy/claude-opus-4.6",
      fallbacks: [],
    });
    expect(config.agents.defaults.models["anthropic-max-proxy/claude-opus-4.6"]).toEqual({
      alias: "claude-max-proxy",
    });
    expect(config.plugins.entries["anthropic-max-proxy"].config).toMatchObject({
      host: "127.0.0.1",
      port: 4111,
    });
  });

  it("keeps the user's comments and other providers, removes fallbacks, keeps a backup; a re-run changes nothing", async () => {
    const home = testHome();
    home.writeConfigText(`// my setup
{
  // the OpenAI provider stays as it is
  models: { providers: { openai: { baseUrl: "https://api.openai.com/v1", apiKey: "x", api: "openai-responses", models: [] } } },
  agents: { defaults: { model: { primary: "openai/gpt-5", fallbacks: ["openai/gpt-5-mini"] } } },
}
`);
    const result = await runCli(["setup", "--yes", "--models", "claude-sonnet-4.5,claude-opus-4.6"], {
      env: home.env,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('~ agents.defaults.model.fallbacks: ["openai/gpt-5-mini"] → []');
    const text = home.readConfigText();
    expect(text).toContain("// my setup");
    expect(text).toContain("// the OpenAI provider stays as it is");
    expect(text).toContain('"https://api.openai.com/v1"');
    const backups = readdirSync(home.stateDir).filter((name) => name.startsWith("openclaw.json.bak"));
    expect(backups.length).toBeGreaterThan(0);

    const again = await runCli(["setup", "--yes", "--json"], { env: home.env });
    expect(again.exitCode).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.changes).toEqual([]);
    expect(report.changed).toBe(false);
    // The re-run kept the models chosen before (current values win over the defaults).
    expect(report.defaultModel).toBe("anthropic-max-proxy/claude-sonnet-4.5");
  });

  it("--dry-run shows the change and writes nothing", async () => {
    const home = testHome();
    const result = await runCli(["setup", "--dry-run"], { env: home.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("+ models");
    expect(result.stdout).toContain("dry run: nothing written");
    expect(existsSync(home.configPath)).toBe(false);
  });

  it("without a terminal and without --yes it refuses (exit 2) and says how", async () => {
    const home = testHome();
    const result = await runCli(["setup"], { env: home.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--yes");
    expect(existsSync(home.configPath)).toBe(false);
  });

  it("bad flag values are usage errors (exit 2) with config-schema's message", async () => {
    const home = testHome();
    const port = await runCli(["setup", "--yes", "--port", "70000"], { env: home.env });
    expect(port.exitCode).toBe(2);
    expect(port.stderr).toMatch(/--port/);
    expect(port.stderr).toMatch(/65535/);
    const host = await runCli(["setup", "--yes", "--host", "0.0.0.0"], { env: home.env });
    expect(host.exitCode).toBe(2);
    expect(host.stderr).toMatch(/loopback/i);
    const models = await runCli(["setup", "--yes", "--models", "a,a"], { env: home.env });
    expect(models.exitCode).toBe(2);
    const command = await runCli(["setup", "--yes", "--proxy-command", "bunx meridian"], { env: home.env });
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toContain("JSON array");
    expect(existsSync(home.configPath)).toBe(false);
  });

  it("a non-loopback host only where the plugin config allows it (allowNonLoopback), as in the auth flow", async () => {
    const home = testHome();
    home.writeConfig({
      plugins: { entries: { "anthropic-max-proxy": { config: { allowNonLoopback: true } } } },
    });
    const result = await runCli(["setup", "--yes", "--host", "192.168.1.10"], { env: home.env });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const config = home.readConfig();
    expect(config.models.providers["anthropic-max-proxy"].baseUrl).toBe("http://192.168.1.10:3456");
    expect(config.plugins.entries["anthropic-max-proxy"].config).toMatchObject({
      host: "192.168.1.10",
      allowNonLoopback: true,
    });
  });

  it("--config and --profile choose the file like OpenClaw does", async () => {
    const home = testHome();
    const custom = join(home.dir, "elsewhere.json");
    const byConfig = await runCli(["setup", "--yes", "--config", custom], { env: home.env });
    expect(byConfig.exitCode).toBe(0);
    expect(existsSync(custom)).toBe(true);
    const byProfile = await runCli(["setup", "--yes", "--profile", "work"], { env: home.env });
    expect(byProfile.exitCode).toBe(0);
    expect(existsSync(join(home.dir, ".openclaw-work", "openclaw.json"))).toBe(true);
    expect(existsSync(home.configPath)).toBe(false);
  });

  it("never prints a key the file already holds: text, --dry-run and --json changes are redacted", async () => {
    const home = testHome();
    const secret = `sk-ant-api03-${"A1b2C3d4".repeat(12)}`;
    const header = "Bearer tok-0123456789abcdef";
    home.writeConfig({
      models: {
        providers: {
          "anthropic-max-proxy": {
            baseUrl: "http://127.0.0.1:3456",
            apiKey: secret,
            headers: { authorization: header },
            api: "anthropic-messages",
            models: [],
          },
        },
      },
    });
    for (const args of [["--dry-run"], ["--dry-run", "--json"], ["--yes", "--json"]]) {
      const result = await runCli(["setup", ...args], { env: home.env });
      expect(result.exitCode).toBe(0);
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toContain(secret.slice(0, 16));
        expect(text).not.toContain("A1b2C3d4");
        expect(text).not.toContain("tok-0123456789");
      }
      if (args.includes("--json")) {
        const change = JSON.parse(result.stdout).changes.find((c: { path: string }) =>
          c.path.endsWith(".apiKey"),
        );
        // The replacement is the proxy's known placeholder, shown as it is; the old value is not.
        expect(change).toMatchObject({ kind: "change", before: "<redacted>", after: "local-proxy-no-key" });
      } else {
        expect(result.stdout).toContain('apiKey: "<redacted>" → "local-proxy-no-key"');
      }
    }
    expect(home.readConfig().models.providers["anthropic-max-proxy"].apiKey).toBe("local-proxy-no-key");
  });

  it("a file it cannot parse is left untouched", async () => {
    const home = testHome();
    home.writeConfigText("{ broken");
    const result = await runCli(["setup", "--yes"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(home.readConfigText()).toBe("{ broken");
  });
});
