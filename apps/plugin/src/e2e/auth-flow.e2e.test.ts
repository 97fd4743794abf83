import { type FakeProxy, startFakeProxy } from "@proxykit/fake-proxy";
import { createOpenClawHome, type OpenClawHome, openclawCommand } from "@proxykit/openclaw-e2e";
import { PTY_KEYS as KEYS, type PtySession, spawnInPty } from "@proxykit/openclaw-e2e/pty";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { builtPlugin } from "../test-support/built-plugin.ts";
import { changedPaths, statusLine } from "../test-support/openclaw-json.ts";

const DEFAULT_REF = "anthropic-max-proxy/claude-opus-4.6";
const SEED_MODELS = "claude-opus-4.6, claude-sonnet-4.5, claude-3.7-sonnet";

let home: OpenClawHome;
let pty: PtySession | undefined;
let proxy: FakeProxy | undefined;

beforeAll(async () => {
  home = await createOpenClawHome();
  await home.installPlugin(builtPlugin().folder);
  await home.enablePlugin("anthropic-max-proxy");
});
afterEach(async () => {
  pty?.kill();
  pty = undefined;
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await home?.cleanup();
});

/** `openclaw models auth login --provider anthropic-max-proxy --set-default` in a real pseudo-terminal. */
function login(): PtySession {
  pty = spawnInPty(
    [...openclawCommand(), "models", "auth", "login", "--provider", "anthropic-max-proxy", "--set-default"],
    { env: home.env, cwd: home.dir },
  );
  return pty;
}

/** Types `value` over the pre-filled text, presses Enter, and returns what the prompt printed next. */
async function answer(session: PtySession, value: string, expected: RegExp): Promise<string> {
  session.type(KEYS.clear + value + KEYS.enter);
  return session.waitFor(expected);
}

/** Types a value the prompt must refuse; returns clack's error line (`└  <key>: …`) shown under the prompt. */
async function refused(session: PtySession, value: string, key: string): Promise<string> {
  const screen = await answer(session, value, new RegExp(`▲[^\\n]*\\n[\\s\\S]*└\\s+${key}\\b[^\\n]*`));
  return /└\s+(.*)$/m.exec(screen.slice(screen.lastIndexOf("└")))?.[1] ?? screen;
}

async function modelsStatus(): Promise<string> {
  const result = await home.openclaw(["models", "status"]);
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout;
}

function expectFailClosedDefault(status: string): void {
  expect(statusLine(status, "Default")).toBe(DEFAULT_REF);
  expect(status).toMatch(/^Fallbacks \(0\)\s*:/m);
  expect(statusLine(status, "Aliases (1)") ?? status).toMatch(`claude-max-proxy -> ${DEFAULT_REF}`);
}

