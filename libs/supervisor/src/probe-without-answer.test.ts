/**
 * A probe written in JavaScript that forgets its `return` answers `undefined`: the supervisor counts that
 * as a failed probe and says why; it never turns into an unhandled rejection that would kill the host,
 * and liveness probing goes on.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup } from "./test-support/helpers.ts";
import { trapUncaught, type UncaughtTrap } from "./test-support/uncaught.ts";
import type { Probe } from "./types.ts";

const cleanup = new Cleanup();
let trap: UncaughtTrap | undefined;
afterEach(async () => {
  await cleanup.run();
  trap?.restore();
});

describe("a probe that answers nothing", () => {
  it.each([undefined, null, 42])(
    "answering %s is an unhealthy probe, not a crash of the host",
    async (bad) => {
      trap = trapUncaught();
      let calls = 0;
      // Healthy once (→ ready), then the forgotten `return` of a JavaScript caller.
      const probe = (async () => (++calls === 1 ? true : bad)) as unknown as Probe;
      const sup = cleanup.supervisor({
        command: [process.execPath, "-e", "setInterval(() => {}, 1000)"],
        name: "quiet",
        probe,
        livenessIntervalMs: 50,
        livenessFailureThreshold: 3,
        stopTimeoutMs: 500,
      });
      expect((await sup.start()).state).toBe("ready");
      const unhealthy = await sup.waitFor("unhealthy", { timeoutMs: 10_000 });
      expect(unhealthy.reason).toBe(`liveness probe failed (1 of 3): probe returned ${String(bad)}`);
      // Probing goes on: the next failures are counted, up to the restart of the hung child.
      const hung = await sup.waitFor((s) => s.lastExit?.kind === "hung", { timeoutMs: 10_000 });
      expect(hung.lastExit?.reason).toBe(
        `liveness: 3 probes in a row failed (probe returned ${String(bad)})`,
      );
      expect(trap.rejections).toEqual([]);
      expect(trap.exceptions).toEqual([]);
    },
  );
});
