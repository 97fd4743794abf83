/**
 * The supervisor's mechanics against real child processes (a tiny purpose-made HTTP server, see
 * test-support/tiny-server.ts). The Meridian-shaped scenarios live in must-show.test.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { collect } from "./group.ts";
import { isPortInUse } from "./port.ts";
import { isRunning } from "./proc.ts";
import { Cleanup, freePort, recordStates, TINY_SERVER, tinyOptions } from "./test-support/helpers.ts";
import type { ExitRecord } from "./types.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe("Supervisor with a real child", () => {
  it("starts, reports ready with pid and output, and stops leaving no process and a free port", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(tinyOptions(port));
    const states = recordStates(sup);
    const ready = await sup.start();
    expect(ready.state).toBe("ready");
    expect(ready.pid).toBeTypeOf("number");
    expect(ready.pgid).toBe(ready.pid);
    expect(ready.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(ready.output.some((l) => l.text === `listening on http://127.0.0.1:${port}`)).toBe(true);
    const pid = ready.pid as number;
    expect(isRunning(pid)).toBe(true);

    const stopped = await sup.stop();
    expect(stopped.state).toBe("stopped");
    expect(stopped.pid).toBeUndefined();
    expect(isRunning(pid)).toBe(false);
    expect(collect({ pgid: pid })).toEqual([]);
    expect(await isPortInUse("127.0.0.1", port)).toBe(false);
    expect(states).toEqual(["starting", "ready", "stopping", "stopped"]);
    // idempotent
    expect((await sup.stop()).state).toBe("stopped");
  });

  it("start() while running is a no-op, and concurrent start/stop calls end in the last one's state", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(tinyOptions(port));
    const spawned: number[] = [];
    sup.on("state", (c) => {
      if (c.state === "starting" && c.reason?.startsWith("spawned")) spawned.push(1);
    });
    const [a, b] = await Promise.all([sup.start(), sup.start()]);
    expect(a.pid).toBe(b.pid);
    expect((await sup.start()).pid).toBe(a.pid);

    // A storm of calls without waiting: exactly one child at any time, and the final call wins.
    const calls = [sup.stop(), sup.start(), sup.stop(), sup.start(), sup.start(), sup.stop(), sup.start()];
    await Promise.all(calls);
    const final = await sup.waitFor("ready", { timeoutMs: 10_000 });
    expect(final.state).toBe("ready");
    const group = collect({ pgid: final.pid as number });
    expect(group.map((p) => p.pid)).toEqual([final.pid]);
    await sup.stop();
    expect(await isPortInUse("127.0.0.1", port)).toBe(false);
  });

  it("restarts a crashed child and becomes ready again", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(tinyOptions(port));
    const first = await sup.start();
    const exits: ExitRecord[] = [];
    sup.on("exit", (e) => exits.push(e));
    process.kill(first.pid as number, "SIGKILL");
    await sup.waitFor((s) => s.state === "ready" && s.pid !== first.pid, { timeoutMs: 10_000 });
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ kind: "crash", signal: "SIGKILL", pid: first.pid });
    expect(sup.status().restarts).toBe(1);
    expect(sup.status().lastExit?.reason).toContain("killed by SIGKILL");
  });

  it("backs off on repeated quick crashes, then fails with the last output lines", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(
      tinyOptions(port, { TINY_CRASH_AFTER_MS: "0" }, { restartDelayMs: 0, maxCrashes: 3 }),
    );
    const delays: number[] = [];
    sup.on("state", (c) => {
      const m = c.state === "restarting" ? /restarting in (\d+) ms/.exec(c.reason ?? "") : null;
      if (m) delays.push(Number(m[1]));
    });
    const s = await sup.start();
    const failed = s.state === "failed" ? s : await sup.waitFor("failed", { timeoutMs: 15_000 });
    expect(delays).toEqual([0, 200]); // 0, then 100·2 (maxRestartDelayMs 200 caps the next ones)
    expect(failed.reason).toMatch(/crash loop: 3 crashes within 60 s/);
    expect(failed.reason).toContain("tiny: crashing");
    expect(failed.lastError).toBe(failed.reason);
    expect(failed.pid).toBeUndefined();
    expect(await isPortInUse("127.0.0.1", port)).toBe(false);
    // failed is not final: start() tries again
    const again = sup.start();
    await sup.waitFor("starting", { timeoutMs: 5_000 });
    await sup.stop();
    await again;
  });

  it("restarts a child whose health endpoint hangs (unhealthy first)", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(tinyOptions(port, { TINY_HANG_AFTER_MS: "150" }));
    const states = recordStates(sup);
    const first = await sup.start();
    await sup.waitFor((s) => s.state === "ready" && s.pid !== first.pid, { timeoutMs: 15_000 });
    expect(states.slice(0, 5)).toEqual(["starting", "ready", "unhealthy", "restarting", "starting"]);
    expect(sup.status().lastExit).toMatchObject({ kind: "hung", pid: first.pid });
    expect(sup.status().lastExit?.reason).toMatch(
      /liveness: 2 probes in a row failed \(no answer within 300 ms\)/,
    );
    expect(isRunning(first.pid as number)).toBe(false);
  });

  it("kills and restarts a child that is not ready within startupTimeoutMs", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(
      tinyOptions(port, { TINY_START_DELAY_MS: "60000" }, { startupTimeoutMs: 300, maxCrashes: 2 }),
    );
    const s = await sup.start();
    expect(s.state).toBe("failed");
    expect(s.lastExit).toMatchObject({ kind: "startup-timeout", signal: "SIGTERM" });
    expect(s.reason).toContain("not ready within 300 ms");
  });

  it("autoRestart false: a crash ends in failed", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(tinyOptions(port, {}, { autoRestart: false }));
    const first = await sup.start();
    process.kill(first.pid as number, "SIGTERM");
    const failed = await sup.waitFor("failed", { timeoutMs: 5_000 });
    expect(failed.reason).toMatch(/killed by SIGTERM.*autoRestart is off/);
  });

  it("a missing command fails at once with a hint, ENOENT and exit 127 alike", async () => {
    const sup = cleanup.supervisor({ command: ["no-such-proxy-command-xyz", "--port", "{port}"], port: 1 });
    const s = await sup.start();
    expect(s.state).toBe("failed");
    expect(s.reason).toBe(
      'command not found: "no-such-proxy-command-xyz" is not on PATH (ENOENT). Install it, or set the command to an installed executable',
    );
    const sh = cleanup.supervisor({
      command: ["sh", "-c", "no-such-proxy-command-xyz"],
      port: await freePort(),
      restartDelayMs: 0,
    });
    const t = await sh.start();
    expect(t.state).toBe("failed");
    expect(t.lastExit).toMatchObject({ kind: "not-found", exitCode: 127 });
    expect(t.reason).toMatch(/command not found \(exit code 127\): ".*no-such-proxy-command-xyz.*not found"/);
    expect(t.restarts).toBe(0);
  });

  it("not logged in: a distinct state, no tight loop, prompt retry when the credentials file appears", async () => {
    const port = await freePort();
    const dir = cleanup.tempDir();
    const credentials = join(dir, "sub", ".credentials.json");
    const sup = cleanup.supervisor(
      tinyOptions(
        port,
        { TINY_SAY: "✗ Not logged in to Claude. Run: claude login", TINY_EXIT: "1" },
        {
          credentialsFile: credentials,
          loginRetryMs: 60_000,
          loginHint: "run: claude login",
          restartDelayMs: 0,
        },
      ),
    );
    let spawns = 0;
    sup.on("state", (c) => {
      if (c.state === "starting") spawns++;
    });
    const s = await sup.start();
    expect(s.state).toBe("needs-login");
    expect(s.reason).toContain(
      'not logged in: "✗ Not logged in to Claude. Run: claude login" — run: claude login',
    );
    expect(s.reason).toContain(`or when ${credentials} changes`);
    expect(s.nextAttemptAt).toBeGreaterThan(Date.now() + 50_000);
    expect(s.crashesInWindow).toBe(0);
    const before = spawns;
    // The directory does not even exist yet: the file appearing must still trigger a retry.
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "sub"));
    writeFileSync(credentials, "{}");
    await sup.waitFor("starting", { timeoutMs: 5_000 });
    await sup.waitFor("needs-login", { timeoutMs: 5_000 });
    expect(spawns).toBe(before + 1);
  });

  it("never passes ANTHROPIC_API_KEY (or the token, or the base URL) to the child; passes host/port variables", async () => {
    const port = await freePort();
    const dir = cleanup.tempDir();
    const dump = join(dir, "env.json");
    const sup = cleanup.supervisor(
      tinyOptions(
        port,
        { TINY_ENV_DUMP: dump },
        {
          baseEnv: {
            ...process.env,
            ANTHROPIC_API_KEY: "sk-ant-parent",
            ANTHROPIC_AUTH_TOKEN: "t",
            ANTHROPIC_BASE_URL: "https://api.anthropic.com",
          },
          hostEnv: ["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"],
          portEnv: ["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"],
        },
      ),
    );
    await sup.start();
    const names = JSON.parse(readFileSync(dump, "utf8")) as string[];
    expect(names).not.toContain("ANTHROPIC_API_KEY");
    expect(names).not.toContain("ANTHROPIC_AUTH_TOKEN");
    expect(names).not.toContain("ANTHROPIC_BASE_URL");
    expect(names).toEqual(
      expect.arrayContaining(["PATH", "CLAUDE_PROXY_HOST", "MERIDIAN_PORT", "PROXYKIT_SUPERVISED_BY"]),
    );
  });

  it("stop() ends a TERM-ignoring wrapper and its grandchild, and one that escaped into its own session", async () => {
    for (const ownSession of ["0", "1"]) {
      const port = await freePort();
      const sup = cleanup.supervisor(
        tinyOptions(
          port,
          { TINY_WRAPPER: "1", TINY_IGNORE_TERM: "1", TINY_ESCAPE: ownSession },
          { stopTimeoutMs: 200 },
        ),
      );
      const s = await sup.start();
      expect(s.state).toBe("ready");
      const grandchild = Number(/server pid (\d+)/.exec(s.output.map((l) => l.text).join("\n"))?.[1]);
      expect(isRunning(grandchild)).toBe(true);
      await sup.stop();
      expect(isRunning(s.pid as number)).toBe(false);
      expect(isRunning(grandchild)).toBe(false);
      expect(await isPortInUse("127.0.0.1", port)).toBe(false);
    }
  });

  it("a wrapper killed -9 leaves its grandchild on the port: the supervisor reaps it and restarts", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(tinyOptions(port, { TINY_WRAPPER: "1" }));
    const s = await sup.start();
    const grandchild = Number(/server pid (\d+)/.exec(s.output.map((l) => l.text).join("\n"))?.[1]);
    process.kill(s.pid as number, "SIGKILL");
    const again = await sup.waitFor((x) => x.state === "ready" && x.pid !== s.pid, { timeoutMs: 10_000 });
    expect(isRunning(grandchild)).toBe(false);
    expect(again.lastExit?.kind).toBe("crash");
    expect(collect({ pgid: again.pid as number }).length).toBe(2); // new wrapper + new server
  });

  it("rejects invalid options with a message naming the option", async () => {
    const { Supervisor } = await import("./supervisor.ts");
    expect(() => new Supervisor({ command: [] })).toThrow(/option "command" must be a non-empty array/);
    expect(() => new Supervisor({ command: ["x"], port: 70000 })).toThrow(/option "port"/);
    expect(() => new Supervisor({ command: ["x"], restartDelayMs: -1 })).toThrow(/restartDelayMs/);
    expect(TINY_SERVER).toMatch(/tiny-server\.ts$/);
  });
});
