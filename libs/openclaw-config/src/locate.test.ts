import path from "node:path";
import { describe, expect, it } from "vitest";
import { OpenClawConfigError } from "./errors.ts";
import { locateConfigFile } from "./locate.ts";

const H = "/home/me";
function locate(
  env: Record<string, string>,
  existing: string[] = [],
  extra: { profile?: string; cwd?: string } = {},
) {
  return locateConfigFile({
    env,
    cwd: extra.cwd ?? "/work",
    homedir: () => "/os-home",
    exists: (file) => existing.includes(file),
    ...(extra.profile === undefined ? {} : { profile: extra.profile }),
  });
}

describe("locateConfigFile", () => {
  it("defaults to ~/.openclaw/openclaw.json", () => {
    expect(locate({ HOME: H })).toMatchObject({
      path: `${H}/.openclaw/openclaw.json`,
      stateDir: `${H}/.openclaw`,
      source: "default",
      exists: false,
    });
  });

  it("OPENCLAW_CONFIG_PATH wins, trimmed, ~ expanded, relative to cwd", () => {
    expect(locate({ HOME: H, OPENCLAW_CONFIG_PATH: " ~/x.json " }).path).toBe(`${H}/x.json`);
    expect(locate({ HOME: H, OPENCLAW_CONFIG_PATH: "conf/x.json5" }).path).toBe("/work/conf/x.json5");
    expect(locate({ HOME: H, OPENCLAW_CONFIG_PATH: "/etc/oc.json", OPENCLAW_STATE_DIR: "/s" })).toMatchObject(
      {
        path: "/etc/oc.json",
        source: "OPENCLAW_CONFIG_PATH",
      },
    );
  });

  it("OPENCLAW_STATE_DIR: its openclaw.json, or a legacy clawdbot.json there", () => {
    expect(locate({ HOME: H, OPENCLAW_STATE_DIR: "/s" }, [`${H}/.openclaw/openclaw.json`])).toMatchObject({
      path: "/s/openclaw.json",
      source: "OPENCLAW_STATE_DIR",
    });
    expect(locate({ HOME: H, OPENCLAW_STATE_DIR: "/s" }, ["/s/clawdbot.json"]).path).toBe("/s/clawdbot.json");
  });

  it("OPENCLAW_HOME replaces HOME; a leading ~ in it is HOME", () => {
    expect(locate({ HOME: H, OPENCLAW_HOME: "/oc" }).path).toBe("/oc/.openclaw/openclaw.json");
    expect(locate({ HOME: H, OPENCLAW_HOME: "~/alt" }).path).toBe(`${H}/alt/.openclaw/openclaw.json`);
    expect(locate({ HOME: H, OPENCLAW_HOME: "rel" }).path).toBe("/work/rel/.openclaw/openclaw.json");
    expect(locate({ HOME: "undefined" }).path).toBe("/os-home/.openclaw/openclaw.json");
  });

  it("prefers existing legacy files: ~/.openclaw/clawdbot.json, then ~/.clawdbot/…", () => {
    expect(locate({ HOME: H }, [`${H}/.openclaw/clawdbot.json`])).toMatchObject({
      path: `${H}/.openclaw/clawdbot.json`,
      source: "existing-legacy",
    });
    expect(locate({ HOME: H }, [`${H}/.openclaw`, `${H}/.clawdbot/clawdbot.json`]).path).toBe(
      `${H}/.clawdbot/clawdbot.json`,
    );
    expect(
      locate({ HOME: H }, [`${H}/.openclaw/openclaw.json`, `${H}/.clawdbot/clawdbot.json`]),
    ).toMatchObject({
      path: `${H}/.openclaw/openclaw.json`,
      source: "existing-default",
      exists: true,
    });
  });

  it("a profile is ~/.openclaw-<name>, like --profile; OPENCLAW_PROFILE alone changes nothing", () => {
    expect(locate({ HOME: H }, [], { profile: "work" })).toMatchObject({
      path: `${H}/.openclaw-work/openclaw.json`,
      source: "profile",
      stateDir: `${H}/.openclaw-work`,
    });
    expect(locate({ HOME: H }, [], { profile: "default" }).path).toBe(`${H}/.openclaw/openclaw.json`);
    expect(locate({ HOME: H, OPENCLAW_PROFILE: "work" }).path).toBe(`${H}/.openclaw/openclaw.json`);
    // An explicit config path survives the profile; a state dir of the profile being left follows it.
    expect(locate({ HOME: H, OPENCLAW_CONFIG_PATH: "/c.json" }, [], { profile: "work" }).path).toBe(
      "/c.json",
    );
    expect(
      locate({ HOME: H, OPENCLAW_PROFILE: "a", OPENCLAW_STATE_DIR: "~/.openclaw-a" }, [], { profile: "b" })
        .path,
    ).toBe(`${H}/.openclaw-b/openclaw.json`);
    expect(locate({ HOME: H, OPENCLAW_STATE_DIR: "/s" }, [], { profile: "b" }).path).toBe("/s/openclaw.json");
  });

  it("returns the environment OpenClaw would run with after the profile", () => {
    expect(locate({ HOME: H }, [], { profile: "dev" }).env).toMatchObject({
      OPENCLAW_PROFILE: "dev",
      OPENCLAW_STATE_DIR: `${H}/.openclaw-dev`,
      OPENCLAW_CONFIG_PATH: path.join(`${H}/.openclaw-dev`, "openclaw.json"),
    });
  });

  it("rejects an invalid profile name", () => {
    expect(() => locate({ HOME: H }, [], { profile: "bad name" })).toThrow(OpenClawConfigError);
    expect(() => locate({ HOME: H }, [], { profile: " " })).toThrow(/requires a value/);
  });
});
