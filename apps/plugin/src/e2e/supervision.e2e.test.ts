/**
 * The supervision service inside the real OpenClaw 2026.9.6, with the Meridian simulator as the proxy
 * (the plugin's `command` is `fakeProxyCommand()`; fault switches go in through the plugin config's
 * `env`). One OpenClaw home, four Gateway runs and two `agent --local` runs, sharing as much as the
 * scenarios allow (a Gateway start costs 10–20 s here):
 *
 * 1. Gateway A: start → proxy ready; the trap; kill -9; not logged in; crash loop; autoRestart off;
 *    command not found; 401/429/500 — each fault applied by a hot reload of the plugin config — then
 *    SIGTERM with a bunx-like wrapper that ignores TERM.
 * 2. Gateway B: a proxy started by hand first is adopted; when it goes, B starts its own; then SIGKILL.
 * 3. Gateway C: reclaims B's orphan from the pid file → exactly one proxy.
 * 4. `openclaw agent --local` (no Gateway): autoStart off → the command to start it; on → on demand.
 *
 * The trap: OpenClaw's built-in `anthropic` provider points at a second simulator, with
 * `ANTHROPIC_API_KEY` in the environment of every OpenClaw process. A control turn proves a request to
 * `anthropic/…` does reach it; every failure of our provider afterwards must leave it at zero.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type FakeProxy,
  fakeProxyCommand,
  getFreePort,
  readEnvDump,
  readRequestLog,
  type SpawnedFakeProxy,
  spawnFakeProxy,
  startFakeProxy,
} from "@proxykit/fake-proxy";
import { buildProxySetupPatch } from "@proxykit/openclaw-config";
import { createOpenClawHome, type Gateway, isAlive, type OpenClawHome } from "@proxykit/openclaw-e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtPlugin } from "../test-support/built-plugin.ts";
import {
  Figures,
  lineTime,
  listenerPid,
  logLines,
  proxyProcesses,
  timedTurn,
  turnText,
  waitForNthLog,
  waitPortFree,
} from "../test-support/e2e-supervision.ts";

const ID = "anthropic-max-proxy";
const REPLY = "PONG from the supervised simulator";
const TRAP_KEY = "sk-ant-api03-e2e-trap-key-0000000000000000000000";
const RESTART_DELAY_MS = 3_000;
const STARTING = /anthropic-max-proxy: starting proxy\.\.\./;
const READY = /anthropic-max-proxy: proxy ready: pid (\d+)/;

let home: OpenClawHome;
let trap: FakeProxy;
let port: number;
let gateway: Gateway;
let requestLog: string;
let envDump: string;
const figures = new Figures();
const cleanups: Array<() => Promise<unknown>> = [];

/** The plugin config every scenario starts from (faults are added on top by `reconfigure`). */
function baseConfig() {
  return {
    command: fakeProxyCommand(),
    restartDelayMs: RESTART_DELAY_MS,
    livenessIntervalMs: 1_000,
    stopTimeoutMs: 1_000,
    startupTimeoutMs: 20_000,
    env: { FAKE_PROXY_REPLY_TEXT: REPLY, FAKE_PROXY_REQUEST_LOG: requestLog, FAKE_PROXY_ENV_DUMP: envDump },
  };
}

const messageRequests = () => readRequestLog(requestLog).filter((r) => r.path.endsWith("/messages"));

/**
 * Replaces the plugin config (the Gateway hot-reloads the plugin: its service stops the old proxy and
 * starts one with the new settings) and waits until the new supervisor has started. Asserts there is
 * never a second proxy: the old one is gone and at most one runs.
 */
async function reconfigure(
  config: object,
  extra: object = {},
  options: { waitReady?: boolean } = {},
): Promise<void> {
  const before = logLines(gateway, STARTING).length;
  const readyBefore = logLines(gateway, READY).length;
  const oldPids = proxyProcesses(home).map((p) => p.pid);
  const current = home.readConfig() as { plugins: { entries: Record<string, object> } };
  home.writeConfig({
    ...current,
    plugins: {
      ...current.plugins,
      entries: { ...current.plugins.entries, [ID]: { enabled: true, config, ...extra } },
    },
  });
  await waitForNthLog(gateway, STARTING, before + 1, 30_000);
  for (const pid of oldPids) expect(isAlive(pid), `old proxy ${pid} still runs after the reload`).toBe(false);
  if (options.waitReady) await waitForNthLog(gateway, READY, readyBefore + 1, 30_000);
  expect(proxyProcesses(home).length).toBeLessThanOrEqual(2); // one proxy (a wrapper counts its server)
}

