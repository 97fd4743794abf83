import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./test-support/cli.ts";

const version = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

describe("the command line frame", () => {
  it("--json with a usage error still exits 2, and a command error is JSON on stdout", async () => {
    const usage = await runCli(["status", "--timeout", "soon"]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain("--timeout");
    const failure = await runCli(["setup", "--json", "--profile", "bad name!"]);
    expect(failure.exitCode).toBe(2);
    expect(JSON.parse(failure.stdout)).toMatchObject({ ok: false, error: { code: "USAGE" } });
    expect(failure.stderr).toContain("fix:");
  });

  it("--version prints the package version and exits 0", async () => {
    const result = await runCli(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("--help lists the commands and the exit codes, exit 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Usage: anthropic-max-proxy");
    expect(result.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
    expect(result.stdout).not.toContain("proxy-simulator");
  });

  it.each(["setup", "status", "doctor", "run", "verify", "demo"])(
    "%s --help: options, examples, exit codes; exit 0",
    async (name) => {
      const result = await runCli([name, "--help"]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`Usage: anthropic-max-proxy ${name}`);
      expect(result.stdout).toContain("Examples:");
      expect(result.stdout).toContain("Exit codes:");
      expect(result.stdout).toContain("--json");
      const viaHelp = await runCli(["help", name]);
      expect(viaHelp.stdout).toBe(result.stdout);
    },
  );

  it("no command: help on stderr, exit 2", async () => {
    const result = await runCli([]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Usage: anthropic-max-proxy");
  });

  it("an unknown command or option is a usage error (exit 2) naming it and the fix", async () => {
    const command = await runCli(["frobnicate"]);
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toMatch(/frobnicate/);
    expect(command.stderr).toContain("--help");
    const option = await runCli(["--frobnicate"]);
    expect(option.exitCode).toBe(2);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    expect(option.stderr).toContain("--help");
  });
});
