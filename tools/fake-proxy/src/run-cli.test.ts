/** The command as a function, in-process: the start-up lines and failures another CLI reuses. */
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { getFreePort } from "./free-port.ts";
import { runFakeProxyCli } from "./run-cli.ts";
import type { FakeProxy } from "./server.ts";

const running: FakeProxy[] = [];
afterEach(async () => {
  for (const proxy of running.splice(0)) await proxy.close();
});

function sink() {
  let text = "";
  return {
    write: (chunk: string) => {
      text += chunk;
    },
    text: () => text,
  };
}

async function run(env: Record<string, string>, simulatedBy?: string) {
  const stdout = sink();
  const stderr = sink();
  const result = await runFakeProxyCli({
    env,
    selfCommand: ["unused"],
    stdout,
    stderr,
    ...(simulatedBy ? { simulatedBy } : {}),
  });
  if (result.proxy) running.push(result.proxy);
  return { ...result, stdout: stdout.text(), stderr: stderr.text() };
}

describe("runFakeProxyCli", () => {
  it("serves at MERIDIAN_HOST/MERIDIAN_PORT and prints Meridian's ready line, then who simulates it", async () => {
    const port = await getFreePort();
    const result = await run({ MERIDIAN_PORT: String(port) }, "my-cli proxy-simulator");
    expect(result.exitCode).toBeUndefined();
    expect(result.proxy?.port).toBe(port);
    expect(result.stdout).toBe(
      `Meridian running at http://127.0.0.1:${port}\nSimulated by my-cli proxy-simulator (not the real Meridian)\n`,
    );
    expect(result.stderr).toBe("");
  });

  it("not logged in: Meridian's line and exit code 1, nothing listens", async () => {
    const port = await getFreePort();
    const result = await run({ MERIDIAN_PORT: String(port), FAKE_PROXY_NOT_LOGGED_IN: "1" });
    expect(result).toMatchObject({ exitCode: 1, stdout: "" });
    expect(result.proxy).toBeUndefined();
    expect(result.stderr).toContain("✗ Not logged in to Claude.\x1b[0m Run: claude login");
  });

  it("a taken port: Meridian's error and exit code 1", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    try {
      const result = await run({ MERIDIAN_PORT: String(port) });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`Error: Port ${port} is already in use.`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
