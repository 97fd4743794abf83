import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultClaudeCredentialsPath, readClaudeCredentials } from "./credentials.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "claude-creds-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 8, 1, 12, 0, 0);
const ACCESS = "sk-ant-oat01-ACCESSSECRET";
const REFRESH = "sk-ant-ort01-REFRESHSECRET";

async function credentialsFile(content: unknown, name = ".credentials.json"): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content), { mode: 0o600 });
  return file;
}

describe("readClaudeCredentials (temp credential files)", () => {
  it("reads expiry, subscription, tier and scopes — and no token", async () => {
    const file = await credentialsFile({
      claudeAiOauth: {
        accessToken: ACCESS,
        refreshToken: REFRESH,
        expiresAt: NOW + 3_600_000,
        scopes: ["user:inference", "user:profile"],
        subscriptionType: "max",
        rateLimitTier: "default_claude_max_20x",
      },
    });
    const creds = await readClaudeCredentials({ path: file, now: () => NOW });
    expect(creds).toEqual({
      state: "found",
      path: file,
      hasAccessToken: true,
      hasRefreshToken: true,
      expiresAt: new Date(NOW + 3_600_000),
      expiresInMs: 3_600_000,
      expired: false,
      subscriptionType: "max",
      rateLimitTier: "default_claude_max_20x",
      scopes: ["user:inference", "user:profile"],
    });
    expect(JSON.stringify(creds)).not.toMatch(/SECRET/);
  });

  it("says when the access token has expired", async () => {
    const file = await credentialsFile({ claudeAiOauth: { accessToken: ACCESS, expiresAt: NOW - 1000 } });
    expect(await readClaudeCredentials({ path: file, now: () => NOW })).toMatchObject({
      state: "found",
      expired: true,
      expiresInMs: -1000,
      hasRefreshToken: false,
    });
  });

  it("missing file → missing (Linux) or keychain (macOS)", async () => {
    const file = path.join(dir, "nope.json");
    expect(await readClaudeCredentials({ path: file, platform: "linux" })).toMatchObject({
      state: "missing",
    });
    expect(await readClaudeCredentials({ path: file, platform: "darwin" })).toMatchObject({
      state: "keychain",
    });
  });

  it("invalid JSON → invalid, without echoing the content (a parse error would quote the token)", async () => {
    const file = await credentialsFile(`{"claudeAiOauth":{"accessToken":"${ACCESS}",`);
    const creds = await readClaudeCredentials({ path: file });
    expect(creds).toMatchObject({ state: "invalid", reason: "the credentials file is not valid JSON" });
    expect(JSON.stringify(creds)).not.toMatch(/SECRET/);
  });

  it("JSON without an OAuth login → invalid", async () => {
    const file = await credentialsFile({ somethingElse: { token: ACCESS } });
    const creds = await readClaudeCredentials({ path: file });
    expect(creds.state).toBe("invalid");
    expect(JSON.stringify(creds)).not.toMatch(/SECRET/);
  });

  it("unreadable → unreadable (here: a directory where the file should be)", async () => {
    const file = path.join(dir, "is-a-dir");
    await mkdir(file);
    expect(await readClaudeCredentials({ path: file })).toMatchObject({ state: "unreadable" });
  });

  it("finds the default file under CLAUDE_CONFIG_DIR, else ~/.claude", async () => {
    await mkdir(path.join(dir, "cfg"));
    await credentialsFile({ claudeAiOauth: { accessToken: ACCESS } }, path.join("cfg", ".credentials.json"));
    const creds = await readClaudeCredentials({ env: { CLAUDE_CONFIG_DIR: path.join(dir, "cfg") } });
    expect(creds).toMatchObject({ state: "found", path: path.join(dir, "cfg", ".credentials.json") });
    expect(defaultClaudeCredentialsPath({ HOME: "/home/me" })).toBe("/home/me/.claude/.credentials.json");
  });
});
