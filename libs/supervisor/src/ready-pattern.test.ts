/**
 * `readyPattern` with a `port` and no `probe`: the pattern decides readiness (a port that accepts
 * connections is not enough), and the default TCP probe still watches liveness once ready.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup, freePort } from "./test-support/helpers.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A child that listens on `port` at once, and says "warmed up" half a second later. */
const slowWarmUp = (port: number) => `
  require("node:net").createServer().listen(${port}, "127.0.0.1", () => {
    console.log("listening");
    setTimeout(() => console.log("warmed up"), 500);
  });`;

describe("readyPattern with a port", () => {
  it("ready comes from the pattern, not from the port accepting connections", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor({
      command: [process.execPath, "-e", slowWarmUp(port)],
      name: "warm",
      port,
      readyPattern: /warmed up/,
      stopTimeoutMs: 500,
    });
    const ready = await sup.start();
    expect(ready.state).toBe("ready");
    expect(ready.output.map((l) => l.text)).toEqual(["listening", "warmed up"]);
  });

  it("liveness still uses the TCP probe: a child that matched but does not listen becomes unhealthy", async () => {
    const port = await freePort();
    const sup = cleanup.supervisor({
      command: [process.execPath, "-e", 'console.log("warmed up"); setInterval(() => {}, 1000)'],
      name: "warm",
      port,
      readyPattern: /warmed up/,
      livenessIntervalMs: 50,
      startupTimeoutMs: 10_000,
      autoRestart: false,
      stopTimeoutMs: 500,
    });
    expect((await sup.start()).state).toBe("ready");
    const unhealthy = await sup.waitFor("unhealthy", { timeoutMs: 10_000 });
    expect(unhealthy.reason).toBe(
      `liveness probe failed (1 of 3): unreachable: nothing accepts connections on 127.0.0.1:${port}`,
    );
  });
});
