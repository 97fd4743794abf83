import { describe, expect, it } from "vitest";
import { runCli } from "./test-support/cli.ts";
import { fakeProxy, setUp, testHome } from "./test-support/fixtures.ts";
import { startCliInPty } from "./test-support/pty.ts";

describe("waits over a second", () => {
  it("show a spinner on a terminal, and nothing of it when piped, with --json or under CI", async () => {
    const home = testHome();
    // /health accepts the connection and never answers: status waits out its --timeout.
    const proxy = await fakeProxy({ healthHangAfterMs: 0 });
    await setUp(home, proxy.port);
    // The spinner appears after 1 s of waiting; a 5 s timeout leaves a wide margin on a loaded machine.
    const tty = startCliInPty(["status", "--timeout", "5000"], home.env);
    await tty.waitFor(/probing http:\/\/127\.0\.0\.1:\d+/, 10_000);
    expect(await tty.exited).toBe(1);
    expect(tty.text()).toMatch(/timeout/);

    // A CI log is no place for a spinner, even when the job runs in a pseudo-terminal.
    const ci = startCliInPty(["status", "--timeout", "1600"], { ...home.env, CI: "true" });
    expect(await ci.exited).toBe(1);
    expect(ci.text()).toMatch(/timeout/);
    expect(ci.text()).not.toContain("probing");

    const piped = await runCli(["status", "--timeout", "1600"], { env: home.env });
    expect(piped.exitCode).toBe(1);
    expect(piped.stdout + piped.stderr).not.toContain("probing");
    const json = await runCli(["status", "--json", "--timeout", "1600"], { env: home.env });
    expect(JSON.parse(json.stdout).proxy.state).toBe("timeout");
    expect(json.stderr).toBe("");
  }, 30_000);

  it("no spinner for a short wait, even on a terminal", async () => {
    const home = testHome();
    const proxy = await fakeProxy();
    await setUp(home, proxy.port);
    const tty = startCliInPty(["status"], home.env);
    expect(await tty.exited).toBe(0);
    expect(tty.text()).not.toContain("probing");
  });
});
