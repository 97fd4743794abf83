/**
 * The supervisor's mechanics against real child processes (a tiny purpose-made HTTP server, see
 * test-support/tiny-server.ts). The Meridian-shaped scenarios live in must-show.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { collect } from "./group.ts";
import { isPortInUse, waitPortFree } from "./port.ts";
import { isRunning } from "./proc.ts";
import {
  Cleanup,
  freePort,
  recordRestartDelays,
  recordStates,
  supervisingProcess,
  TINY_SERVER,
  tinyOptions,
} from "./test-support/helpers.ts";
import type { StateChange } from "./types.ts";

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

  it("backs off on repeated quick crashes, then fails with the last output lines", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(
      tinyOptions(port, { TINY_CRASH_AFTER_MS: "0" }, { restartDelayMs: 0, maxCrashes: 3 }),
    );
    const delays = recordRestartDelays(sup);
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
    expect(failed.failureCode).toBe("NOT_RESTARTED");
  });

  it("a missing command fails at once with a hint, ENOENT and exit 127 alike", async () => {
    const sup = cleanup.supervisor({ command: ["no-such-proxy-command-xyz", "--port", "{port}"], port: 1 });
    const changes: StateChange[] = [];
    sup.on("state", (change) => changes.push(change));
    const s = await sup.start();
    expect(s.state).toBe("failed");
    expect(s.failureCode).toBe("COMMAND_NOT_FOUND");
    expect(changes.at(-1)).toMatchObject({ state: "failed", code: "COMMAND_NOT_FOUND" });
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
    expect(t.failureCode).toBe("COMMAND_NOT_FOUND");
    // A new start() clears it until the next failure.
    const again = sh.start();
    expect((await sh.waitFor("starting", { timeoutMs: 5_000 })).failureCode).toBeUndefined();
    expect((await again).failureCode).toBe("COMMAND_NOT_FOUND");
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

  it("stop() during start-up ends it at once, without waiting for readiness", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(tinyOptions(port, { TINY_START_DELAY_MS: "60000" }));
    const started = sup.start();
    const starting = await sup.waitFor((s) => s.state === "starting" && s.pid !== undefined, {
      timeoutMs: 10_000,
    });
    const stopped = await sup.stop();
    expect(stopped.state).toBe("stopped");
    expect((await started).state).toBe("stopped");
    expect(isRunning(starting.pid as number)).toBe(false);
    expect(stopped.lastExit).toMatchObject({ kind: "stopped", pid: starting.pid, signal: "SIGTERM" });
    expect(stopped.crashesInWindow).toBe(0); // stopped, not counted as a crash
  });

  it("a host that exits without stop() still takes its child's group down (exit hook)", async () => {
    const port = await freePort();
    const { command, env } = tinyOptions(port, { TINY_WRAPPER: "1" });
    const parent = supervisingProcess(cleanup, { command, env, port, name: "tiny" });
    const child = (await parent.next((l) => l.state === "ready" && l.pid !== undefined)).pid as number;
    cleanup.group(child);
    const group = collect({ pgid: child });
    expect(group.length).toBe(2);
    parent.process.kill("SIGUSR2");
    await parent.exited;
    await waitPortFree("127.0.0.1", port, 10_000);
    for (const p of group) expect(isRunning(p.pid)).toBe(false);
  });

  it("redacts secrets in the child's output before the log, the ring and the events see them", async () => {
    const logged: string[] = [];
    const sup = cleanup.supervisor({
      command: ["sh", "-c", 'echo "Authorization: Bearer abcdefghijklmnopqrstuvwxyz"; exec sleep 30'],
      name: "chatty",
      logger: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
      stopTimeoutMs: 200,
    });
    const line = new Promise((resolve) => sup.once("output", resolve));
    await sup.start();
    expect(await line).toMatchObject({ stream: "stdout", text: "Authorization: Bearer [redacted]" });
    expect(sup.status().output.map((l) => l.text)).toEqual(["Authorization: Bearer [redacted]"]);
    expect(logged).toContain("[chatty] Authorization: Bearer [redacted]");
    expect(logged.join("\n")).not.toContain("abcdefghijklmnop");
  });

  it("retryNow() cuts the needs-login wait short (no credentials file to watch, e.g. a macOS Keychain)", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor(
      tinyOptions(port, { TINY_SAY: "Error: not logged in", TINY_EXIT: "1" }, { loginRetryMs: 60_000 }),
    );
    expect(sup.retryNow()).toBe(false);
    const first = await sup.start();
    expect(first.state).toBe("needs-login");
    expect(sup.retryNow()).toBe(true);
    await sup.waitFor((s) => s.state === "starting" && s.pid !== undefined, { timeoutMs: 10_000 });
    const again = await sup.waitFor("needs-login", { timeoutMs: 10_000 });
    expect(again.restarts).toBe(1);
  });

  it("rejects invalid options with a message naming the option", async () => {
    const { Supervisor } = await import("./supervisor.ts");
    expect(() => new Supervisor({ command: [] })).toThrow(/option "command" must be a non-empty array/);
    expect(() => new Supervisor({ command: ["x"], port: 70000 })).toThrow(/option "port"/);
    expect(() => new Supervisor({ command: ["x"], restartDelayMs: -1 })).toThrow(/restartDelayMs/);
    expect(TINY_SERVER).toMatch(/tiny-server\.ts$/);
  });
});
