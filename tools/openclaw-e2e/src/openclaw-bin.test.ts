import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openclawBin, openclawCommand } from "./openclaw-bin.ts";

describe("openclawBin", () => {
  it("finds the pinned OpenClaw installed by the root postinstall", () => {
    const bin = openclawBin();
    expect(bin).toMatch(/tools\/openclaw-e2e\/host\/node_modules\/openclaw\/openclaw\.mjs$/);
    expect(existsSync(bin)).toBe(true);
    expect(openclawCommand()).toEqual([process.execPath, "--disable-warning=ExperimentalWarning", bin]);
  });

  it("fails loudly with the fix when OpenClaw is missing", () => {
    expect(() => openclawBin("/nonexistent/openclaw")).toThrow(
      expect.objectContaining({
        code: "OPENCLAW_NOT_INSTALLED",
        message: expect.stringContaining("run `npm ci`"),
      }),
    );
  });
});
