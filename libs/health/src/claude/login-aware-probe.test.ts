import { type FakeProxy, startFakeProxy } from "@proxykit/fake-proxy";
import { afterEach, describe, expect, it } from "vitest";
import { probe } from "../probe.ts";
import { type FakeClaude, type FakeClaudeBehaviour, makeFakeClaude } from "../test-support/fake-claude.ts";
import { CLAUDE_LOGGED_OUT_REASON, withClaudeLoginCheck } from "./login-aware-probe.ts";

const LOGGED_OUT: FakeClaudeBehaviour = {
  // What current Claude Code prints when logged out — and it exits 1, which Meridian reads as "could not
  // verify" and answers `degraded` instead of exiting.
  stdout: JSON.stringify({ loggedIn: false, authMethod: "none" }),
  exitCode: 1,
};
const LOGGED_IN: FakeClaudeBehaviour = {
  stdout: JSON.stringify({
    loggedIn: true,
    authMethod: "claude.ai",
    email: "dev@example.com",
    subscriptionType: "max",
  }),
};

let proxies: FakeProxy[] = [];
let fakes: FakeClaude[] = [];
afterEach(async () => {
  await Promise.all([...proxies.map((p) => p.close()), ...fakes.map((f) => f.cleanup())]);
  proxies = [];
  fakes = [];
});

async function setUp(options: { degraded?: boolean; claude: FakeClaudeBehaviour }) {
  const proxy = await startFakeProxy({ port: 0, degraded: options.degraded ?? true });
  proxies.push(proxy);
  const claude = await makeFakeClaude(options.claude);
  fakes.push(claude);
  const runs: string[] = [];
  const checked = withClaudeLoginCheck((o) => probe(`${proxy.url}/health`, o), {
    claude: { env: claude.env() },
    onStatus: (s) => runs.push(s.state),
  });
  return { proxy, claude, checked, runs };
}

describe("withClaudeLoginCheck (the simulator's degraded /health, fake `claude` on PATH)", () => {
  it("degraded + Claude logged out → unhealthy with loggedIn:false and the `claude login` reason", async () => {
    const { checked, runs } = await setUp({ claude: LOGGED_OUT });
    const result = await checked({ timeoutMs: 2000 });
    expect(result).toMatchObject({
      state: "unhealthy",
      reason: CLAUDE_LOGGED_OUT_REASON,
      auth: { loggedIn: false },
    });
    expect(result.statusCode).toBe(200); // the server's own answer is kept for diagnosis
    expect(runs).toEqual(["logged-out"]);
  });

  it("degraded + Claude logged in → still degraded, with the account filled in", async () => {
    const { checked } = await setUp({ claude: LOGGED_IN });
    const result = await checked({ timeoutMs: 2000 });
    expect(result).toMatchObject({
      state: "degraded",
      auth: { loggedIn: true, email: "dev@example.com", subscriptionType: "max" },
    });
  });

  it("a healthy answer never runs the Claude CLI", async () => {
    const { checked, runs, claude } = await setUp({ degraded: false, claude: LOGGED_OUT });
    expect((await checked({ timeoutMs: 2000 })).state).toBe("healthy");
    expect(runs).toEqual([]);
    await expect(claude.args()).rejects.toThrow(/ENOENT/); // the script never ran
  });

  it("the Claude CLI missing → the degraded answer unchanged", async () => {
    const { proxy } = await setUp({ claude: LOGGED_OUT });
    const checked = withClaudeLoginCheck((o) => probe(`${proxy.url}/health`, o), {
      claude: { env: { PATH: "/nonexistent" } },
    });
    expect((await checked({ timeoutMs: 2000 })).state).toBe("degraded");
  });

  it("caches the answer and shares one run between concurrent probes", async () => {
    const { checked, runs } = await setUp({ claude: LOGGED_OUT });
    const results = await Promise.all([checked({}), checked({}), checked({})]);
    expect(results.map((r) => r.state)).toEqual(["unhealthy", "unhealthy", "unhealthy"]);
    expect((await checked({})).state).toBe("unhealthy");
    expect(runs).toEqual(["logged-out"]);
  });

  it("an abort stops the caller's wait without failing the shared check", async () => {
    const proxy = await startFakeProxy({ port: 0, degraded: true });
    proxies.push(proxy);
    const claude = await makeFakeClaude({ ...LOGGED_OUT, hangSeconds: 1 });
    fakes.push(claude);
    const checked = withClaudeLoginCheck((o) => probe(`${proxy.url}/health`, o), {
      claude: { env: claude.env() },
    });
    const aborted = new AbortController();
    const first = checked({ signal: aborted.signal });
    const second = checked({});
    setTimeout(() => aborted.abort(new Error("stop waiting")), 50);
    await expect(first).rejects.toThrow("stop waiting");
    // `hangSeconds` makes the fake sleep and then exit 0 with nothing printed: not a login status.
    expect((await second).state).toBe("degraded");
  });
});

describe("withClaudeLoginCheck within the probe's deadline", () => {
  it("a CLI slower than the probe's timeout leaves the answer unchanged, and its answer serves the next probe", async () => {
    const proxy = await startFakeProxy({ port: 0, degraded: true });
    proxies.push(proxy);
    const dir = await makeFakeClaude(LOGGED_OUT); // a wrapper that answers after 600 ms
    fakes.push(dir);
    const slow = await makeFakeClaude({ name: "slow-claude", stdout: "" });
    fakes.push(slow);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(`${slow.dir}/slow-claude`, `#!/bin/sh\nsleep 0.6\nexec '${dir.dir}/claude' "$@"\n`);
    const checked = withClaudeLoginCheck((o) => probe(`${proxy.url}/health`, o), {
      claude: { command: [`${slow.dir}/slow-claude`], env: dir.env() },
    });
    expect((await checked({ timeoutMs: 200 })).state).toBe("degraded");
    await new Promise((r) => setTimeout(r, 900));
    expect((await checked({ timeoutMs: 200 })).state).toBe("unhealthy");
  });
});