/** Asserts a refused turn: non-zero exit, our reason, nothing sent anywhere. */
function expectRefused(
  turn: Awaited<ReturnType<typeof timedTurn>>,
  reason: string | RegExp,
  sentBefore: number,
) {
  expect(turn.exitCode, turnText(turn)).not.toBe(0);
  const text = turnText(turn);
  if (typeof reason === "string") expect(text).toContain(reason);
  else expect(text).toMatch(reason);
  expect(trap.requests()).toHaveLength(1); // only the control turn
  expect(messageRequests()).toHaveLength(sentBefore); // nothing reached the proxy either
  expect(turn.ms).toBeLessThan(10_000);
}

beforeAll(async () => {
  trap = await startFakeProxy({ replyText: "TRAPPED: sent to the built-in anthropic provider" });
  port = await getFreePort();
  home = await createOpenClawHome({ env: { ANTHROPIC_API_KEY: TRAP_KEY } });
  requestLog = join(home.dir, "proxy-requests.jsonl");
  envDump = join(home.dir, "proxy-env.json");
  await home.installPlugin(builtPlugin().folder);
  await home.enablePlugin(ID);
  home.mergeConfig(
    buildProxySetupPatch({
      providerId: ID,
      host: "127.0.0.1",
      port,
      models: ["claude-opus-4.6", "claude-sonnet-4.5"],
      pluginConfig: true,
    }),
  );
  const trapModel = {
    id: "claude-sonnet-4-5",
    name: "Claude Sonnet 4.5 (trap)",
    reasoning: false,
    input: ["text"],
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    contextWindow: 200_000,
    maxTokens: 8_192,
  };
  home.mergeConfig({
    plugins: { entries: { [ID]: { config: baseConfig() } } },
    // The trap: what OpenClaw would use to reach Anthropic directly (api key from ANTHROPIC_API_KEY).
    models: {
      providers: { anthropic: { baseUrl: trap.url, api: "anthropic-messages", models: [trapModel] } },
    },
    // A second agent for the 401/429/500 turns: OpenClaw puts a provider's key on a cooldown after a 401;
    // per agent, so the main agent's later turns are unaffected.
    agents: { entries: { main: { default: true }, errors: {} } },
  });
  // …whose provider retries are off (OpenClaw's own policy would retry a 429/500 for up to ~90 s: the
  // point here is where the retries go, not how many there are).
  const errorsAgentDir = join(home.stateDir, "agents", "errors", "agent");
  mkdirSync(errorsAgentDir, { recursive: true });
  writeFileSync(
    join(errorsAgentDir, "settings.json"),
    JSON.stringify({ retry: { provider: { maxRetries: 0 } } }),
  );
}, 240_000);

afterAll(async () => {
  for (const undo of cleanups.splice(0)) await undo().catch(() => {});
  await home?.cleanup();
  await trap?.close();
  figures.print("anthropic-max-proxy supervision — measured in this run");
});

