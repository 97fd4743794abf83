import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { judgePidFile, readPidFile } from "./pid-file.ts";
import { bootId, isRunning, parseProcStat, processInfo } from "./proc.ts";
import { Cleanup, collectLogs, freePort, TINY_SERVER, tinyOptions } from "./test-support/helpers.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe("pid file", () => {
  it("a pid file pointing at an unrelated process is ignored and that process is never killed", async () => {
    const port = await freePort();
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    const bystander = spawn("sleep", ["60"], { stdio: "ignore" });
    cleanup.add(() => bystander.kill("SIGKILL"));
    const pid = bystander.pid as number;
    writeFileSync(
      pidFile,
      JSON.stringify({
        version: 1,
        pid,
        pgid: pid,
        command: ["node", TINY_SERVER],
        host: "127.0.0.1",
        port,
        startedAt: new Date().toISOString(),
        processStartTime: "1", // the real process started later: a recycled pid
        bootId: bootId(),
        marker: { name: "PROXYKIT_SUPERVISED_BY", value: "previous-run" },
        supervisorPid: 1,
      }),
    );
    expect(judgePidFile(readPidFile(pidFile))).toMatchObject({ kind: "unrelated", pid, command: "sleep 60" });
    const { logs, logger } = collectLogs();
    const sup = cleanup.supervisor(tinyOptions(port, {}, { pidFile, logger }));
    expect((await sup.start()).state).toBe("ready");
    expect(isRunning(pid)).toBe(true);
    expect(
      logs.some((l) =>
        l.includes(`points at pid ${pid}, now an unrelated process (sleep 60); left untouched`),
      ),
    ).toBe(true);
  });

  it("ignores a garbage pid file and one from another boot", () => {
    const dir = cleanup.tempDir();
    writeFileSync(join(dir, "a.pid"), "not json");
    expect(readPidFile(join(dir, "a.pid"))).toBeUndefined();
    expect(readPidFile(join(dir, "missing.pid"))).toBeUndefined();
    const other = {
      version: 1 as const,
      pid: process.pid,
      pgid: process.pid,
      command: [],
      host: "h",
      startedAt: "",
      processStartTime: processInfo(process.pid)?.startTime ?? "",
      bootId: "another-boot",
      marker: { name: "X", value: "y" },
      supervisorPid: 1,
    };
    expect(judgePidFile(other)).toEqual({ kind: "stale", reason: "written before a reboot" });
    expect(judgePidFile({ ...other, bootId: bootId() })).toMatchObject({ kind: "ours", leaderAlive: true });
  });
});

describe("parseProcStat", () => {
  it("reads fields after a command name with spaces and parentheses", () => {
    const text = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 7 0 0 20 0 1 0 987654 1000 10";
    expect(parseProcStat(text)).toEqual({ pid: 4242, ppid: 1, pgid: 4242, state: "S", startTime: "987654" });
  });
});
