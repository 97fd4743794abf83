/**
 * The "Must show" list (ports, commands, process groups, orphans, environment), against the Meridian simulator (tools/fake-proxy) as a real child
 * process: no mocked child_process, real HTTP on loopback, real signals, real files.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort, readEnvDump, spawnFakeProxy } from "@proxykit/fake-proxy";
import { afterEach, describe, expect, it } from "vitest";
import { collect } from "./group.ts";
import { readPidFile } from "./pid-file.ts";
import { isPortInUse } from "./port.ts";
import { bootId, isRunning, processInfo } from "./proc.ts";
import { Cleanup, collectLogs, foreignServer, supervisingProcess } from "./test-support/helpers.ts";
import { fakeOptions, serialisable } from "./test-support/simulator.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe("Must show (ports, commands, process groups, orphans, environment), against the Meridian simulator", () => {
  it("port held by a healthy proxy → adopted (watched, not killed); when it goes, ours starts", async () => {
    const port = await getFreePort();
    const other = spawnFakeProxy({ port });
    cleanup.add(() => other.stop());
    await other.ready;
    const sup = cleanup.supervisor(fakeOptions(port));
    const s = await sup.start();
    expect(s.state).toBe("adopted");
    expect(s.adopted?.pid).toBe(other.pid);
    expect(s.reason).toContain(`pid ${other.pid}`);
    expect(s.pid).toBeUndefined();
    await other.stop();
    const ours = await sup.waitFor("ready", { timeoutMs: 20_000 });
    expect(ours.pid).not.toBe(other.pid);
    expect(ours.adopted).toBeUndefined();
  });

  it("adopted, then stop(): the adopted proxy is left running", async () => {
    const port = await getFreePort();
    const other = spawnFakeProxy({ port });
    cleanup.add(() => other.stop());
    await other.ready;
    const sup = cleanup.supervisor(fakeOptions(port));
    expect((await sup.start()).state).toBe("adopted");
    expect((await sup.stop()).state).toBe("stopped");
    expect(isRunning(other.pid)).toBe(true);
    expect(await isPortInUse("127.0.0.1", port)).toBe(true);
  });

  it("port held by a foreign server → failed naming its pid and command; the server is untouched", async () => {
    const port = await getFreePort();
    const pid = await foreignServer(cleanup, port);
    const sup = cleanup.supervisor(fakeOptions(port));
    const s = await sup.start();
    expect(s.state).toBe("failed");
    expect(s.reason).toContain(`port ${port} on 127.0.0.1 is in use by pid ${pid} (${process.execPath} -e`);
    expect(s.reason).toContain("does not answer as a healthy server");
    expect(s.reason).toContain("left untouched: stop it, or choose another port");
    expect(isRunning(pid)).toBe(true);
    expect(await isPortInUse("127.0.0.1", port)).toBe(true);
    expect(s.restarts).toBe(0);
  });

  it("missing command → failed with a hint, no retries", async () => {
    const sup = cleanup.supervisor({
      ...fakeOptions(await getFreePort()),
      command: ["bunx-that-is-not-installed", "opencode-claude-max-proxy"],
    });
    const s = await sup.start();
    expect(s.state).toBe("failed");
    expect(s.reason).toBe(
      'command not found: "bunx-that-is-not-installed" is not on PATH (ENOENT). Install it, or set the command to an installed executable',
    );
    expect(s.restarts).toBe(0);
  });

  it("a bunx-like wrapper that ignores TERM, server in a grandchild → stop() leaves no process and a free port", async () => {
    const port = await getFreePort();
    const warnings: string[] = [];
    const logger = {
      info() {},
      warn: (m: string) => warnings.push(m),
      error: (m: string) => warnings.push(m),
    };
    const sup = cleanup.supervisor(
      fakeOptions(port, { FAKE_PROXY_WRAPPER: "1", FAKE_PROXY_IGNORE_SIGTERM: "1" }, { logger }),
    );
    const s = await sup.start();
    expect(s.state).toBe("ready");
    const group = collect({ pgid: s.pid as number });
    expect(group.length).toBe(2); // the wrapper and the server
    const server = group.find((p) => p.pid !== s.pid);
    expect(server?.ppid).toBe(s.pid);
    const stopped = await sup.stop();
    expect(stopped.state).toBe("stopped");
    for (const p of group) expect(isRunning(p.pid)).toBe(false);
    expect(collect({ pgid: s.pid as number })).toEqual([]);
    expect(await isPortInUse("127.0.0.1", port)).toBe(false);
    expect(stopped.output.some((l) => l.text.includes("ignoring SIGTERM"))).toBe(true);
    expect(warnings).toEqual([
      `fake-proxy: ${s.pid}, ${server?.pid} still running 500 ms after SIGTERM; sending SIGKILL`,
    ]);
  });

  it("the supervising process killed with SIGKILL → the next supervisor reclaims the orphan", async () => {
    const port = await getFreePort();
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    const options = fakeOptions(port, { FAKE_PROXY_WRAPPER: "1" }, { pidFile });
    const parent = supervisingProcess(cleanup, serialisable(options));
    const orphan = (await parent.next((l) => l.state === "ready" && l.pid !== undefined)).pid as number;
    cleanup.group(orphan);
    const orphanGroup = collect({ pgid: orphan });
    expect(orphanGroup.length).toBe(2);
    const record = readPidFile(pidFile);
    expect(record).toMatchObject({
      pid: orphan,
      pgid: orphan,
      port,
      supervisorPid: parent.pid,
      bootId: bootId(),
    });
    expect(record?.processStartTime).toBe(processInfo(orphan)?.startTime);

    process.kill(parent.pid, "SIGKILL");
    await parent.exited;
    for (const p of orphanGroup) expect(isRunning(p.pid)).toBe(true);
    expect(await isPortInUse("127.0.0.1", port)).toBe(true);

    const { logs, logger } = collectLogs();
    const next = cleanup.supervisor({ ...options, logger });
    const s = await next.start();
    expect(s.state).toBe("ready"); // not "adopted", not "failed: port in use": reclaimed as ours
    expect(logs).toContain(
      `fake-proxy: reclaimed processes left behind by a previous supervisor (pids ${orphanGroup.map((p) => p.pid).join(", ")})`,
    );
    for (const p of orphanGroup) expect(isRunning(p.pid)).toBe(false);
    expect(s.pid).not.toBe(orphan);
    expect(readPidFile(pidFile)?.pid).toBe(s.pid);
    await next.stop();
    expect(readPidFile(pidFile)).toBeUndefined();
  });

  it("two supervisors on one pid file: the second adopts the live one's healthy proxy and kills nothing", async () => {
    const port = await getFreePort();
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    const options = fakeOptions(port, { FAKE_PROXY_WRAPPER: "1" }, { pidFile });
    // The Gateway's supervisor, say: a process of its own.
    const first = supervisingProcess(cleanup, serialisable(options));
    const proxy = (await first.next((l) => l.state === "ready" && l.pid !== undefined)).pid as number;
    const group = collect({ pgid: proxy });
    expect(group.length).toBe(2);
    const record = readFileSync(pidFile, "utf8");
    expect(readPidFile(pidFile)).toMatchObject({
      pid: proxy,
      supervisorPid: first.pid,
      supervisorStartTime: processInfo(first.pid)?.startTime,
    });

    // `anthropic-max-proxy run`, say: a second supervisor on the same pid file, in this process.
    const { logs, logger } = collectLogs();
    const second = cleanup.supervisor({ ...options, logger });
    const s = await second.start();
    expect(s.state).toBe("adopted");
    expect(s.reason).toContain(`supervised by pid ${first.pid} (${process.execPath} `);
    expect(s.adopted?.supervisedBy?.pid).toBe(first.pid);
    expect(s.pid).toBeUndefined();
    expect(logs.join("\n")).not.toContain("reclaimed processes");
    for (const p of group) expect(isRunning(p.pid, p.startTime)).toBe(true);
    expect(readFileSync(pidFile, "utf8")).toBe(record);

    expect((await second.stop()).state).toBe("stopped");
    for (const p of group) expect(isRunning(p.pid, p.startTime)).toBe(true);
    expect(readFileSync(pidFile, "utf8")).toBe(record);
    expect(first.lines.map((l) => l.state)).not.toContain("restarting");

    // The first one still owns it: its stop ends the proxy and removes the file.
    first.process.kill("SIGTERM");
    await first.exited;
    for (const p of group) expect(isRunning(p.pid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  it("two supervisors on one pid file, the live one's proxy not ready yet → the second fails naming it, kills nothing", async () => {
    const port = await getFreePort();
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    const options = fakeOptions(port, { FAKE_PROXY_START_DELAY_MS: "60000" }, { pidFile });
    const first = supervisingProcess(cleanup, serialisable(options));
    let record = readPidFile(pidFile);
    while (!record) {
      await new Promise((r) => setTimeout(r, 5));
      record = readPidFile(pidFile);
    }
    const proxy = record.pid;
    expect(record.supervisorPid).toBe(first.pid);

    const second = cleanup.supervisor(options);
    const s = await second.start();
    expect(s.state).toBe("failed");
    expect(s.failureCode).toBe("ALREADY_SUPERVISED");
    expect(s.reason).toContain(`fake-proxy pid ${proxy} (${process.execPath} `);
    expect(s.reason).toContain(`is already supervised by pid ${first.pid} (${process.execPath} `);
    expect(s.reason).toContain(`nothing answers on 127.0.0.1:${port} yet; it was left alone`);
    expect(s.lastExit).toBeUndefined(); // it never spawned one of its own
    expect(isRunning(proxy, record.processStartTime)).toBe(true);
    expect(readPidFile(pidFile)).toEqual(record);
  });

  it("two Supervisor instances of one process on one pid file: the second adopts, the first keeps its child", async () => {
    const port = await getFreePort();
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    const first = cleanup.supervisor(fakeOptions(port, {}, { pidFile }));
    const ready = await first.start();
    expect(ready.state).toBe("ready");
    const second = cleanup.supervisor(fakeOptions(port, {}, { pidFile }));
    const s = await second.start();
    expect(s.state).toBe("adopted");
    expect(s.reason).toContain(`supervised by pid ${process.pid} (another Supervisor of this process)`);
    expect(first.status()).toMatchObject({ state: "ready", pid: ready.pid });
    expect(isRunning(ready.pid as number)).toBe(true);
    expect(readPidFile(pidFile)?.pid).toBe(ready.pid);
  });

  it("ANTHROPIC_API_KEY (and the token and base URL) set in the parent never reach the proxy, even a grandchild", async () => {
    const port = await getFreePort();
    const dump = join(cleanup.tempDir(), "env.json");
    const saved = { ...process.env };
    process.env.ANTHROPIC_API_KEY = "sk-ant-api03-must-not-leak";
    process.env.ANTHROPIC_AUTH_TOKEN = "must-not-leak";
    process.env.ANTHROPIC_BASE_URL = "https://api.anthropic.com";
    cleanup.add(() => {
      for (const k of ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    });
    const sup = cleanup.supervisor(fakeOptions(port, { FAKE_PROXY_ENV_DUMP: dump, FAKE_PROXY_WRAPPER: "1" }));
    expect((await sup.start()).state).toBe("ready");
    const names = readEnvDump(dump);
    expect(names).not.toContain("ANTHROPIC_API_KEY");
    expect(names).not.toContain("ANTHROPIC_AUTH_TOKEN");
    expect(names).not.toContain("ANTHROPIC_BASE_URL");
    expect(names).toEqual(expect.arrayContaining(["MERIDIAN_PORT", "CLAUDE_PROXY_PORT", "PATH"]));
  });
});