describe("Gateway A: start, restart, fail fast, fail closed, hot reload, SIGTERM", () => {
  it("Gateway start → `starting proxy...` and a healthy proxy; a turn is answered by the simulator", async () => {
    const spawned = Date.now();
    gateway = await home.startGateway();
    const ready = await gateway.waitForLog(READY, 60_000);
    expect(logLines(gateway, STARTING)).toHaveLength(1);
    figures.add("Gateway spawn → /readyz 200", gateway.readyMs ?? Number.NaN);
    figures.add("Gateway spawn → proxy ready (log)", lineTime(ready) - spawned);
    const started = lineTime(logLines(gateway, STARTING)[0] as string);
    figures.add("service start → proxy ready", lineTime(ready) - started);
    expect(proxyProcesses(home)).toHaveLength(1);

    const turn = await timedTurn(home, "Say PONG");
    expect(turn.exitCode, turnText(turn)).toBe(0);
    expect(turn.text).toContain(REPLY);
    expect(messageRequests().map((r) => r.model)).toEqual(["claude-opus-4-6"]);
    figures.add("agent turn (answered)", turn.ms);
  });

  it("ANTHROPIC_API_KEY reaches the Gateway (the trap answers anthropic/…) but never the proxy", async () => {
    const control = await timedTurn(home, "Say PONG", { args: ["--model", "anthropic/claude-sonnet-4-5"] });
    expect(control.text, turnText(control)).toContain("TRAPPED");
    expect(trap.requests()).toHaveLength(1);
    expect(trap.requests()[0]?.headers["x-api-key"]).toBeDefined(); // the key was sent (redacted in the log)
    const names = readEnvDump(envDump);
    expect(names).toContain("PROXYKIT_SUPERVISED_BY");
    expect(names).toContain("MERIDIAN_PORT");
    expect(names).toContain("CLAUDE_PROXY_PORT");
    expect(names).not.toContain("ANTHROPIC_API_KEY");
  });

  // Whether the turn reaches the gate inside the ~3 s restart window depends on how fast the `openclaw agent`
  // process gets there (2 s on an idle machine, 10 s+ on a loaded one), so this test holds the issue's
  // contract for either case: answered (after a wait in the gate, or after the restart), or refused with the
  // restart reason — never sent anywhere else. The wait itself is pinned deterministically in
  // proxy-runtime.test.ts ("a request during a quick restart waits and goes through").
  it("kill -9 → healthy again within restartDelayMs + a margin; a turn sent in the window is answered or refused with the restart reason", async () => {
    const [proxy] = proxyProcesses(home);
    const readyLines = logLines(gateway, READY).length;
    const trapped = trap.requests().length;
    const killed = Date.now();
    process.kill(proxy?.pid as number, "SIGKILL");
    const during = await timedTurn(home, "Say PONG again"); // sent at once: lands in the restart window or just after
    if (during.exitCode === 0) {
      expect(during.text).toContain(REPLY);
    } else {
      expect(turnText(during)).toMatch(/anthropic-max-proxy: .*(restart|start)/);
    }
    expect(trap.requests()).toHaveLength(trapped); // nothing went to the built-in anthropic provider
    const readyAgain = await waitForNthLog(gateway, READY, readyLines + 1);
    const restartMs = lineTime(readyAgain) - killed;
    figures.add(`restart: kill -9 → healthy (restartDelayMs ${RESTART_DELAY_MS})`, restartMs);
    expect(restartMs).toBeLessThan(RESTART_DELAY_MS + 5_000);
    const waited = logLines(gateway, /a model request waited \d+ ms for the proxy/);
    if (waited.length > 0) {
      figures.add(
        "  of which the gate waited for the restarting proxy",
        Number(/waited (\d+) ms/.exec(waited[0] ?? "")?.[1]),
      );
    }
    figures.add(
      `turn sent at kill -9 (${during.exitCode === 0 ? "answered" : "refused with the restart reason"}${waited.length > 0 ? ", waited in the gate" : ""})`,
      during.ms,
    );
    const after = await timedTurn(home, "Say PONG once more");
    expect(after.text).toContain(REPLY);
    expect(proxyProcesses(home)).toHaveLength(1);
  });

  it("not logged in → refused within seconds with `claude login` (JSON and serviceHealth); a login is picked up", async () => {
    const credentials = join(home.dir, ".claude", ".credentials.json"); // the Gateway's HOME is the home dir
    await reconfigure({
      ...baseConfig(),
      env: { ...baseConfig().env, FAKE_PROXY_CREDENTIALS_FILE: credentials },
    });
    await gateway.waitForLog(/anthropic-max-proxy: Claude is not logged in: run `claude login`/, 30_000);
    const sent = messageRequests().length;
    const turn = await timedTurn(home, "Say PONG");
    expectRefused(turn, /anthropic-max-proxy: Claude is not logged in: run `claude login`/, sent);
    figures.add("time to fail: not logged in (agent exits 1)", turn.ms);
    const plugins = await home.openclaw(["gateway", "call", "plugins.list", "--json"]);
    expect(plugins.stdout).toMatch(/"state": "service-failed"/);
    expect(plugins.stdout).toContain("run `claude login`");

    const readyLines = logLines(gateway, READY).length;
    mkdirSync(join(home.dir, ".claude"), { recursive: true });
    writeFileSync(credentials, "{}"); // `claude login` done: the watched credentials file appears
    await waitForNthLog(gateway, READY, readyLines + 1);
    const again = await timedTurn(home, "Say PONG");
    expect(again.text, turnText(again)).toContain(REPLY);
  });

  it("crash loop → refused with the reason; with the optional before_agent_run gate the plain output says it", async () => {
    await reconfigure(
      {
        ...baseConfig(),
        restartDelayMs: 200,
        maxCrashes: 2,
        env: { ...baseConfig().env, FAKE_PROXY_CRASH_AFTER_MS: "200" },
      },
      { hooks: { allowConversationAccess: true } },
    );
    await gateway.waitForLog(/anthropic-max-proxy: proxy at 127\.0\.0\.1:\d+ keeps crashing/, 30_000);
    const sent = messageRequests().length;
    const turn = await timedTurn(home, "Say PONG", { json: false });
    expectRefused(
      turn,
      /Your message could not be sent: anthropic-max-proxy: proxy at 127\.0\.0\.1:\d+ keeps crashing \(2 crashes within 300 s\) and is no longer restarted/,
      sent,
    );
    figures.add("time to fail: crash loop (plain output, before_agent_run gate)", turn.ms);
  });

  it("autoRestart off → kill -9 → refused at once with how to start it again", async () => {
    await reconfigure({ ...baseConfig(), autoRestart: false }, {}, { waitReady: true });
    const ready = logLines(gateway, READY).at(-1) as string;
    process.kill(Number(READY.exec(ready)?.[1]), "SIGKILL");
    await gateway.waitForLog(/autoRestart is off: restart the OpenClaw Gateway/, 30_000);
    const sent = messageRequests().length;
    const turn = await timedTurn(home, "Say PONG");
    expectRefused(turn, /was killed by SIGKILL and autoRestart is off/, sent);
    figures.add("time to fail: proxy down, autoRestart off", turn.ms);
    // Not a same-model retry in sight: OpenClaw saw a final failure.
    expect(logLines(gateway, /transient same-model retry .*anthropic-max-proxy/)).toEqual([]);
  });

  it("command not found → refused with the Meridian rename and how to set command; never respawned", async () => {
    await reconfigure({ ...baseConfig(), command: ["bunx-not-installed-e2e", "opencode-claude-max-proxy"] });
    await gateway.waitForLog(/@rynfar\/meridian/, 30_000);
    const sent = messageRequests().length;
    const turn = await timedTurn(home, "Say PONG");
    expectRefused(
      turn,
      'set plugins.entries.anthropic-max-proxy.config.command to ["npx","-y","@rynfar/meridian"]',
      sent,
    );
    expect(turnText(turn)).toContain("opencode-claude-max-proxy is now published as Meridian");
    // One spawn attempt (ENOENT), no respawn.
    expect(logLines(gateway, /spawned pid .*bunx-not-installed-e2e/)).toHaveLength(1);
    expect(logLines(gateway, /anthropic-max-proxy: proxy restarting: .*ENOENT/)).toEqual([]);
  });

  it("the proxy answers 401, 429, 500 → the turn fails, and nothing reaches the built-in anthropic provider", async () => {
    for (const status of [500, 429, 401]) {
      await reconfigure(
        { ...baseConfig(), env: { ...baseConfig().env, FAKE_PROXY_MESSAGES_STATUS: String(status) } },
        {},
        { waitReady: true },
      );
      const before = messageRequests().length;
      const turn = await timedTurn(home, "Say PONG", { agent: "errors" });
      expect(turn.exitCode, turnText(turn)).not.toBe(0);
      expect(messageRequests().length).toBeGreaterThan(before); // the proxy was asked and said `status`
      expect(trap.requests()).toHaveLength(1); // only the control turn
      figures.add(`turn with the proxy answering ${status} (provider retries off)`, turn.ms);
    }
  });

  it("Gateway SIGTERM with a bunx-like wrapper that ignores TERM → no proxy process left, port free within 5 s", async () => {
    await reconfigure(
      {
        ...baseConfig(),
        env: { ...baseConfig().env, FAKE_PROXY_WRAPPER: "1", FAKE_PROXY_IGNORE_SIGTERM: "1" },
      },
      {},
      { waitReady: true },
    );
    expect(proxyProcesses(home)).toHaveLength(2); // the wrapper and the server (its child) on the port
    const signalled = Date.now();
    const stop = await gateway.stop("SIGTERM");
    expect(stop.forced).toBe(false);
    await waitPortFree(port);
    const freeMs = Date.now() - signalled;
    figures.add("Gateway SIGTERM → Gateway exited", stop.durationMs);
    figures.add("Gateway SIGTERM → proxy port free (wrapper ignoring TERM, stopTimeoutMs 1000)", freeMs);
    expect(freeMs).toBeLessThan(5_000);
    expect(proxyProcesses(home)).toEqual([]);
  });
});

