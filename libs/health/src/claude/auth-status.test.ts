import { afterEach, describe, expect, it } from "vitest";
import { type FakeClaude, type FakeClaudeBehaviour, makeFakeClaude } from "../test-support/fake-claude.ts";
import { claudeAuthStatus, findJsonObject } from "./auth-status.ts";

let fakes: FakeClaude[] = [];
async function fake(behaviour: FakeClaudeBehaviour): Promise<FakeClaude> {
  const f = await makeFakeClaude(behaviour);
  fakes.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.cleanup()));
  fakes = [];
});

const LOGGED_IN = {
  loggedIn: true,
  authMethod: "claude.ai",
  apiProvider: "firstParty",
  email: "dev@example.com",
  orgId: "0000-1111",
  orgName: "Example",
  subscriptionType: "max",
};

describe("claudeAuthStatus (fake claude executables on a temp PATH)", () => {
  it("logged in: runs `claude auth status` and keeps only the known fields", async () => {
    const f = await fake({
      stdout: `${JSON.stringify({ ...LOGGED_IN, accessToken: "sk-ant-oat01-NOPE" })}\n`,
    });
    const status = await claudeAuthStatus({ env: f.env() });
    expect(status).toMatchObject({
      state: "logged-in",
      loggedIn: true,
      authMethod: "claude.ai",
      subscriptionType: "max",
      email: "dev@example.com",
      orgName: "Example",
      exitCode: 0,
      command: ["claude", "auth", "status"],
    });
    expect(await f.args()).toEqual(["auth", "status"]);
    expect(JSON.stringify(status)).not.toContain("sk-ant");
  });

  it("logged out with exit code 1: still parses the JSON", async () => {
    const f = await fake({
      stdout: JSON.stringify({ loggedIn: false, authMethod: "none", apiProvider: "firstParty" }),
      exitCode: 1,
    });
    expect(await claudeAuthStatus({ env: f.env() })).toMatchObject({
      state: "logged-out",
      loggedIn: false,
      authMethod: "none",
      exitCode: 1,
    });
  });

  it("finds the JSON after warning lines", async () => {
    const f = await fake({ stdout: `Warning: an update is available\n${JSON.stringify(LOGGED_IN)}\n` });
    expect((await claudeAuthStatus({ env: f.env() })).state).toBe("logged-in");
  });

  it("reads the text form of logged-out (older versions, --text)", async () => {
    const f = await fake({ stdout: "Not logged in. Run claude login to authenticate.\n", exitCode: 1 });
    expect((await claudeAuthStatus({ env: f.env() })).state).toBe("logged-out");
  });

  it("not-installed when the command is not on PATH", async () => {
    const f = await fake({ stdout: "{}", name: "something-else" });
    const status = await claudeAuthStatus({ env: f.env() });
    expect(status).toMatchObject({ state: "not-installed", loggedIn: false });
    expect(status.reason).toMatch(/`claude` was not found on PATH: install Claude Code/);
  });

  it("error without leaking what it printed: unknown output, a token on stderr", async () => {
    const f = await fake({
      stdout: "something odd sk-ant-oat01-STDOUTSECRET",
      stderr: "TypeError: boom near sk-ant-oat01-STDERRSECRET\n    at x (cli.js:1:1)\n",
      exitCode: 2,
    });
    const status = await claudeAuthStatus({ env: f.env() });
    expect(status).toMatchObject({ state: "error", loggedIn: false, exitCode: 2 });
    expect(status.reason).toMatch(/exited 2 without a login status: TypeError: boom near sk-ant-<redacted>/);
    expect(JSON.stringify(status)).not.toMatch(/SECRET/);
  });

  it("error when it does not answer in time (and the hung command is killed)", async () => {
    const f = await fake({ hangSeconds: 30 });
    const status = await claudeAuthStatus({ env: f.env(), timeoutMs: 200 });
    expect(status).toMatchObject({ state: "error", loggedIn: false });
    expect(status.reason).toMatch(/did not finish within 200 ms/);
  });

  it("drops ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and ANTHROPIC_BASE_URL unless told to keep them", async () => {
    const f = await fake({ stdout: JSON.stringify(LOGGED_IN) });
    const secrets = {
      ANTHROPIC_API_KEY: "sk-ant-api03-x",
      ANTHROPIC_AUTH_TOKEN: "t",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:1",
      CLAUDE_CONFIG_DIR: "/tmp/c",
    };
    await claudeAuthStatus({ env: f.env(secrets) });
    const keys = await f.envKeys();
    expect(keys).toContain("CLAUDE_CONFIG_DIR");
    expect(keys).not.toContain("ANTHROPIC_API_KEY");
    expect(keys).not.toContain("ANTHROPIC_AUTH_TOKEN");
    expect(keys).not.toContain("ANTHROPIC_BASE_URL");
    await claudeAuthStatus({ env: f.env(secrets), keepAnthropicEnv: true });
    expect(await f.envKeys()).toContain("ANTHROPIC_API_KEY");
  });

  it("runs a command given as an argv prefix, with no shell in between", async () => {
    const f = await fake({ stdout: JSON.stringify(LOGGED_IN), name: "my-claude" });
    const status = await claudeAuthStatus({
      command: ["my-claude", "--profile", "a b; rm -rf /"],
      env: f.env(),
    });
    expect(status.state).toBe("logged-in");
    expect(status.command).toEqual(["my-claude", "--profile", "a b; rm -rf /", "auth", "status"]);
    expect(await f.args()).toEqual(["--profile", "a b; rm -rf /", "auth", "status"]);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const f = await fake({ hangSeconds: 30 });
    const controller = new AbortController();
    const pending = claudeAuthStatus({ env: f.env(), signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(pending).rejects.toThrow("stop");
  });

  it("refuses an empty command", async () => {
    await expect(claudeAuthStatus({ command: [] })).rejects.toThrow(TypeError);
  });
});

describe("findJsonObject", () => {
  it("takes the whole text or the span between the first { and the last }", () => {
    expect(findJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(findJsonObject('warn\n{"a":{"b":2}}\n')).toEqual({ a: { b: 2 } });
    expect(findJsonObject("[1,2]")).toBeUndefined();
    expect(findJsonObject("nope")).toBeUndefined();
  });
});
