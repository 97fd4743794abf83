import { randomBytes } from "node:crypto";
import { type FileHandle, open, readdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { isPidDead } from "./lock.ts";

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file. */
  mode: number;
  /**
   * Owner and group to restore, best effort: only root may give a file away, but an owner may set any
   * group it belongs to, so the group is kept even when the owner cannot be.
   */
  uid?: number;
  gid?: number;
  /** fsync the file before the rename and the directory after it (default true). */
  durable?: boolean;
  /** The directory fsync (default {@link fsyncDirectory}; tests inject a failing one). */
  syncDirectory?: (dir: string) => Promise<void>;
}

/** What {@link writeFileAtomic} did beyond replacing the file. */
export interface AtomicWriteResult {
  /**
   * Set when the file was replaced but its directory could not be fsynced: the new version is in place,
   * but a power loss might still undo the rename.
   */
  syncWarning?: string;
}

const TEMP_RE = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Replaces `file` atomically: writes a temp file in the same directory, fsyncs it, renames it over `file`, then
 * fsyncs the directory. Readers see the old or the new content, never a mix; a crash leaves at most a temp file
 * (`.<name>.<pid>.<random>.tmp`, removed by {@link removeOrphanTempFiles}). Throws only before the rename (the
 * old file is then untouched); a failing directory fsync after it is a `syncWarning`.
 */
export async function writeFileAtomic(
  file: string,
  content: string,
  options: AtomicWriteOptions,
): Promise<AtomicWriteResult> {
  const durable = options.durable ?? true;
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", options.mode);
  let renamed = false;
  try {
    try {
      await handle.writeFile(content, "utf8");
      await handle.chmod(options.mode); // the umask may have narrowed the mode given to open()
      if (options.uid !== undefined && options.gid !== undefined) {
        await restoreOwner(handle, options.uid, options.gid);
      }
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
  if (!durable) return {};
  try {
    await (options.syncDirectory ?? fsyncDirectory)(dir);
  } catch (error) {
    // The new version is already in place: an error now would tell the caller the write failed.
    return {
      syncWarning: `${file} was written, but its directory ${dir} could not be synced (${(error as Error).message}): a power loss may still undo the change`,
    };
  }
  return {};
}

/** Gives the temp file `uid`:`gid` where it differs, else at least the group (see `AtomicWriteOptions`). */
async function restoreOwner(handle: FileHandle, uid: number, gid: number): Promise<void> {
  const now = await handle.stat();
  if (now.uid === uid && now.gid === gid) return;
  try {
    await handle.chown(uid, gid);
  } catch {
    // EPERM: not root. -1 leaves the owner as it is; failing that too, the process's defaults stay.
    if (now.gid !== gid) await handle.chown(-1, gid).catch(() => undefined);
  }
}

/** fsync a directory so a rename in it survives a power loss (a no-op where the platform refuses). */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EINVAL" && code !== "EPERM" && code !== "EBADF") throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Removes temp files that writers of `file` (this package's atomic writes and lock files) left behind when they
 * were killed: only those whose pid is dead.
 */
export async function removeOrphanTempFiles(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const prefixes = [`.${base}`, `.${base}.bak`];
  const lockPrefixes = [`${base}.lock`, `${base}.lock.reclaim`];
  for (const name of names) {
    let pid: number | undefined;
    const temp = TEMP_RE.exec(name);
    if (temp && prefixes.includes(`.${temp[1]}`)) pid = Number(temp[2]);
    for (const prefix of lockPrefixes) {
      const match = new RegExp(`^${escapeRegExp(prefix)}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`).exec(name);
      if (match) pid = Number(match[1]);
    }
    if (pid !== undefined && pid !== process.pid && isPidDead(pid)) {
      await unlink(path.join(dir, name)).catch(() => undefined);
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
