/** `waitFor` and its abort signal: an abort before or during the wait rejects with the signal's reason. */
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { Supervisor } from "./supervisor.ts";

/** Settles like `promise`, or rejects with "still waiting" after `ms`: a hang fails the test quickly. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => Promise.reject(new Error(`still waiting after ${ms} ms`))),
  ]);
}

describe("waitFor with a signal", () => {
  it("rejects at once with the reason of a signal that is already aborted", async () => {
    const sup = new Supervisor({ command: ["true"] });
    const reason = new Error("the caller gave up before asking");
    await expect(within(sup.waitFor("ready", { signal: AbortSignal.abort(reason) }), 2_000)).rejects.toBe(
      reason,
    );
  });

  it("rejects with the reason when the signal aborts while waiting", async () => {
    const sup = new Supervisor({ command: ["true"] });
    const ctl = new AbortController();
    const waiting = sup.waitFor("ready", { signal: ctl.signal });
    const reason = new Error("the caller gave up");
    ctl.abort(reason);
    await expect(within(waiting, 2_000)).rejects.toBe(reason);
  });
});
