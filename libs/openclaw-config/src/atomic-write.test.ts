import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-write.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-atomic-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The directory fsync cannot be made to fail for real here (the tests run as root, which ignores
// permissions), so the failure is injected; everything else is a real write in a temp directory.
const eio = async () => {
  throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
};

describe("writeFileAtomic", () => {
  it("after the rename, a failing directory fsync is a warning: the new version is in place", async () => {
    const file = path.join(root, "synced.json");
    writeFileSync(file, "old\n");
    const result = await writeFileAtomic(file, "new\n", { mode: 0o600, syncDirectory: eio });
    expect(readFileSync(file, "utf8")).toBe("new\n");
    expect(result.syncWarning).toBe(
      `${file} was written, but its directory ${root} could not be synced (EIO: i/o error, fsync): a power loss may still undo the change`,
    );
    expect(readdirSync(root).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(await writeFileAtomic(file, "newer\n", { mode: 0o600 })).toEqual({});
  });

  it("a failure before the rename throws and leaves the old file and no temp file", async () => {
    const dir = path.join(root, "blocked");
    // A non-empty directory where the file should be: the rename fails.
    mkdirSync(path.join(dir, "config.json"), { recursive: true });
    writeFileSync(path.join(dir, "config.json", "keep"), "x");
    await expect(writeFileAtomic(path.join(dir, "config.json"), "new\n", { mode: 0o600 })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["config.json"]);
    expect(readFileSync(path.join(dir, "config.json", "keep"), "utf8")).toBe("x");
  });
});
