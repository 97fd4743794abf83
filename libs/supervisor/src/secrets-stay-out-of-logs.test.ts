/**
 * Secrets in command lines never reach a log line or a reason: the child's own argv (logged at spawn)
 * and the command line of an unrelated process that took over a recycled pid (named when the pid file is
 * checked) go through the redaction; the pid file, which keeps the argv as it is, is readable by its owner
 * only.
 */
import { spawn } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inspectPidFile } from "./pid-file.ts";
import { bootId } from "./proc.ts";
import { Cleanup, collectLogs, freePort } from "./test-support/helpers.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const SECRET = "sk-ant-api03-Zq7DoNotLogThisKey0123456789";
/** What must never appear: the key, or its tail (a redaction that only masked the prefix). */
const expectNoSecret = (text: string) => {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain("DoNotLogThisKey");
};

describe("secrets in command lines", () => {
  it("the child's argv is redacted in the log and the state reason; the pid file is mode 0600", async () => {
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    const { logs, logger } = collectLogs();
    const sup = cleanup.supervisor({
      command: ["sh", "-c", "sleep 30", `--api-key=${SECRET}`],
      name: "keyed",
      pidFile,
      // The spawn reason is a change of reason within `starting`: logged at debug.
      logger: { ...logger, debug: logger.info },
      stopTimeoutMs: 500,
    });
    const ready = await sup.start();
    expect(ready.state).toBe("ready");
    expect(logs.join("\n")).toContain(`spawned pid ${ready.pid}: sh -c sleep 30 --api-key=[redacted]`);
    expectNoSecret(logs.join("\n"));
    expect(statSync(pidFile).mode & 0o777).toBe(0o600);
  });

  it("the command line of an unrelated process on a recycled pid is redacted in the log and in inspectPidFile", async () => {
    const pidFile = join(cleanup.tempDir(), "proxy.pid");
    // Not a sleep that `sh` would exec into: the argv with the key stays on the process.
    const bystander = spawn("sh", ["-c", "sleep 60; :", `--api-key=${SECRET}`], { stdio: "ignore" });
    cleanup.add(() => bystander.kill("SIGKILL"));
    const pid = bystander.pid as number;
    writeFileSync(
      pidFile,
      JSON.stringify({
        version: 1,
        pid,
        pgid: pid,
        command: ["node", "server.js"],
        host: "127.0.0.1",
        startedAt: new Date().toISOString(),
        processStartTime: "1", // the real process started later: a recycled pid
        bootId: bootId(),
        marker: { name: "PROXYKIT_SUPERVISED_BY", value: "previous-run" },
        supervisorPid: 1,
      }),
    );
    const view = inspectPidFile(pidFile);
    expect(view.state).toBe("recycled");
    expect(view.reason).toContain("--api-key=[redacted]");
    expectNoSecret(view.reason);

    const { logs, logger } = collectLogs();
    const sup = cleanup.supervisor({
      command: ["sh", "-c", "sleep 30"],
      port: await freePort(),
      probe: async () => true,
      pidFile,
      logger,
      stopTimeoutMs: 500,
    });
    expect((await sup.start()).state).toBe("ready");
    expect(logs.join("\n")).toContain(`points at pid ${pid}, now an unrelated process (sh -c sleep 60; :`);
    expectNoSecret(logs.join("\n"));
  });
});
