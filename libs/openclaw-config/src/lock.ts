import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { link, lstat, open, readFile, realpath, unlink } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { OpenClawConfigError } from "./errors.ts";

/** Options of {@link acquireConfigLock}. */
export interface LockOptions {
  /** Give up after this long (`LOCK_TIMEOUT`). Default 15 000 ms (about as long as OpenClaw's own writers wait). */
  timeoutMs?: number;
  /** A lock without a live owner pid counts as stale after this age. Default 30 000 ms (OpenClaw's value). */
  staleMs?: number;
}

/** A held lock on a config file. */
export interface ConfigLock {
  /** The sidecar lock file, `<config>.lock`. */
  lockPath: string;
  /** True until {@link ConfigLock.release} is called. */
  readonly held: boolean;
  /** Releases the lock (only removes the sidecar if it is still ours). Safe to call twice. */
  release(): Promise<void>;
}

interface LockPayload {
  pid?: unknown;
  createdAt?: unknown;
  starttime?: unknown;
}

/**
 * Takes the inter-process lock OpenClaw itself uses for config writes: a sidecar `<config>.lock` created
 * exclusively (written to a private temp file, then published with `link()`, so it is never seen empty), holding `{ pid, createdAt, starttime }` (JSON, then an ownership token line — the format of
 * OpenClaw's `@openclaw/fs-safe` sidecar locks, so OpenClaw and this package exclude each other).
 * A lock is stale when its owner pid is dead (or a zombie), when the pid was reused (different process start
 * time), or — without a pid — when it is older than `staleMs`; a stale lock is reclaimed under a `.reclaim` guard
 * and only if it did not change meanwhile.
 */
export async function acquireConfigLock(configPath: string, options: LockOptions = {}): Promise<ConfigLock> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const lockPath = await sidecarPath(configPath);
  const deadline = Date.now() + timeoutMs;
  let delay = 4;
  for (;;) {
    const raw = `${JSON.stringify(currentPayload(), null, 2)}\n${ownershipToken()}\n`;
    try {
      if (await createExclusive(lockPath, raw)) return heldLock(lockPath, raw);
    } catch (error) {
      throw new OpenClawConfigError(
        "WRITE_FAILED",
        `cannot create the lock ${lockPath}: ${(error as Error).message}`,
        {
          path: configPath,
          cause: error,
        },
      );
    }
    const snapshot = await readLock(lockPath);
    if (snapshot && isStale(snapshot, staleMs)) {
      await reclaim(lockPath, snapshot);
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = snapshot ? ownerLabel(snapshot.payload) : "unknown";
      // The lock is not re-entrant: the likeliest holder in our own pid is the caller's withConfigLock.
      const fix =
        snapshot?.payload?.pid === process.pid
          ? "This process holds it: inside withConfigLock, pass the lock to updateConfigFile ({ lock })."
          : `If no OpenClaw or setup command is running, remove ${lockPath} and retry.`;
      throw new OpenClawConfigError(
        "LOCK_TIMEOUT",
        `${configPath} is locked by another writer (${owner}) for more than ${timeoutMs} ms. ${fix}`,
        { path: configPath },
      );
    }
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())) * (0.5 + Math.random()));
    delay = Math.min(delay * 1.5, 100);
  }
}

/**
 * Runs `fn` while holding {@link acquireConfigLock}'s lock, and always releases it. The lock is not
 * re-entrant: `fn` gets it to pass on (`updateConfigFile(path, patch, { lock })`), so steps inside do not
 * wait for the lock their caller holds.
 */
export async function withConfigLock<T>(
  configPath: string,
  fn: (lock: ConfigLock) => Promise<T>,
  options?: LockOptions,
): Promise<T> {
  const lock = await acquireConfigLock(configPath, options);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}

/**
 * Checks that `lock`, handed to a writer of `configPath`, is still held and is that file's lock: a
 * writer that trusts a wrong or released lock would write unlocked.
 */
export async function assertHoldsLock(lock: ConfigLock, configPath: string): Promise<void> {
  const expected = await sidecarPath(configPath);
  if (lock.lockPath !== expected) {
    throw new OpenClawConfigError(
      "LOCK_NOT_HELD",
      `the lock passed for ${configPath} is ${lock.lockPath}, not its lock ${expected}: nothing was written. ` +
        "Pass the lock withConfigLock/acquireConfigLock gave for this very file.",
      { path: configPath },
    );
  }
  if (!lock.held) {
    throw new OpenClawConfigError(
      "LOCK_NOT_HELD",
      `the lock passed for ${configPath} was already released: nothing was written. ` +
        "Write inside the withConfigLock callback, or before releasing the lock.",
      { path: configPath },
    );
  }
}

async function sidecarPath(configPath: string): Promise<string> {
  const resolved = path.resolve(configPath);
  let dir = path.dirname(resolved);
  try {
    dir = await realpath(dir);
  } catch {
    // A missing directory is reported by the caller; keep the lexical path.
  }
  return path.join(dir, `${path.basename(resolved)}.lock`);
}

