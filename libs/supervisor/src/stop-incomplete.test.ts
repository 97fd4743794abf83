/**
 * `stop()` always resolves; when it could not leave things as promised (a process survived SIGKILL, or
 * the port is still held once our processes are gone) the status says so: `stopped` with the failure
 * code `STOP_INCOMPLETE` and the reason. Shown here with the port taken by a foreign process.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup, foreignServer, freePort, inspectPortForTests } from "./test-support/helpers.ts";
import type { StateChange } from "./types.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe("stop() that cannot free the port", () => {
  it("resolves in stopped with STOP_INCOMPLETE naming who still holds the port", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor({
      command: ["sh", "-c", "sleep 30"], // never listens: the port is someone else's
      port,
      probe: async () => true,
      inspectPort: inspectPortForTests,
      livenessIntervalMs: 0,
      stopTimeoutMs: 300,
    });
    const changes: StateChange[] = [];
    sup.on("state", (c) => changes.push(c));
    expect((await sup.start()).state).toBe("ready");
    const holder = await foreignServer(cleanup, port);

    const stopped = await sup.stop();
    expect(stopped.state).toBe("stopped");
    expect(stopped.failureCode).toBe("STOP_INCOMPLETE");
    expect(stopped.lastError).toMatch(new RegExp(`^port ${port} is still in use by pid ${holder} \\(`));
    expect(stopped.reason).toBe(`stopped by request, but ${stopped.lastError}`);
    expect(changes.at(-1)).toMatchObject({ state: "stopped", code: "STOP_INCOMPLETE" });

    // The next start() clears it.
    const again = sup.start();
    expect((await sup.waitFor("starting", { timeoutMs: 5_000 })).failureCode).toBeUndefined();
    await sup.stop();
    await again;
  });
});
