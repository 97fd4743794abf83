import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addressCovers, listeningSockets, parseProcNetTcp, readCmdline, socketOwners } from "./proc-net.ts";

const HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const row = (sl: number, local: string, state: string, uid: number, inode: number) =>
  `   ${sl}: ${local} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000  ${uid}        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

describe("parseProcNetTcp", () => {
  it("decodes little-endian IPv4 addresses, hex ports, state, uid and inode", () => {
    const rows = parseProcNetTcp(
      HEADER +
        row(0, "0100007F:0D80", "0A", 1000, 4242) +
        row(1, "00000000:1F90", "0A", 0, 7) +
        row(2, "0100007F:8174", "06", 0, 0),
      4,
    );
    expect(rows).toEqual([
      { address: "127.0.0.1", port: 3456, state: 10, uid: 1000, inode: 4242 },
      { address: "0.0.0.0", port: 8080, state: 10, uid: 0, inode: 7 },
      { address: "127.0.0.1", port: 33140, state: 6, uid: 0, inode: 0 },
    ]);
  });

  it("decodes IPv6: ::, ::1 and IPv4-mapped addresses", () => {
    const rows = parseProcNetTcp(
      HEADER +
        row(0, "00000000000000000000000000000000:0D80", "0A", 0, 1) +
        row(1, "00000000000000000000000001000000:0D80", "0A", 0, 2) +
        row(2, "0000000000000000FFFF00000100007F:0D80", "0A", 0, 3) +
        row(3, "B80D0120000000000000000001000000:0050", "0A", 0, 4),
      6,
    );
    expect(rows.map((r) => r.address)).toEqual(["::", "::1", "::ffff:127.0.0.1", "2001:db8::1"]);
  });

  it("ignores a header-only or malformed table", () => {
    expect(parseProcNetTcp(HEADER, 4)).toEqual([]);
    expect(parseProcNetTcp(`${HEADER}garbage\n`, 4)).toEqual([]);
  });
});

describe("addressCovers", () => {
  it.each([
    ["127.0.0.1", ["127.0.0.1"], true],
    ["0.0.0.0", ["127.0.0.1"], true],
    ["::", ["127.0.0.1"], true],
    ["::ffff:127.0.0.1", ["127.0.0.1"], true],
    ["127.0.0.2", ["127.0.0.1"], false],
    ["::1", ["127.0.0.1"], false],
    ["0.0.0.0", ["::1"], false],
    ["::1", ["::1", "127.0.0.1"], true],
    ["10.0.0.5", ["0.0.0.0"], true],
  ] as const)("a socket on %s covers %j: %s", (socket, hosts, expected) => {
    expect(addressCovers(socket, hosts)).toBe(expected);
  });
});

describe("a /proc tree on disk", () => {
  let root = "";
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
    root = "";
  });

  async function fakeProc(): Promise<string> {
    root = await mkdtemp(path.join(os.tmpdir(), "health-proc-"));
    await mkdir(path.join(root, "net"));
    await writeFile(path.join(root, "net", "tcp"), HEADER + row(0, "0100007F:0D80", "0A", 1000, 555));
    await writeFile(
      path.join(root, "net", "tcp6"),
      HEADER + row(0, "00000000000000000000000000000000:0D81", "0A", 0, 556),
    );
    await mkdir(path.join(root, "4242", "fd"), { recursive: true });
    await symlink("socket:[555]", path.join(root, "4242", "fd", "7"));
    await symlink("/dev/null", path.join(root, "4242", "fd", "0"));
    await writeFile(path.join(root, "4242", "cmdline"), "node\0/opt/meridian/dist/cli.js\0");
    await mkdir(path.join(root, "77", "fd"), { recursive: true });
    await writeFile(path.join(root, "77", "cmdline"), "");
    await mkdir(path.join(root, "self"));
    return root;
  }

  it("finds the listening socket, its owner and its command line", async () => {
    const proc = await fakeProc();
    const sockets = await listeningSockets(proc, 3456, ["127.0.0.1"]);
    expect(sockets.map((s) => s.inode)).toEqual([555]);
    expect(await listeningSockets(proc, 3457, ["127.0.0.1"])).toMatchObject([{ address: "::", inode: 556 }]);
    expect(await socketOwners(proc, new Set([555]))).toEqual({ pids: [4242], sawDenied: false });
    expect(await readCmdline(proc, 4242)).toEqual(["node", "/opt/meridian/dist/cli.js"]);
    expect(await readCmdline(proc, 77)).toEqual([]);
    expect(await readCmdline(proc, 99)).toBeUndefined();
  });

  it("says when an fd table could not be read (another user's process)", async () => {
    const proc = await fakeProc();
    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    const owners = await socketOwners(proc, new Set([999]), {
      readdir: async (dir) => {
        if (dir.endsWith(path.join("4242", "fd"))) throw denied;
        const { readdir } = await import("node:fs/promises");
        return readdir(dir);
      },
      readlink: async (file) => (await import("node:fs/promises")).readlink(file),
    });
    expect(owners).toEqual({ pids: [], sawDenied: true });
  });

  it("answers nothing rather than guess when /proc is not there", async () => {
    expect(await listeningSockets("/nonexistent-proc", 3456, ["127.0.0.1"])).toEqual([]);
    expect(await socketOwners("/nonexistent-proc", new Set([1]))).toEqual({ pids: [], sawDenied: false });
  });
});
