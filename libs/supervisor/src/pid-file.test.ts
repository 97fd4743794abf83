import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import {
  inspectPidFile,
  judgePidFile,
  type PidFileRecord,
  readPidFile,
  reclaimOrphan,
  writePidFile,
} from "./pid-file.ts";
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

/** A "supervisor" (sh) with a child (sleep), in a group of their own; both pids and start times. */
async function supervisorWithChild() {
  const sh = spawn("sh", ["-c", "sleep 60 & echo $!; wait"], {
    stdio: ["ignore", "pipe", "ignore"],
    detached: true,
  });
  cleanup.group(sh.pid as number);
  const childPid = await new Promise<number>((resolve) =>
    createInterface({ input: sh.stdout }).once("line", (line) => resolve(Number(line))),
  );
  const supervisorPid = sh.pid as number;
  return {
    supervisorPid,
    supervisorStartTime: processInfo(supervisorPid)?.startTime as string,
    childPid,
    childStartTime: processInfo(childPid)?.startTime as string,
  };
}
/** A pid file record naming that child and that supervisor. */
function recordFor(p: Awaited<ReturnType<typeof supervisorWithChild>>): PidFileRecord {
  return {
    version: 1,
    pid: p.childPid,
    pgid: p.supervisorPid,
    command: ["sleep", "60"],
    host: "127.0.0.1",
    startedAt: new Date().toISOString(),
    processStartTime: p.childStartTime,
    bootId: bootId(),
    marker: { name: "PROXYKIT_SUPERVISED_BY", value: "test" },
    supervisorPid: p.supervisorPid,
    supervisorStartTime: p.supervisorStartTime,
  };
}

describe("pid file: the supervising process", () => {
  it("a live supervisor (same pid and start time) keeps its child: supervised, and reclaim touches nothing", async () => {
    const p = await supervisorWithChild();
    const record = recordFor(p);
    expect(judgePidFile(record)).toMatchObject({
      kind: "supervised",
      leaderAlive: true,
      supervisor: { pid: p.supervisorPid, command: "sh -c sleep 60 & echo $!; wait", self: false },
    });
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    writePidFile(pidFile, record);
    const r = await reclaimOrphan(pidFile, 200);
    expect(r.verdict.kind).toBe("supervised");
    expect(r.terminated).toBeUndefined();
    expect(isRunning(p.childPid, p.childStartTime)).toBe(true);
    expect(readPidFile(pidFile)).toEqual(record);
  });

  it("a recycled supervisor pid (other start time) is not the writer: the child is an orphan", async () => {
    const p = await supervisorWithChild();
    expect(judgePidFile({ ...recordFor(p), supervisorStartTime: "1" })).toMatchObject({
      kind: "ours",
      leaderAlive: true,
    });
  });

  it("a file of an older version (no supervisor start time): supervised while the child is still its child", async () => {
    const p = await supervisorWithChild();
    const { supervisorStartTime: _s, ...legacy } = recordFor(p);
    expect(judgePidFile(legacy)).toMatchObject({ kind: "supervised", leaderAlive: true });
    // Another live process that is not the child's parent did not write it.
    expect(judgePidFile({ ...legacy, supervisorPid: process.pid })).toMatchObject({ kind: "ours" });
    expect(judgePidFile({ ...legacy, supervisorPid: process.ppid })).toMatchObject({ kind: "ours" });
  });
});

describe("inspectPidFile", () => {
  it("names each case: none, invalid, stale, supervised, orphaned, recycled, exited", async () => {
    const dir = cleanup.tempDir();
    const path = join(dir, "proxy.pid");
    expect(inspectPidFile(path)).toEqual({ path, state: "none", reason: `no pid file at ${path}` });
    writeFileSync(path, "{ not json");
    expect(inspectPidFile(path)).toMatchObject({ state: "invalid" });

    const p = await supervisorWithChild();
    const { childPid, supervisorPid } = p;
    const record: PidFileRecord = { ...recordFor(p), port: 3456 };
    const inspect = (r: PidFileRecord) => {
      writePidFile(path, r);
      return inspectPidFile(path);
    };
    expect(inspect(record)).toEqual({
      path,
      state: "supervised",
      record,
      child: { pid: childPid, alive: true, command: ["sleep", "60"] },
      supervisor: { pid: supervisorPid, alive: true, self: false, command: "sh -c sleep 60 & echo $!; wait" },
      reason: `pid ${childPid} is supervised by pid ${supervisorPid} (sh -c sleep 60 & echo $!; wait)`,
    });
    expect(inspect({ ...record, bootId: "another-boot" })).toMatchObject({ state: "stale" });
    const gone = { ...record, supervisorPid: 999_999_999, supervisorStartTime: "1" };
    expect(inspect(gone)).toMatchObject({
      state: "orphaned",
      child: { pid: childPid, alive: true },
      supervisor: { pid: 999_999_999, alive: false },
      reason: `pid ${childPid} runs but its supervisor pid 999999999 is gone: the next supervisor reclaims it`,
    });
    expect(inspect({ ...gone, processStartTime: "1" })).toMatchObject({
      state: "recycled",
      child: { pid: childPid, alive: false },
    });
    expect(inspect({ ...gone, pid: 999_999_999 })).toMatchObject({
      state: "exited",
      child: { pid: 999_999_999, alive: false },
    });
    // Looking changes nothing.
    expect(isRunning(childPid)).toBe(true);
    expect(readPidFile(path)).toMatchObject({ pid: 999_999_999 });
  });

  it("@proxykit/supervisor/pid-file loads no execa (the main entry does)", async () => {
    const script = `
      import { registerHooks } from "node:module";
      const urls = [];
      registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); urls.push(r.url); return r; } });
      const m = await import(process.argv[1]);
      console.log(JSON.stringify({ urls, exports: Object.keys(m).sort() }));`;
    const load = (specifier: string) => {
      const out = execFileSync(
        process.execPath,
        ["--conditions=@proxykit/source", "--input-type=module", "-e", script, specifier],
        { cwd: join(import.meta.dirname, ".."), encoding: "utf8" },
      );
      return JSON.parse(out) as { urls: string[]; exports: string[] };
    };
    const light = load("@proxykit/supervisor/pid-file");
    expect(light.exports).toEqual(["inspectPidFile", "readPidFile"]);
    expect(light.urls.some((u) => u.endsWith("/src/pid-file/index.ts"))).toBe(true);
    expect(light.urls.filter((u) => u.includes("/execa/"))).toEqual([]);
    const full = load("@proxykit/supervisor");
    expect(full.urls.some((u) => u.includes("/execa/"))).toBe(true);
  });
});

describe("parseProcStat", () => {
  it("reads fields after a command name with spaces and parentheses", () => {
    const text = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 7 0 0 20 0 1 0 987654 1000 10";
    expect(parseProcStat(text)).toEqual({ pid: 4242, ppid: 1, pgid: 4242, state: "S", startTime: "987654" });
  });
});
