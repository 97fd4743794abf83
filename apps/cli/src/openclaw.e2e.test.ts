/**
 * The CLI against the real, pinned OpenClaw (tools/openclaw-e2e) and the built plugin: setup with the
 * plugin install, then OpenClaw agrees; doctor sees the plugin; verify's agent turn goes through the proxy.
 * One home for the file (installing the plugin takes OpenClaw tens of seconds on a busy machine).
 */
import { type SpawnedFakeProxy, spawnFakeProxy, startFakeProxy } from "@proxykit/fake-proxy";
import { createOpenClawHome, type OpenClawHome, openclawBin } from "@proxykit/openclaw-e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtPluginSource } from "./plugin-source.ts";
import { type CliResult, runCli } from "./test-support/cli.ts";
import { getFreePort } from "./test-support/fixtures.ts";

const plugin = builtPluginSource();
if (!plugin)
  throw new Error("the built plugin is missing: run `npx nx build plugin` (the test target does it first)");

let home: OpenClawHome;
let port: number;
let env: Record<string, string>;
let setup: CliResult;
const proxies: SpawnedFakeProxy[] = [];

// The expensive part once for the file: `setup --install-plugin` (asserted in the first test).
beforeAll(async () => {
  home = await createOpenClawHome();
  port = await getFreePort();
  env = { ...home.env, NO_COLOR: "1" };
  setup = await runCli(
    [
      "setup",
      "--yes",
      "--json",
      "--config",
      home.configPath,
      "--port",
      String(port),
      "--install-plugin",
      plugin.path,
      "--openclaw",
      openclawBin(),
    ],
    { env, timeoutMs: 300_000 },
  );
}, 400_000);

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await home?.cleanup();
}, 60_000);

