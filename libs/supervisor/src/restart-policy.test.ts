import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, RestartPolicy } from "./restart-policy.ts";

const options = {
  delayMs: 1000,
  maxDelayMs: 30_000,
  factor: 2,
  stableAfterMs: 10_000,
  maxCrashes: 5,
  windowMs: 60_000,
};

describe("RestartPolicy", () => {
  it("backs off exponentially on quick crashes up to the cap", () => {
    const p = new RestartPolicy({ ...options, maxCrashes: 100, windowMs: 1 });
    const delays = [1, 2, 3, 4, 5, 6, 7].map((i) => p.recordCrash(i * 10, 0).delayMs);
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("resets the backoff after a stable run", () => {
    const p = new RestartPolicy({ ...options, maxCrashes: 100 });
    p.recordCrash(0, 0);
    expect(p.recordCrash(1, 0).delayMs).toBe(2000);
    expect(p.recordCrash(2, 10_000)).toMatchObject({ delayMs: 1000, consecutive: 1 });
  });

  it("trips the breaker at maxCrashes within the window, not outside it", () => {
    const p = new RestartPolicy(options);
    for (let i = 0; i < 4; i++) expect(p.recordCrash(i * 1000, 0).giveUp).toBe(false);
    expect(p.recordCrash(4000, 0)).toMatchObject({ giveUp: true, crashesInWindow: 5 });
    const q = new RestartPolicy(options);
    for (let i = 0; i < 10; i++) expect(q.recordCrash(i * 20_000, 0).giveUp).toBe(false);
  });

  it("with delay 0 restarts at once, but repeated quick crashes still back off from 100 ms", () => {
    const o = { delayMs: 0, maxDelayMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(o, n))).toEqual([0, 200, 400, 800, 1000]);
  });

  it("never undercuts the first delay with a smaller cap", () => {
    expect(backoffDelay({ delayMs: 3000, maxDelayMs: 1000, factor: 2 }, 3)).toBe(3000);
  });

  it("never exceeds the cap and never decreases along a series", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (delayMs, maxDelayMs, factor) => {
          let prev = -1;
          for (let n = 1; n < 30; n++) {
            const d = backoffDelay({ delayMs, maxDelayMs, factor }, n);
            expect(d).toBeLessThanOrEqual(Math.max(delayMs, maxDelayMs));
            expect(d).toBeGreaterThanOrEqual(prev);
            prev = d;
          }
        },
      ),
    );
  });
});