describe("Gateways B and C: adoption, SIGKILL, reclaim", () => {
  let byHand: SpawnedFakeProxy;

  it("a proxy started by hand before the Gateway is adopted: one proxy, it answers; when it goes, ours starts", async () => {
    const config = home.readConfig() as { plugins: { entries: Record<string, object> } };
    config.plugins.entries[ID] = { enabled: true, config: baseConfig() };
    home.writeConfig(config);
    byHand = spawnFakeProxy({ port, replyText: "PONG from the proxy started by hand" });
    cleanups.push(() => byHand.stop());
    await byHand.ready;
    gateway = await home.startGateway();
    await gateway.waitForLog(/anthropic-max-proxy: proxy adopted/, 60_000);
    expect(proxyProcesses(home)).toEqual([]); // the Gateway started none
    expect(await listenerPid(port)).toBe(byHand.pid);
    const turn = await timedTurn(home, "Say PONG");
    expect(turn.text, turnText(turn)).toContain("PONG from the proxy started by hand");
    expect(byHand.requests().filter((r) => r.path.endsWith("/messages"))).toHaveLength(1);

    const readyLines = logLines(gateway, READY).length;
    await byHand.stop();
    await waitForNthLog(gateway, READY, readyLines + 1, 30_000);
    expect(proxyProcesses(home)).toHaveLength(1);
    const ours = await timedTurn(home, "Say PONG");
    expect(ours.text, turnText(ours)).toContain(REPLY);
  });

  it("Gateway SIGKILL leaves the proxy and its pid file; the next Gateway reclaims it → exactly one proxy", async () => {
    const [orphan] = proxyProcesses(home);
    expect(orphan).toBeDefined();
    expect(existsSync(join(home.stateDir, ID, "proxy.pid"))).toBe(true);
    await gateway.kill();
    expect(isAlive(orphan as never)).toBe(true); // orphaned, still on the port

    gateway = await home.startGateway();
    const ready = await gateway.waitForLog(READY, 60_000);
    const newPid = Number(READY.exec(ready)?.[1]);
    expect(isAlive(orphan as never)).toBe(false);
    expect(proxyProcesses(home).map((p) => p.pid)).toEqual([newPid]);
    expect(await listenerPid(port)).toBe(newPid);
    const turn = await timedTurn(home, "Say PONG");
    expect(turn.text, turnText(turn)).toContain(REPLY);
    await gateway.stop("SIGTERM");
    expect(proxyProcesses(home)).toEqual([]);
  });
});

