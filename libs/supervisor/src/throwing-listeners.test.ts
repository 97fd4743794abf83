/**
 * A `state`, `output` or `exit` listener that throws is the caller's bug: the supervisor's run loop goes
 * on, the other listeners still hear every event, and the error surfaces as an uncaught exception (like
 * a throwing timer callback would), as `@proxykit/health`'s watchLiveness does.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup } from "./test-support/helpers.ts";
import { trapUncaught, type UncaughtTrap } from "./test-support/uncaught.ts";

const cleanup = new Cleanup();
let trap: UncaughtTrap | undefined;
afterEach(async () => {
  await cleanup.run();
  trap?.restore();
});

describe("throwing listeners", () => {
  it("do not break start() or stop(), and their errors surface as uncaught", async () => {
    trap = trapUncaught();
    const sup = cleanup.supervisor({
      command: ["sh", "-c", "echo hello; exec sleep 30"],
      name: "loud",
      readyPattern: /hello/,
      stopTimeoutMs: 500,
    });
    for (const event of ["state", "output", "exit"] as const) {
      sup.on(event, () => {
        throw new Error(`${event} listener bug`);
      });
    }
    const states: string[] = [];
    sup.on("state", (c) => states.push(c.state));

    expect((await sup.start()).state).toBe("ready");
    expect((await sup.stop()).state).toBe("stopped");
    expect(states).toEqual(["starting", "ready", "stopping", "stopped"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(trap.exceptions.map((e) => (e as Error).message)).toEqual([
      "state listener bug", // starting
      "output listener bug", // hello
      "state listener bug", // ready
      "state listener bug", // stopping
      "exit listener bug",
      "state listener bug", // stopped
    ]);
    expect(trap.rejections).toEqual([]);
  });
});