describe("with the real OpenClaw", () => {
  it("setup --install-plugin: written, installed, enabled; openclaw models status and our status agree", async () => {
    expect(setup.stderr).toBe("");
    expect(setup.exitCode).toBe(0);
    expect(JSON.parse(setup.stdout).plugin).toMatchObject({ ok: true });

    const inspect = await home.openclaw(["plugins", "inspect", "anthropic-max-proxy", "--json"]);
    expect(inspect.exitCode).toBe(0);
    expect(inspect.stdout).toContain('"anthropic-max-proxy"');

    const theirs = await home.openclaw(["models", "status", "--json"]);
    expect(theirs.exitCode).toBe(0);
    const oc = JSON.parse(theirs.stdout.slice(theirs.stdout.indexOf("{")));
    const ours = JSON.parse(
      (await runCli(["status", "--json", "--config", home.configPath], { env })).stdout,
    );
    expect(oc.defaultModel).toBe("anthropic-max-proxy/claude-opus-4.6");
    expect(ours.models.defaultModel).toBe(oc.defaultModel);
    expect(ours.models.resolvedDefault).toBe(oc.resolvedDefault);
    expect(ours.models.fallbacks).toEqual(oc.fallbacks);
    expect(ours.models.aliases).toEqual(oc.aliases);
    expect(oc.aliases).toEqual({ "claude-max-proxy": "anthropic-max-proxy/claude-opus-4.6" });

    // The plain text too: OpenClaw's Default / Fallbacks / Aliases lines are ours, verbatim.
    const plain = await home.openclaw(["models", "status"]);
    const human = await runCli(["status", "--config", home.configPath], { env });
    for (const label of ["Default", "Fallbacks (0)", "Aliases (1)"]) {
      const pick = (text: string) =>
        text
          .split("\n")
          .find((line) => line.startsWith(`${label} `))
          ?.trim();
      expect(pick(human.stdout), label).toBeDefined();
      expect(pick(human.stdout)).toBe(pick(plain.stdout));
    }
  }, 400_000);

  it("doctor sees the plugin installed and enabled; disabled → found and fixed", async () => {
    const ok = JSON.parse(
      (
        await runCli(["doctor", "--json", "--config", home.configPath, "--openclaw", openclawBin()], {
          env,
          timeoutMs: 120_000,
        })
      ).stdout,
    );
    expect(ok.checks.find((c: { id: string }) => c.id === "plugin-installed")).toMatchObject({
      status: "ok",
    });

    expect((await home.openclaw(["plugins", "disable", "anthropic-max-proxy"])).exitCode).toBe(0);
    const disabled = JSON.parse(
      (await runCli(["doctor", "--json", "--fix", "--no-openclaw", "--config", home.configPath], { env }))
        .stdout,
    );
    expect(disabled.fixes.applied.map((a: { id: string }) => a.id)).toContain("plugin-disabled");
    const inspect = await home.openclaw(["plugins", "inspect", "anthropic-max-proxy", "--json"]);
    expect(inspect.stdout).toMatch(/"enabled":\s*true/);
  }, 300_000);

  it("verify: a Messages request, then an agent turn through OpenClaw answered by the proxy", async () => {
    const proxy = spawnFakeProxy({ port, replyText: "pong from the proxy", env: { PATH: process.env.PATH } });
    proxies.push(proxy);
    await proxy.ready;
    const result = await runCli(
      ["verify", "--json", "--config", home.configPath, "--openclaw", openclawBin()],
      {
        env,
        timeoutMs: 300_000,
      },
    );
    const report = JSON.parse(result.stdout);
    expect(report.messages).toMatchObject({ ok: true, text: "pong from the proxy" });
    expect(report.agent).toMatchObject({
      ran: true,
      ok: true,
      via: "local",
      provider: "anthropic-max-proxy",
    });
    expect(report.agent.text).toBe("pong from the proxy");
    expect(result.exitCode).toBe(0);
    // Both requests reached the proxy, with Anthropic's id for the model.
    const models = proxy
      .requests()
      .filter((entry) => entry.path === "/v1/messages")
      .map((entry) => entry.model);
    expect(models).toEqual(["claude-opus-4-6", "claude-opus-4-6"]);
  }, 400_000);

  it("verify's agent turn asks our provider even when the default model is another provider's", async () => {
    // The default model is `anthropic/…`, whose provider points at a second simulator (the canary): a
    // turn without the model pinned would go there, around the proxy, and be billed in real life.
    await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
    const proxy = spawnFakeProxy({ port, replyText: "pong from the proxy", env: { PATH: process.env.PATH } });
    proxies.push(proxy);
    await proxy.ready;
    const canary = await startFakeProxy({ port: 0, replyText: "the canary answered" });
    const before = home.readConfig();
    try {
      const config = structuredClone(before) as {
        models: { providers: Record<string, { models: Array<Record<string, unknown>> }> };
        agents: { defaults: { model: { primary: string }; models: Record<string, object> } };
      };
      const ours = config.models.providers["anthropic-max-proxy"];
      config.models.providers.anthropic = {
        baseUrl: canary.url,
        apiKey: "canary-key",
        api: "anthropic-messages",
        models: [{ ...ours?.models[0], id: "claude-opus-4-6", name: "Claude Opus (canary)" }],
      } as never;
      config.agents.defaults.model.primary = "anthropic/claude-opus-4-6";
      config.agents.defaults.models["anthropic/claude-opus-4-6"] = {};
      home.writeConfig(config as never);

      const result = await runCli(
        ["verify", "--json", "--config", home.configPath, "--openclaw", openclawBin()],
        { env, timeoutMs: 300_000 },
      );
      const report = JSON.parse(result.stdout);
      expect(canary.requests().filter((entry) => entry.path.includes("messages"))).toEqual([]);
      expect(report.agent).toMatchObject({ ran: true, ok: true, provider: "anthropic-max-proxy" });
      expect(report.agent.text).toBe("pong from the proxy");
      expect(result.exitCode).toBe(0);
    } finally {
      home.writeConfig(before);
      await canary.close();
    }
  }, 400_000);
});
