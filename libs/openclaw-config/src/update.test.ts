import { spawn } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { backupPath } from "./backup.ts";
import { ConfigParseError, OpenClawConfigError } from "./errors.ts";
import { acquireConfigLock, withConfigLock } from "./lock.ts";
import type { ConfigPatch } from "./merge.ts";
import { readConfigFile } from "./read.ts";
import { HAND_EDITED, SETUP_PATCH } from "./test-support/corpus.ts";
import { updateConfigFile } from "./update.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-update-"));
let counter = 0;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshFile(content?: string, mode = 0o600): string {
  const dir = path.join(root, `t${counter++}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "openclaw.json");
  if (content !== undefined) writeFileSync(file, content, { mode });
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<OpenClawConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OpenClawConfigError);
    return error as OpenClawConfigError;
  }
  throw new Error("expected a rejection");
}

describe("updateConfigFile", () => {
  it("writes the patch in place, keeps comments and mode, and backs up the previous version", async () => {
    const file = freshFile(HAND_EDITED, 0o640);
    const result = await updateConfigFile(file, SETUP_PATCH);
    expect(result).toMatchObject({
      changed: true,
      created: false,
      formatting: "preserved",
      backupPath: `${file}.bak`,
    });
    const text = readFileSync(file, "utf8");
    expect(text).toBe(result.text);
    expect(text).toContain("// My OpenClaw setup — edited by hand.");
    expect(text).toContain("// a local Ollama-style server");
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${file}.bak`, "utf8")).toBe(HAND_EDITED);
    expect(statSync(`${file}.bak`).mode & 0o777).toBe(0o600);
    expect((await readConfigFile(file)).config).toEqual(result.after);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(["openclaw.json", "openclaw.json.bak"]);
  });

  it("keeps the file's group (and owner, where allowed): 0640 alice:openclaw stays readable by openclaw", async () => {
    // Root may hand a file to any group; anyone else to a second group of their own.
    const isRoot = process.getuid?.() === 0;
    const otherGid = isRoot ? 4343 : process.getgroups?.().find((gid) => gid !== process.getgid?.());
    if (otherGid === undefined) {
      throw new Error(
        "this test needs root or membership in a second group (to chown a file to another group)",
      );
    }
    const file = freshFile('{ "a": 1 }\n', 0o640);
    chownSync(file, process.getuid?.() ?? -1, otherGid);
    await updateConfigFile(file, { a: 2 });
    expect(statSync(file)).toMatchObject({ uid: process.getuid?.(), gid: otherGid });
    expect(statSync(file).mode & 0o777).toBe(0o640);
    if (isRoot) {
      // Another owner too (only root may give a file away).
      chownSync(file, 4242, otherGid);
      await updateConfigFile(file, { a: 3 });
      expect(statSync(file)).toMatchObject({ uid: 4242, gid: otherGid });
    }
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ a: isRoot ? 3 : 2 });
  });

  it("keeps a bounded ring of backups, newest first, in OpenClaw's naming", async () => {
    const file = freshFile('{ "n": 0 }\n');
    for (let n = 1; n <= 8; n += 1) await updateConfigFile(file, { n }, { backups: 3, durable: false });
    expect(readdirSync(path.dirname(file)).sort()).toEqual([
      "openclaw.json",
      "openclaw.json.bak",
      "openclaw.json.bak.1",
      "openclaw.json.bak.2",
    ]);
    expect([0, 1, 2].map((i) => JSON.parse(readFileSync(backupPath(file, i), "utf8")).n)).toEqual([7, 6, 5]);
  });

  it("does not touch the file when nothing changes", async () => {
    const file = freshFile("{ a: 1 } // same\n");
    const before = statSync(file).mtimeMs;
    const result = await updateConfigFile(file, { a: 1, b: null });
    expect(result).toMatchObject({ changed: false, formatting: "unchanged" });
    expect(readFileSync(file, "utf8")).toBe("{ a: 1 } // same\n");
    expect(statSync(file).mtimeMs).toBe(before);
    expect(existsSync(`${file}.bak`)).toBe(false);
  });

  it("computes a patch from the current config under the lock", async () => {
    const file = freshFile('{ "count": 41 }\n');
    const result = await updateConfigFile(file, (current) => ({ count: (current.count as number) + 1 }));
    expect(result.after).toEqual({ count: 42 });
  });

  it("a malformed file: clear error with file, line, column and what was expected; nothing written", async () => {
    const text = '{\n  gateway: { mode: "local" },\n  agents: { defaults: { model: "a/b" }\n}\n';
    const file = freshFile(text);
    const error = await rejection(updateConfigFile(file, SETUP_PATCH));
    expect(error).toBeInstanceOf(ConfigParseError);
    const parse = error as ConfigParseError;
    expect(parse.code).toBe("PARSE_ERROR");
    expect({ line: parse.line, column: parse.column }).toEqual({ line: 5, column: 1 });
    expect(parse.message).toContain(`${file}:5:1`);
    expect(parse.message).toMatch(/expected .*'}'/);
    expect(parse.message).toContain("Nothing was written");
    expect(readFileSync(file, "utf8")).toBe(text);
    expect(readdirSync(path.dirname(file))).toEqual(["openclaw.json"]);
  });

  it("a read-only file: clear error, file untouched", async () => {
    const file = freshFile('{ "a": 1 }\n', 0o444);
    const error = await rejection(updateConfigFile(file, { a: 2 }));
    expect(error.code).toBe("READ_ONLY");
    expect(error.message).toContain("read-only (mode 0444)");
    expect(error.message).toContain("chmod u+w");
    expect(readFileSync(file, "utf8")).toBe('{ "a": 1 }\n');
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(readdirSync(path.dirname(file))).toEqual(["openclaw.json"]);
  });

  it("a missing directory: clear error, nothing created", async () => {
    const dir = path.join(root, `missing-${counter++}`, "state");
    const file = path.join(dir, "openclaw.json");
    const error = await rejection(updateConfigFile(file, { a: 1 }));
    expect(error.code).toBe("DIRECTORY_NOT_FOUND");
    expect(error.message).toContain(`its directory ${dir} does not exist`);
    expect(existsSync(path.dirname(dir))).toBe(false);
  });

  it("a missing file: CONFIG_NOT_FOUND, or created (0600, directory 0700) with create", async () => {
    const file = freshFile();
    expect((await rejection(updateConfigFile(file, { a: 1 }))).code).toBe("CONFIG_NOT_FOUND");
    expect(existsSync(file)).toBe(false);
    const nested = path.join(root, `new-${counter++}`, ".openclaw", "openclaw.json");
    const result = await updateConfigFile(nested, SETUP_PATCH, { create: true });
    expect(result).toMatchObject({ created: true, formatting: "new-file" });
    expect(statSync(nested).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(nested)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(nested, "utf8"))).toEqual(result.after);
  });

  it("refuses symlinks, directories, OpenClaw's read-only mode and $include, writing nothing", async () => {
    const real = freshFile('{ "a": 1 }\n');
    const link = path.join(path.dirname(real), "link.json");
    symlinkSync(real, link);
    expect((await rejection(updateConfigFile(link, { a: 2 }))).code).toBe("SYMLINK_UNSUPPORTED");
    expect((await rejection(updateConfigFile(path.dirname(real), { a: 2 }))).code).toBe("NOT_A_FILE");
    const readonlyMode = await rejection(
      updateConfigFile(real, { a: 2 }, { env: { OPENCLAW_CONFIG_READONLY: "1" } }),
    );
    expect(readonlyMode.code).toBe("CONFIG_READONLY_MODE");
    expect(
      (await rejection(updateConfigFile(real, { a: 2 }, { env: { OPENCLAW_NIX_MODE: "1" } }))).code,
    ).toBe("CONFIG_READONLY_MODE");
    expect(readFileSync(real, "utf8")).toBe('{ "a": 1 }\n');
    const included = freshFile('{ "$include": "./more.json5", a: 1 }\n');
    expect((await rejection(updateConfigFile(included, { a: 2 }))).code).toBe("INCLUDE_UNSUPPORTED");
    expect((await updateConfigFile(included, { a: 2 }, { allowIncludes: true })).changed).toBe(true);
  });

  it("says so before losing formatting; rewrites only when allowed; a dry run writes nothing", async () => {
    // A \x escape is valid JSON5 the lossless parser does not read: the edit cannot be made in place.
    const text = "// hex escape\n{ a: 1, b: '\\x41' }\n";
    const file = freshFile(text);
    const error = await rejection(updateConfigFile(file, { a: 3 }));
    expect(error.code).toBe("FORMATTING_WOULD_BE_LOST");
    expect(error.message).toContain("1 comment(s)");
    expect(error.message).toContain("allowFormattingLoss");
    expect(readFileSync(file, "utf8")).toBe(text);
    const preview = await updateConfigFile(file, { a: 3 }, { dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, formatting: "rewritten", changed: true });
    expect(preview.formattingNote).toMatch(/comment/);
    expect(readFileSync(file, "utf8")).toBe(text);
    const done = await updateConfigFile(file, { a: 3 }, { allowFormattingLoss: true });
    expect(done.formatting).toBe("rewritten");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ a: 3, b: "A" });
    expect(readFileSync(`${file}.bak`, "utf8")).toBe(text);
  });

  it("merge refusals reach the caller and leave the file alone", async () => {
    const file = freshFile('{ "fallbacks": ["a/b"] }\n');
    expect((await rejection(updateConfigFile(file, { fallbacks: { x: 1 } }))).code).toBe("MERGE_CONFLICT");
    expect(readFileSync(file, "utf8")).toBe('{ "fallbacks": ["a/b"] }\n');
  });

  it("an undefined value in a patch is refused, not written as a deletion: file and comments untouched", async () => {
    const text = '{\n  // keep me\n  "gateway": { "port": 18789, "mode": "local" },\n}\n';
    const file = freshFile(text);
    // A JavaScript caller (or a computed patch) can hand over undefined; the types do not allow it.
    const patch = { gateway: { mode: undefined } } as unknown as ConfigPatch;
    for (const options of [{}, { allowFormattingLoss: true }]) {
      const error = await rejection(updateConfigFile(file, () => patch, options));
      expect(error.code).toBe("INVALID_PATCH");
      expect(error.message).toBe("gateway.mode: undefined is not a JSON value; use null to delete it.");
    }
    expect(readFileSync(file, "utf8")).toBe(text);
    expect(existsSync(`${file}.bak`)).toBe(false);
  });
});

