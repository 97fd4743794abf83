import { describe, expect, it } from "vitest";
import { buildChildEnv, DEFAULT_DROPPED_ENV, expandArgv } from "./env.ts";

describe("buildChildEnv", () => {
  const base = {
    PATH: "/bin",
    HOME: "/home/u",
    ANTHROPIC_API_KEY: "sk-ant-secret",
    ANTHROPIC_AUTH_TOKEN: "tok",
    ANTHROPIC_BASE_URL: "https://api.anthropic.com",
    UNSET: undefined,
  };

  it("drops the three ANTHROPIC_* variables by default and keeps the rest", () => {
    const env = buildChildEnv({
      base,
      drop: DEFAULT_DROPPED_ENV,
      host: "127.0.0.1",
      hostVars: [],
      portVars: [],
    });
    expect(env).toEqual({ PATH: "/bin", HOME: "/home/u" });
  });

  it("sets every host and port variable, and lets explicit extra env win (or remove)", () => {
    const env = buildChildEnv({
      base,
      drop: DEFAULT_DROPPED_ENV,
      host: "127.0.0.2",
      port: 4567,
      hostVars: ["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"],
      portVars: ["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"],
      extra: { MERIDIAN_PORT: "9999", HOME: undefined, ANTHROPIC_BASE_URL: "http://chosen" },
    });
    expect(env).toEqual({
      PATH: "/bin",
      CLAUDE_PROXY_HOST: "127.0.0.2",
      MERIDIAN_HOST: "127.0.0.2",
      CLAUDE_PROXY_PORT: "4567",
      MERIDIAN_PORT: "9999",
      ANTHROPIC_BASE_URL: "http://chosen",
    });
  });

  it("keeps everything when the drop list is overridden with []", () => {
    const env = buildChildEnv({ base, drop: [], host: "h", hostVars: [], portVars: [] });
    expect(env.ANTHROPIC_API_KEY).toBe("sk-ant-secret");
  });
});

describe("expandArgv", () => {
  it("replaces {host} and {port} anywhere in an argument and leaves other braces", () => {
    expect(
      expandArgv(["srv", "--listen={host}:{port}", "{port}", "{other}"], { host: "::1", port: 80 }),
    ).toEqual(["srv", "--listen=::1:80", "80", "{other}"]);
  });
  it("leaves {port} alone without a port", () => {
    expect(expandArgv(["{port}"], { host: "h" })).toEqual(["{port}"]);
  });
});