function heldLock(lockPath: string, raw: string): ConfigLock {
  let released = false;
  return {
    lockPath,
    get held() {
      return !released;
    },
    async release() {
      if (released) return;
      released = true;
      try {
        if ((await readFile(lockPath, "utf8")) === raw) await unlink(lockPath);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
}

interface LockSnapshot {
  raw: string;
  payload: LockPayload | null;
  ino: bigint;
  mtimeMs: number;
}

async function readLock(lockPath: string): Promise<LockSnapshot | null> {
  try {
    const stat = await lstat(lockPath, { bigint: true });
    const raw = await readFile(lockPath, "utf8");
    let payload: LockPayload | null = null;
    try {
      const parsed: unknown = JSON.parse(raw);
      payload =
        parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as LockPayload) : null;
    } catch {
      payload = null;
    }
    return { raw, payload, ino: stat.ino, mtimeMs: Number(stat.mtimeMs) };
  } catch {
    return null; // released meanwhile
  }
}

function isStale(snapshot: LockSnapshot, staleMs: number): boolean {
  const { payload } = snapshot;
  const pid =
    payload && Number.isInteger(payload.pid) && (payload.pid as number) > 0 ? (payload.pid as number) : null;
  if (pid !== null) {
    const recorded =
      payload && Number.isInteger(payload.starttime) && (payload.starttime as number) >= 0
        ? (payload.starttime as number)
        : null;
    if (recorded !== null) {
      const observed = processStartTime(pid);
      if (observed !== null && observed !== recorded) return true; // pid reused by another process
    }
    return isPidDead(pid);
  }
  const createdAt = typeof payload?.createdAt === "string" ? Date.parse(payload.createdAt) : Number.NaN;
  // No payload yet (a writer between create and write) or an unreadable one: judge by age.
  const born = Number.isFinite(createdAt) ? createdAt : snapshot.mtimeMs;
  return Date.now() - born > staleMs;
}

async function reclaim(lockPath: string, judged: LockSnapshot): Promise<void> {
  const guardPath = `${lockPath}.reclaim`;
  const guardRaw = `${JSON.stringify(currentPayload(), null, 2)}\n${ownershipToken()}\n`;
  if (!(await createExclusive(guardPath, guardRaw))) {
    // Someone else is reclaiming; a guard left by a killed reclaimer is itself stale (dead pid).
    const guard = await readLock(guardPath);
    if (guard && isStale(guard, 5_000)) {
      const again = await readLock(guardPath);
      if (again && again.ino === guard.ino && again.raw === guard.raw)
        await unlink(guardPath).catch(() => undefined);
    }
    await sleep(1);
    return;
  }
  try {
    const current = await readLock(lockPath);
    if (current && current.ino === judged.ino && current.raw === judged.raw) await unlink(lockPath);
  } catch {
    // Changed or removed meanwhile: leave it, the loop looks again.
  } finally {
    const guard = await readLock(guardPath);
    if (guard?.raw === guardRaw) await unlink(guardPath).catch(() => undefined);
  }
}

/**
 * Creates `file` with `content` only if it does not exist, never leaving it empty or half-written: the content
 * goes to a private temp file first, then `link()` publishes it atomically (EEXIST when taken).
 */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    // No hard links on this filesystem: fall back to O_EXCL (a crash right after it leaves an empty lock that
    // expires after staleMs).
    try {
      const direct = await open(file, "wx", 0o600);
      try {
        await direct.writeFile(content, "utf8");
      } finally {
        await direct.close();
      }
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw fallbackError;
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

function ownerLabel(payload: LockPayload | null): string {
  if (!payload) return "no owner recorded";
  const parts = [];
  if (payload.pid !== undefined) parts.push(`pid ${String(payload.pid)}`);
  if (typeof payload.createdAt === "string") parts.push(`since ${payload.createdAt}`);
  return parts.join(", ") || "no owner recorded";
}

function ownershipToken(): string {
  let token = "\t".repeat(8);
  for (const byte of randomBytes(16))
    for (let bit = 7; bit >= 0; bit -= 1) token += byte & (1 << bit) ? "\t" : " ";
  return token;
}

let selfStartTime: number | null | undefined;

function currentPayload(): { pid: number; createdAt: string; starttime?: number } {
  if (selfStartTime === undefined) selfStartTime = processStartTime(process.pid);
  return {
    pid: process.pid,
    createdAt: new Date().toISOString(),
    ...(selfStartTime === null ? {} : { starttime: selfStartTime }),
  };
}

/** Linux: field 22 of /proc/<pid>/stat (clock ticks since boot), the identity OpenClaw records. */
function processStartTime(pid: number): number | null {
  if (process.platform !== "linux") return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat
      .slice(stat.lastIndexOf(")") + 1)
      .trimStart()
      .split(/\s+/);
    const value = Number(fields[19]);
    return Number.isInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

/** ESRCH means gone; a Linux zombie (exited, not yet reaped) counts as dead too. */
export function isPidDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  if (process.platform !== "linux") return false;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return /^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}
