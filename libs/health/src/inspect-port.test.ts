import net from "node:net";
import { describe, expect, it } from "vitest";
import { describePortInfo, formatCommand, inspectPort } from "./inspect-port.ts";
import { useListeners } from "./test-support/cleanup.ts";
import { freePort } from "./test-support/servers.ts";

const listener = useListeners();

describe("inspectPort (real sockets, real /proc)", () => {
  it("a free port: free, nobody listening, no listener", async () => {
    const port = await freePort();
    const info = await inspectPort("127.0.0.1", port);
    expect(info).toEqual({ host: "127.0.0.1", port, free: true, listening: false });
    expect(describePortInfo(info)).toBe(`port ${port} on 127.0.0.1 is free`);
  });

  it("a port held by another process: listening, not free, with that pid and its command line", async () => {
    const l = await listener("127.0.0.1", 0, ["--marker=health-test", "--api-key", "sk-ant-oat01-TOPSECRET"]);
    const info = await inspectPort("127.0.0.1", l.port);
    expect(info).toMatchObject({ free: false, listening: true, listener: { pid: l.pid } });
    expect(info.listener?.command[0]).toBe(process.execPath);
    expect(info.listener?.command).toContain("--marker=health-test");
    expect(JSON.stringify(info)).not.toContain("TOPSECRET");
    expect(info.socketUid).toBe(process.getuid?.());
    expect(describePortInfo(info)).toMatch(
      new RegExp(`^port ${l.port} on 127\\.0\\.0\\.1 is used by pid ${l.pid} \\(`),
    );
  });

  it("finds a wildcard listener (0.0.0.0) when asked about 127.0.0.1", async () => {
    const l = await listener("0.0.0.0");
    expect(await inspectPort("127.0.0.1", l.port)).toMatchObject({
      listening: true,
      listener: { pid: l.pid },
    });
  });

  it("finds a listener on Node's default address (dual-stack :: where IPv6 exists) via 127.0.0.1 and localhost", async () => {
    const l = await listener("-");
    expect(await inspectPort("127.0.0.1", l.port)).toMatchObject({
      listening: true,
      listener: { pid: l.pid },
    });
    expect(await inspectPort("localhost", l.port)).toMatchObject({
      listening: true,
      listener: { pid: l.pid },
    });
  });

  it("does not blame a listener on another address: 127.0.0.2 does not hold 127.0.0.1", async () => {
    const l = await listener("127.0.0.2");
    const info = await inspectPort("127.0.0.1", l.port);
    expect(info).toMatchObject({ free: true, listening: false });
    expect(info.listener).toBeUndefined();
  });

  it("sees this very process as the holder of its own server", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as net.AddressInfo;
      expect((await inspectPort("127.0.0.1", port)).listener?.pid).toBe(process.pid);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("reports the listener as unknown, never guessed, on an OS without /proc", async () => {
    const l = await listener("127.0.0.1");
    const info = await inspectPort("127.0.0.1", l.port, { platform: "darwin" });
    expect(info).toMatchObject({ free: false, listening: true, listenerUnknown: "unsupported-platform" });
    expect(info.listener).toBeUndefined();
    expect(describePortInfo(info)).toBe(
      `port ${l.port} on 127.0.0.1 is in use (owner unknown: this OS does not tell which process)`,
    );
  });

  it("reports not-found when /proc has no such socket (another namespace, or a /proc that is not ours)", async () => {
    const l = await listener("127.0.0.1");
    const info = await inspectPort("127.0.0.1", l.port, { procRoot: "/nonexistent-proc" });
    expect(info).toMatchObject({ listening: true, listenerUnknown: "not-found" });
    expect(info.listener).toBeUndefined();
  });

  it("rejects a port number that cannot exist", async () => {
    await expect(inspectPort("127.0.0.1", 0)).rejects.toThrow(RangeError);
    await expect(inspectPort("127.0.0.1", 70000)).rejects.toThrow(RangeError);
  });
});

describe("describePortInfo / formatCommand", () => {
  it("explains a port it may not attribute", () => {
    expect(
      describePortInfo({
        host: "127.0.0.1",
        port: 3456,
        free: false,
        listening: true,
        socketUid: 0,
        listenerUnknown: "not-permitted",
      }),
    ).toBe(
      "port 3456 on 127.0.0.1 is in use (owner unknown: it belongs to another user (uid 0), whose processes we may not read)",
    );
    expect(
      describePortInfo({ host: "127.0.0.1", port: 80, free: false, listening: false, bindError: "EACCES" }),
    ).toBe("port 80 on 127.0.0.1 cannot be bound (EACCES)");
  });

  it("keeps a command short and on one line", () => {
    expect(
      formatCommand(["node", "/home/me/.npm/_npx/abc/node_modules/@rynfar/meridian/dist/bin/cli.js"]),
    ).toBe("node …/bin/cli.js");
    expect(formatCommand(["node", "-e", `console.log(1)\n${"x".repeat(100)}`])).toMatch(
      /^node -e console\.log\(1\) x+…$/,
    );
  });
});