describe("auth flow in a real terminal", () => {
  it("accepts the defaults: default model, no fallbacks, the alias, and one address for requests and service", async () => {
    const session = login();
    await session.waitFor(/Proxy host[\s\S]*127\.0\.0\.1/);
    session.type(KEYS.enter);
    await session.waitFor(/Proxy port[\s\S]*3456/);
    session.type(KEYS.enter);
    // Only where a real proxy happens to run on 3456 are its models offered: keep the defaults then.
    const prefilled = new RegExp(`Model IDs[\\s\\S]*${SEED_MODELS.replaceAll(".", "\\.")}`);
    if (/The proxy lists/.test(await session.waitFor(new RegExp(`The proxy lists|${prefilled.source}`)))) {
      session.type(KEYS.enter);
      await session.waitFor(prefilled);
    }
    session.type(KEYS.enter);
    await session.waitFor(/Default model set to anthropic-max-proxy\/claude-opus-4\.6/);
    expect(await session.exited).toBe(0);

    expectFailClosedDefault(await modelsStatus());
    const list = await home.openclaw(["models", "list"]);
    expect(list.exitCode, list.stderr).toBe(0);
    for (const id of ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"]) {
      expect(list.stdout).toContain(`anthropic-max-proxy/${id}`);
    }
    const config = home.readConfig() as {
      models: { providers: Record<string, { baseUrl: string; apiKey: string }> };
      plugins: { entries: Record<string, { config?: { host?: string; port?: number } }> };
    };
    expect(config.models.providers["anthropic-max-proxy"]?.baseUrl).toBe("http://127.0.0.1:3456");
    // The service reads the same address: OpenClaw drops plugin config values equal to the schema's
    // defaults when it writes, so here host and port are the defaults, 127.0.0.1 and 3456.
    const pluginConfig = config.plugins.entries["anthropic-max-proxy"]?.config ?? {};
    expect([pluginConfig.host ?? "127.0.0.1", pluginConfig.port ?? 3456]).toEqual(["127.0.0.1", 3456]);
    expect(config.models.providers["anthropic-max-proxy"]?.apiKey).not.toMatch(/sk-ant/);
  });

  it("from a config with a fallback: refuses bad input at each prompt and asks again, then the defaults drop the fallback and leave every other provider untouched", async () => {
    const base = home.baseConfig() as { models?: object };
    home.writeConfig({
      ...base,
      plugins: { entries: { "anthropic-max-proxy": { enabled: true } } },
      models: {
        // Keep the harness's offline settings (catalogRefresh off): without them OpenClaw tries the network.
        ...base.models,
        providers: {
          anthropic: {
            baseUrl: "https://api.anthropic.com",
            api: "anthropic-messages",
            models: [
              {
                id: "claude-opus-4-6",
                name: "Claude Opus 4.6 (direct)",
                reasoning: true,
                input: ["text"],
                cost: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
                contextWindow: 200000,
                maxTokens: 32000,
              },
            ],
          },
        },
      },
      // A fallback to the built-in anthropic provider: exactly what fail-closed must drop. (Bundled `openai/…`
      // refs work too but cost OpenClaw over a minute of offline retries before the first prompt.)
      agents: {
        defaults: {
          model: { primary: "anthropic/claude-sonnet-4-6", fallbacks: ["anthropic/claude-opus-4-6"] },
        },
      },
    });
    const before = home.readConfig();

    const session = login();
    await session.waitFor(/Proxy host/);
    expect(await refused(session, "not a host!", "host")).toMatch(/^host: /);
    expect(await refused(session, "10.0.0.1", "host")).toMatch(/loopback|allowNonLoopback/);
    await answer(session, "127.0.0.1", /Proxy port/);
    expect(await refused(session, "0", "port")).toMatch(/^port: /);
    expect(await refused(session, "http", "port")).toMatch(/^port: /);
    const next = await answer(session, "3456", /The proxy lists|Model IDs/);
    if (/The proxy lists/.test(next)) {
      session.type(KEYS.enter); // only where a real proxy runs on 3456: keep the defaults
      await session.waitFor(/Model IDs/);
    }
    expect(await refused(session, "claude opus", "models")).toMatch(/^models/);
    expect(await refused(session, "claude-opus-4.6, claude-opus-4.6", "models")).toMatch(/^models/);
    session.type(KEYS.clear + SEED_MODELS + KEYS.enter);
    await session.waitFor(/Default model set to anthropic-max-proxy\/claude-opus-4\.6/);
    expect(await session.exited).toBe(0);

    expectFailClosedDefault(await modelsStatus());
    const after = home.readConfig() as Record<string, never>;
    const providers = (after as unknown as { models: { providers: Record<string, { baseUrl?: string }> } })
      .models.providers;
    expect(providers["anthropic-max-proxy"]?.baseUrl).toBe("http://127.0.0.1:3456");
    const changed = changedPaths(before, after);
    const allowed = [
      /^models\.providers\.anthropic-max-proxy(\.|$)/,
      /^agents\.defaults\.model(\.|$)/,
      /^agents\.defaults\.models\.anthropic-max-proxy\//,
      /^plugins\.entries\.anthropic-max-proxy\.config(\.|$)/,
      /^auth\.profiles\.anthropic-max-proxy:local(\.|$)/,
      /^meta\./,
    ];
    expect(changed.filter((path) => !allowed.some((pattern) => pattern.test(path)))).toEqual([]);
    const subtree = (config: Record<string, unknown>, provider: string) =>
      JSON.stringify((config.models as { providers: Record<string, unknown> }).providers[provider]);
    expect(subtree(after, "anthropic")).toBe(subtree(before as Record<string, never>, "anthropic"));
  });

  it("offers the models a proxy running at the address lists", async () => {
    proxy = await startFakeProxy();
    const session = login();
    await session.waitFor(/Proxy host/);
    await answer(session, proxy.host, /Proxy port/);
    expect(
      await answer(session, String(proxy.port), /The proxy lists 5 models[\s\S]*claude-haiku-4-5/),
    ).toMatch(/The proxy's: claude-sonnet-4-6, claude-opus-4-6/);
    session.type(KEYS.down + KEYS.enter);
    await session.waitFor(/Model IDs[\s\S]*claude-sonnet-4-6, claude-opus-4-6, claude-opus-4-7/);
    session.type(KEYS.enter);
    await session.waitFor(/Default model set to anthropic-max-proxy\/claude-sonnet-4-6/);
    expect(await session.exited).toBe(0);
    expect(proxy.requests().filter((request) => request.path === "/v1/models")).toHaveLength(1);

    expect(statusLine(await modelsStatus(), "Default")).toBe("anthropic-max-proxy/claude-sonnet-4-6");
    const config = home.readConfig() as {
      models: { providers: Record<string, { baseUrl: string; models: Array<{ id: string }> }> };
      plugins: { entries: Record<string, { config?: { port?: number } }> };
    };
    expect(config.models.providers["anthropic-max-proxy"]?.baseUrl).toBe(proxy.url);
    // OpenClaw's auth login keeps the models an earlier setup wrote (from the tests above) beside the new ones:
    // it merges a provider's model list by id instead of replacing it. All of them route to the proxy.
    expect(config.models.providers["anthropic-max-proxy"]?.models.map((model) => model.id)).toEqual(
      expect.arrayContaining([
        "claude-sonnet-4-6",
        "claude-opus-4-6",
        "claude-opus-4-7",
        "claude-opus-4-8",
        "claude-haiku-4-5",
      ]),
    );
    expect(config.plugins.entries["anthropic-max-proxy"]?.config?.port).toBe(proxy.port);
  });
});
