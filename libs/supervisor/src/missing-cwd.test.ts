/**
 * A `cwd` that does not exist makes the spawn fail with ENOENT, like a missing command: the supervisor
 * says which one is missing (the directory) and how to fix it, with a code of its own.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup } from "./test-support/helpers.ts";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe("a working directory that does not exist", () => {
  it("fails with CWD_NOT_FOUND naming the directory, not with 'command not found'", async () => {
    const cwd = join(cleanup.tempDir(), "gone");
    const sup = cleanup.supervisor({ command: ["sh", "-c", "sleep 30"], name: "lost", cwd });
    const s = await sup.start();
    expect(s.state).toBe("failed");
    expect(s.failureCode).toBe("CWD_NOT_FOUND");
    expect(s.reason).toBe(
      `working directory "${cwd}" does not exist (option "cwd"). Create it, or set cwd to an existing directory`,
    );
    expect(s.restarts).toBe(0);
  });
});
