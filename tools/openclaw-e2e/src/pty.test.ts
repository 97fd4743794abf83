import { afterEach, describe, expect, it } from "vitest";
import { PTY_KEYS, type PtySession, spawnInPty } from "./pty.ts";

let session: PtySession | undefined;
afterEach(() => session?.kill());

const SCRIPT = `
process.stdout.write("tty " + process.stdout.isTTY + " " + process.stdout.columns + "x" + process.stdout.rows + "\\n");
process.stdin.setRawMode(true); // before the prompt: keys typed once it shows arrive one by one
process.stdout.write("\\x1b[32mname?\\x1b[0m ");
let typed = "";
process.stdin.on("data", (data) => {
  for (const key of data.toString()) {
    if (key === "\\r") { process.stdout.write("\\nhello " + typed + "\\n"); process.exit(3); }
    typed += key;
    process.stdout.write(key);
  }
});`;

describe("spawnInPty", () => {
  it("runs a program in a real terminal: what it prints, as a person reads it; keys typed; its exit code", async () => {
    session = spawnInPty([process.execPath, "-e", SCRIPT], {
      env: { ...process.env, UNSET: undefined },
      cols: 100,
      rows: 30,
    });
    expect(await session.waitFor(/name\?/)).toContain("tty true 100x30");
    expect(session.raw()).toContain("\x1b[32mname?");
    expect(session.text()).not.toContain("\x1b[");
    session.type("bob");
    session.type(PTY_KEYS.enter);
    // Only what came after the previous match counts.
    expect(await session.waitFor(/hello bob/)).not.toContain("name?");
    expect(await session.exited).toBe(3);
    await expect(session.waitFor(/never printed/)).rejects.toThrow(/exited before \/never printed\//);
  });

  it("a pattern that does not come in time fails with the screen; kill() stops the program", async () => {
    session = spawnInPty([process.execPath, "-e", "console.log('waiting'); setInterval(() => {}, 1000)"], {
      env: process.env,
      waitTimeoutMs: 200,
    });
    await expect(session.waitFor(/ready/)).rejects.toThrow(
      /did not appear within 200 ms; the screen shows:\nwaiting/,
    );
    session.kill();
    expect(await session.exited).toBeDefined();
  });
});
