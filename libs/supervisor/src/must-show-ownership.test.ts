/**
 * The "Must show" list (ports, commands, process groups, orphans, environment), against the Meridian simulator (tools/fake-proxy) as a real child
 * process: no mocked child_process, real HTTP on loopback, real signals, real files.
 */
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