describe("openclaw agent --local (no Gateway: services never start)", () => {
  it("autoStart off → refused with the exact command that starts the proxy; nothing is spawned", async () => {
    const config = home.readConfig() as { plugins: { entries: Record<string, object> } };
    config.plugins.entries[ID] = { enabled: true, config: { ...baseConfig(), autoStart: false } };
    home.writeConfig(config);
    const turn = await timedTurn(home, "Say PONG", { local: true });
    expect(turn.exitCode, turnText(turn)).not.toBe(0);
    const text = turnText(turn);
    expect(text).toContain(`nothing answers at 127.0.0.1:${port}`);
    expect(text).toContain("`anthropic-max-proxy run`");
    expect(text).toContain(`MERIDIAN_HOST=127.0.0.1 MERIDIAN_PORT=${port} ${fakeProxyCommand().join(" ")}`);
    expect(proxyProcesses(home)).toEqual([]);
    figures.add("agent --local, autoStart off: refused", turn.ms);
  });

  it("autoStart on → the proxy is started on demand, answers, and ends with the command", async () => {
    const config = home.readConfig() as { plugins: { entries: Record<string, object> } };
    config.plugins.entries[ID] = { enabled: true, config: baseConfig() };
    home.writeConfig(config);
    const before = messageRequests().length;
    const turn = await timedTurn(home, "Say PONG", { local: true });
    expect(turn.exitCode, turnText(turn)).toBe(0);
    expect(turnText(turn)).toContain(REPLY);
    expect(messageRequests().length).toBe(before + 1);
    expect(proxyProcesses(home)).toEqual([]);
    expect(await listenerPid(port)).toBeUndefined();
    figures.add("agent --local, autoStart on: proxy started on demand, answered", turn.ms);
  });
});
