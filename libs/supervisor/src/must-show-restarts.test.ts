/**
 * The "Must show" list (restarts, backoff, hangs, login), against the Meridian simulator (tools/fake-proxy) as a real child
 * process: no mocked child_process, real HTTP on loopback, real signals, real files.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort } from "@proxykit/fake-proxy";
import { afterEach, describe, expect, it } from "vitest";
import { isPortInUse } from "./port.ts";
import { isRunning } from "./proc.ts";
import { expectInOrder } from "./test-support/assertions.ts";
import { Cleanup, recordRestartDelays, recordStates } from "./test-support/helpers.ts";
import { fakeOptions } from "./test-support/simulator.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe("Must show (restarts, backoff, hangs, login), against the Meridian simulator", () => {
  it("crash → restart → ready", async () => {
    const port = await getFreePort();
    const sup = cleanup.supervisor(fakeOptions(port, { FAKE_PROXY_CRASH_AFTER_MS: "1000" }));
    const states = recordStates(sup);
    const first = await sup.start();
    expect(first.state).toBe("ready");
    const again = await sup.waitFor((s) => s.state === "ready" && s.pid !== first.pid, { timeoutMs: 20_000 });
    expectInOrder(states, ["starting", "ready", "restarting", "starting", "ready"]);
    expect(again.lastExit).toMatchObject({ kind: "crash", exitCode: 1, pid: first.pid });
    expect(again.lastExit?.reason).toContain("[fake-proxy] simulated crash");
    expect(again.restarts).toBe(1);
    expect(isRunning(first.pid as number)).toBe(false);
  });

  it("repeated crashes → backoff, then failed with the last output", async () => {
    const port = await getFreePort();
    const sup = cleanup.supervisor(
      fakeOptions(port, { FAKE_PROXY_CRASH_AFTER_MS: "0" }, { restartDelayMs: 50, maxCrashes: 4 }),
    );
    const delays = recordRestartDelays(sup);
    const s = await sup.start();
    const failed = s.state === "failed" ? s : await sup.waitFor("failed", { timeoutMs: 30_000 });
    expect(delays).toEqual([50, 200, 400]); // 50, then 100·2, 100·4 (cap 400)
    expect(failed.reason).toMatch(/^crash loop: 4 crashes within 60 s, giving up/);
    expect(failed.reason).toContain("[fake-proxy] simulated crash");
    expect(failed.reason).toContain(`Meridian running at http://127.0.0.1:${port}`);
    expect(failed.restarts).toBe(3);
    expect(await isPortInUse("127.0.0.1", port)).toBe(false);
  });

  it("hang → unhealthy → restart", async () => {
    const port = await getFreePort();
    const sup = cleanup.supervisor(fakeOptions(port, { FAKE_PROXY_HEALTH_HANG_AFTER_MS: "1000" }));
    const states = recordStates(sup);
    const first = await sup.start();
    const again = await sup.waitFor((s) => s.state === "ready" && s.pid !== first.pid, { timeoutMs: 20_000 });
    expectInOrder(states, ["starting", "ready", "unhealthy", "restarting", "starting", "ready"]);
    expect(again.lastExit).toMatchObject({ kind: "hung", pid: first.pid, signal: "SIGTERM" });
    expect(isRunning(first.pid as number)).toBe(false);
  });

  it("not logged in → needs-login, no tight loop; logging in (credentials file) → ready promptly", async () => {
    const port = await getFreePort();
    const dir = cleanup.tempDir();
    const credentials = join(dir, ".claude", ".credentials.json");
    const sup = cleanup.supervisor(
      fakeOptions(
        port,
        { FAKE_PROXY_CREDENTIALS_FILE: credentials },
        { credentialsFile: credentials, loginRetryMs: 60_000, restartDelayMs: 0 },
      ),
    );
    let spawns = 0;
    sup.on("state", (c) => {
      if (c.state === "starting") spawns++;
    });
    const s = await sup.start();
    expect(s.state).toBe("needs-login");
    expect(s.reason).toMatch(
      /^not logged in: ".*Not logged in to Claude.*Run: claude login" — run: claude login/,
    );
    expect(s.lastExit).toMatchObject({ kind: "not-logged-in", exitCode: 1 });
    expect(s.crashesInWindow).toBe(0);
    // No tight loop: the next attempt is a minute away (the seed's plugin respawned every 3 s forever).
    expect(s.nextAttemptAt).toBeGreaterThan(Date.now() + 50_000);
    expect(spawns).toBe(1);

    mkdirSync(join(dir, ".claude"));
    writeFileSync(credentials, "{}");
    const ready = await sup.waitFor("ready", { timeoutMs: 20_000 });
    expect(spawns).toBe(2);
    expect(ready.restarts).toBe(1);
  });

  it("login lost while running (/health 503, loggedIn false) → needs-login without a restart; login back → ready", async () => {
    const port = await getFreePort();
    const dir = cleanup.tempDir();
    const credentials = join(dir, ".credentials.json");
    writeFileSync(credentials, "{}");
    const sup = cleanup.supervisor(
      fakeOptions(port, { FAKE_PROXY_CREDENTIALS_FILE: credentials }, { credentialsFile: credentials }),
    );
    const first = await sup.start();
    expect(first.state).toBe("ready");
    rmSync(credentials);
    const lost = await sup.waitFor("needs-login", { timeoutMs: 20_000 });
    expect(lost.pid).toBe(first.pid); // kept running: a restart cannot log anyone in
    expect(lost.reason).toContain("runs but is not logged in");
    writeFileSync(credentials, "{}");
    const back = await sup.waitFor("ready", { timeoutMs: 20_000 });
    expect(back.pid).toBe(first.pid);
    expect(back.restarts).toBe(0);
  });
});
