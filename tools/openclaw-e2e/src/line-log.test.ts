import { describe, expect, it } from "vitest";
import { LineLog } from "./line-log.ts";

describe("LineLog", () => {
  it("splits chunks of several streams into whole lines, in arrival order", () => {
    const log = new LineLog();
    log.push("stdout", "one\ntw");
    log.push("stderr", "err\r\n");
    log.push("stdout", "o\nthr");
    expect(log.lines()).toEqual(["one", "err", "two"]);
    log.close("exit code 0");
    expect(log.text()).toBe("one\nerr\ntwo\nthr");
  });

  it("waits for a line already printed or still to come", async () => {
    const log = new LineLog();
    log.push("stdout", "[gateway] starting...\n");
    await expect(log.waitFor(/starting/, 10)).resolves.toBe("[gateway] starting...");
    const later = log.waitFor(/ready$/, 1_000);
    log.push("stdout", "[gateway] ready\n");
    await expect(later).resolves.toBe("[gateway] ready");
  });

  it("fails at once when the process ends without the line, and after the timeout otherwise", async () => {
    const log = new LineLog();
    const pending = log.waitFor(/never/, 60_000, "the Gateway");
    log.push("stdout", "last words\n");
    log.close("exit code 1");
    await expect(pending).rejects.toMatchObject({
      code: "LOG_WAIT_TIMEOUT",
      message: expect.stringMatching(
        /the Gateway printed no line matching \/never\/ before it ended \(exit code 1\)[\s\S]*last words/,
      ),
    });
    await expect(new LineLog().waitFor(/x/, 20)).rejects.toMatchObject({
      message: expect.stringContaining("within 20 ms"),
    });
  });
});
