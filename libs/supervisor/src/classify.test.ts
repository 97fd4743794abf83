import { describe, expect, it } from "vitest";
import { classifyExit, DEFAULT_EXIT_PATTERNS } from "./classify.ts";

const base = { exitCode: 1, signal: null, lines: [] as string[], wasReady: false };

describe("classifyExit", () => {
  it("ENOENT and exit 127 are not-found; EACCES and 126 not-executable", () => {
    expect(classifyExit({ ...base, exitCode: null, spawnErrorCode: "ENOENT" }).kind).toBe("not-found");
    expect(classifyExit({ ...base, exitCode: 127, lines: ["sh: 1: bunx: not found"] })).toEqual({
      kind: "not-found",
      evidence: "sh: 1: bunx: not found",
    });
    expect(classifyExit({ ...base, exitCode: null, spawnErrorCode: "EACCES" }).kind).toBe("not-executable");
    expect(classifyExit({ ...base, exitCode: 126 }).kind).toBe("not-executable");
  });

  it("recognises Meridian's start-up failures", () => {
    expect(
      classifyExit({ ...base, lines: ["", "Error: Port 3456 is already in use.", "Is another…"] }),
    ).toEqual({
      kind: "port-in-use",
      evidence: "Error: Port 3456 is already in use.",
    });
    expect(
      classifyExit({ ...base, lines: ["\u001b[31m✗ Not logged in to Claude.\u001b[0m Run: claude login"] })
        .kind,
    ).toBe("not-logged-in");
    expect(
      classifyExit({ ...base, lines: ["listen EADDRINUSE: address already in use 127.0.0.1:80"] }).kind,
    ).toBe("port-in-use");
  });

  it("recognises launchers that cannot find their package", () => {
    expect(classifyExit({ ...base, lines: ["npm error 404 Not Found - GET https://registry/x"] }).kind).toBe(
      "not-found",
    );
    expect(
      classifyExit({ ...base, lines: ["error: could not determine executable to run for package x"] }).kind,
    ).toBe("not-found");
  });

  it("anything else, a signal, or a pattern after readiness is a crash (not-logged-in counts always)", () => {
    expect(classifyExit({ ...base, lines: ["TypeError: boom"] }).kind).toBe("crash");
    expect(
      classifyExit({ ...base, exitCode: null, signal: "SIGKILL", lines: ["Port 1 is already in use"] }).kind,
    ).toBe("crash");
    expect(classifyExit({ ...base, wasReady: true, lines: ["Port 1 is already in use"] }).kind).toBe("crash");
    expect(classifyExit({ ...base, wasReady: true, lines: ["not logged in"] }).kind).toBe("not-logged-in");
    const old = ["request failed: not logged in", "a", "b", "c", "TypeError: boom"];
    expect(classifyExit({ ...base, wasReady: true, lines: old }).kind).toBe("crash");
  });

  it("takes caller patterns", () => {
    const patterns = { ...DEFAULT_EXIT_PATTERNS, notLoggedIn: /token expired/ };
    expect(classifyExit({ ...base, lines: ["token expired"] }, patterns).kind).toBe("not-logged-in");
    expect(classifyExit({ ...base, lines: ["not logged in"] }, patterns).kind).toBe("crash");
  });
});