describe("the config lock", () => {
  it("waits for a live holder and times out with a clear error", async () => {
    const file = freshFile('{ "a": 1 }\n');
    const lock = await acquireConfigLock(file);
    cleanups.push(() => void lock.release());
    const error = await rejection(updateConfigFile(file, { a: 2 }, { lockTimeoutMs: 150 }));
    expect(error.code).toBe("LOCK_TIMEOUT");
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(readFileSync(file, "utf8")).toBe('{ "a": 1 }\n');
    await lock.release();
    expect((await updateConfigFile(file, { a: 2 })).changed).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("several steps under one lock: withConfigLock hands its lock to updateConfigFile", async () => {
    const file = freshFile('{\n  // counter\n  "a": 1\n}\n');
    const seen = await withConfigLock(file, async (lock) => {
      const first = await updateConfigFile(file, { a: 2 }, { lock, lockTimeoutMs: 300 });
      const second = await updateConfigFile(file, (current) => ({ a: Number(current.a) + 1, b: true }), {
        lock,
        lockTimeoutMs: 300,
      });
      // Still ours between and after the steps: the writes did not release the caller's lock.
      return {
        changed: [first.changed, second.changed],
        locked: existsSync(`${file}.lock`),
        held: lock.held,
      };
    });
    expect(seen).toEqual({ changed: [true, true], locked: true, held: true });
    expect(readFileSync(file, "utf8")).toBe('{\n  // counter\n  "a": 3,\n  "b": true\n}\n');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("without { lock } a write inside withConfigLock says how to pass it; a wrong or released lock is refused", async () => {
    const file = freshFile('{ "a": 1 }\n');
    const other = freshFile('{ "a": 1 }\n');
    const kept = await withConfigLock(file, async (lock) => {
      const timeout = await rejection(updateConfigFile(file, { a: 2 }, { lockTimeoutMs: 100 }));
      expect(timeout.code).toBe("LOCK_TIMEOUT");
      expect(timeout.message).toContain("pass the lock to updateConfigFile ({ lock })");
      const wrong = await rejection(updateConfigFile(other, { a: 2 }, { lock }));
      expect(wrong.code).toBe("LOCK_NOT_HELD");
      expect(wrong.message).toContain(`${file}.lock`);
      return lock;
    });
    const released = await rejection(updateConfigFile(file, { a: 2 }, { lock: kept }));
    expect(released.code).toBe("LOCK_NOT_HELD");
    expect(released.message).toMatch(/already released: nothing was written/);
    expect(readFileSync(file, "utf8")).toBe('{ "a": 1 }\n');
    expect(readFileSync(other, "utf8")).toBe('{ "a": 1 }\n');
  });

  it("reclaims a lock whose owner died, and one whose pid was reused by another process", async () => {
    const file = freshFile('{ "a": 1 }\n');
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    const deadPid = await new Promise<number>((resolve) =>
      child.on("exit", () => resolve(child.pid as number)),
    );
    writeFileSync(
      `${file}.lock`,
      `${JSON.stringify({ pid: deadPid, createdAt: new Date().toISOString() })}\n`,
    );
    expect((await updateConfigFile(file, { a: 2 }, { lockTimeoutMs: 2000 })).changed).toBe(true);
    // Our own pid, but a start time that is not ours: the recorded process is gone.
    writeFileSync(`${file}.lock`, `${JSON.stringify({ pid: process.pid, createdAt: "x", starttime: 1 })}\n`);
    expect((await updateConfigFile(file, { a: 3 }, { lockTimeoutMs: 2000 })).changed).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("a lock without an owner expires after staleLockMs", async () => {
    const file = freshFile('{ "a": 1 }\n');
    writeFileSync(`${file}.lock`, "");
    const error = await rejection(
      updateConfigFile(file, { a: 2 }, { lockTimeoutMs: 100, staleLockMs: 60_000 }),
    );
    expect(error.code).toBe("LOCK_TIMEOUT");
    expect((await updateConfigFile(file, { a: 2 }, { lockTimeoutMs: 2000, staleLockMs: 0 })).changed).toBe(
      true,
    );
  });

  it("removes temp files left by killed writers (dead pids only)", async () => {
    const file = freshFile('{ "a": 1 }\n');
    const dir = path.dirname(file);
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    const deadPid = await new Promise<number>((resolve) =>
      child.on("exit", () => resolve(child.pid as number)),
    );
    writeFileSync(path.join(dir, `.openclaw.json.${deadPid}.0123456789ab.tmp`), "torn");
    writeFileSync(path.join(dir, `openclaw.json.lock.${deadPid}.0123456789ab.tmp`), "{}");
    writeFileSync(path.join(dir, `.openclaw.json.${process.pid}.0123456789ab.tmp`), "live");
    await updateConfigFile(file, { a: 2 });
    expect(readdirSync(dir).sort()).toEqual(
      [`.openclaw.json.${process.pid}.0123456789ab.tmp`, "openclaw.json", "openclaw.json.bak"].sort(),
    );
  });
});
