import { constants, type Stats } from "node:fs";
import { access, lstat, mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { removeOrphanTempFiles, writeFileAtomic } from "./atomic-write.ts";
import { writeBackup } from "./backup.ts";
import { OpenClawConfigError } from "./errors.ts";
import { isRecord, type JsonObject, type JsonValue, jsonEqual } from "./json.ts";
import { acquireConfigLock, assertHoldsLock, type ConfigLock } from "./lock.ts";
import { editConfigText, renderConfig } from "./lossless.ts";
import { applyMergePatchWithOperations, type ConfigPatch, type MergeOptions } from "./merge.ts";
import { parseConfigText } from "./read.ts";

/** Options of {@link updateConfigFile}. */
export interface UpdateOptions extends MergeOptions {
  /** Create the file (and its directory, mode 0700) when missing. Default false: `CONFIG_NOT_FOUND`/`DIRECTORY_NOT_FOUND`. */
  create?: boolean;
  /** How many previous versions to keep in OpenClaw's `.bak` ring (`openclaw.json.bak`, `.bak.1`, …). Default 5; 0 = none. */
  backups?: number;
  /**
   * When the change cannot be made in place (comments and formatting kept), rewrite the whole file as plain JSON
   * instead of failing with `FORMATTING_WOULD_BE_LOST`. Default false. Use `dryRun` first to ask the user.
   */
  allowFormattingLoss?: boolean;
  /** Allow writing a config that uses `$include` (the patch then lands in the root file only). Default false. */
  allowIncludes?: boolean;
  /** Compute everything, write nothing (no lock, no backup). */
  dryRun?: boolean;
  /**
   * The lock of this file, already held by the caller (`withConfigLock`'s callback argument, or
   * `acquireConfigLock`): used instead of taking it again, and left held. Without it a write inside
   * `withConfigLock` would wait for the caller's own lock (`LOCK_TIMEOUT`). A lock of another file or
   * one already released is refused (`LOCK_NOT_HELD`).
   */
  lock?: ConfigLock;
  /** Lock wait before `LOCK_TIMEOUT`. Default 15 000 ms. */
  lockTimeoutMs?: number;
  /** Age after which an ownerless lock counts as stale. Default 30 000 ms. */
  staleLockMs?: number;
  /** fsync file and directory (default true). Tests may turn it off for speed. */
  durable?: boolean;
  /** Environment consulted for OpenClaw's read-only switches (`OPENCLAW_CONFIG_READONLY=1`, `OPENCLAW_NIX_MODE=1`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What {@link updateConfigFile} did. */
export interface UpdateResult {
  path: string;
  /** False when the patch changed nothing (the file is then left byte for byte untouched). */
  changed: boolean;
  /** True when the file did not exist and was created. */
  created: boolean;
  dryRun: boolean;
  before: JsonObject;
  after: JsonObject;
  /** The new file text (also in a dry run). */
  text: string;
  /**
   * `preserved`: edited in place, comments and formatting outside the changed keys kept; `rewritten`: the whole
   * file was re-serialized (only with `allowFormattingLoss`, see `formattingNote`); `new-file`; `unchanged`.
   */
  formatting: "preserved" | "rewritten" | "new-file" | "unchanged";
  /** Why the formatting could not be kept (with `formatting: "rewritten"`). */
  formattingNote?: string;
  /** The backup of the previous version, when one was written. */
  backupPath?: string;
  /**
   * Set when the file was written but its directory could not be fsynced: the change is in place, but a
   * power loss might still undo it.
   */
  syncWarning?: string;
}

/** A patch, or a function computing it from the current config (called under the lock: read-modify-write). */
export type PatchInput = ConfigPatch | ((current: JsonObject) => ConfigPatch);

/**
 * Applies a patch to a config file safely: under OpenClaw's own inter-process lock it re-reads the file, refuses a
 * malformed one (nothing written), merges with OpenClaw's rules ({@link applyMergePatch}), edits the text in place
 * keeping comments and formatting outside the changed keys, stores the previous version in the `.bak` ring, and
 * replaces the file atomically (temp file in the same directory, fsync, rename, fsync of the directory) with its
 * previous mode, owner and group (as far as allowed). Fails before writing anything when the file is read-only,
 * its directory is missing, OpenClaw's read-only mode is on, or the formatting would be lost (unless allowed).
 */
export async function updateConfigFile(
  file: string,
  patch: PatchInput,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const target = path.resolve(file);
  const env = options.env ?? process.env;
  if (env.OPENCLAW_CONFIG_READONLY === "1" || env.OPENCLAW_NIX_MODE === "1") {
    const which = env.OPENCLAW_NIX_MODE === "1" ? "OPENCLAW_NIX_MODE=1" : "OPENCLAW_CONFIG_READONLY=1";
    throw new OpenClawConfigError(
      "CONFIG_READONLY_MODE",
      `${target} is managed externally (${which}): OpenClaw treats it as immutable, so this change was not written. ` +
        "Make it in the system that manages the config instead.",
      { path: target },
    );
  }
  const existing = await preflight(target, options);
  if (options.dryRun) return await applyUnderLock(target, patch, options, existing);
  if (options.lock) await assertHoldsLock(options.lock, target);
  if (!existing && options.create) await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const lock =
    options.lock ??
    (await acquireConfigLock(target, {
      timeoutMs: options.lockTimeoutMs,
      staleMs: options.staleLockMs,
    }));
  try {
    await removeOrphanTempFiles(target);
    return await applyUnderLock(target, patch, options, await preflight(target, options));
  } finally {
    // A lock the caller passed in stays the caller's to release.
    if (lock !== options.lock) await lock.release();
  }
}

interface Existing {
  mode: number;
  uid: number;
  gid: number;
}

/** Checks everything that can be checked before taking the lock; returns the current file's identity. */
async function preflight(target: string, options: UpdateOptions): Promise<Existing | undefined> {
  const dir = path.dirname(target);
  let info: Stats | undefined;
  try {
    info = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw readFailed(target, error);
  }
  if (!info) {
    const dirInfo = await stat(dir).catch(() => undefined);
    if (!dirInfo && !options.create) {
      throw new OpenClawConfigError(
        "DIRECTORY_NOT_FOUND",
        `cannot write ${target}: its directory ${dir} does not exist. Run \`openclaw onboard\` first, check ` +
          "OPENCLAW_CONFIG_PATH / OPENCLAW_STATE_DIR, or pass { create: true } to create it.",
        { path: target },
      );
    }
    if (dirInfo && !dirInfo.isDirectory()) {
      throw new OpenClawConfigError(
        "DIRECTORY_NOT_FOUND",
        `cannot write ${target}: ${dir} is not a directory.`,
        {
          path: target,
        },
      );
    }
    if (!options.create) {
      throw new OpenClawConfigError(
        "CONFIG_NOT_FOUND",
        `${target} does not exist. Run \`openclaw onboard\` first, or pass { create: true } to create it.`,
        { path: target },
      );
    }
    if (dirInfo) await assertDirectoryWritable(target, dir);
    return undefined;
  }
  if (info.isSymbolicLink()) {
    throw new OpenClawConfigError(
      "SYMLINK_UNSUPPORTED",
      `${target} is a symlink; like OpenClaw, this package only writes a regular file. ` +
        "Point OPENCLAW_CONFIG_PATH at the real file instead.",
      { path: target },
    );
  }
  if (!info.isFile()) {
    throw new OpenClawConfigError("NOT_A_FILE", `${target} is not a regular file.`, { path: target });
  }
  const mode = info.mode & 0o7777;
  let writable = (mode & 0o200) !== 0;
  if (writable)
    writable = await access(target, constants.W_OK).then(
      () => true,
      () => false,
    );
  if (!writable) {
    throw new OpenClawConfigError(
      "READ_ONLY",
      `${target} is read-only (mode ${mode.toString(8).padStart(4, "0")}): nothing was written. ` +
        "If the change is wanted, make it writable (chmod u+w) and retry; if the file is managed elsewhere, change it there.",
      { path: target },
    );
  }
  await assertDirectoryWritable(target, dir);
  return { mode, uid: info.uid, gid: info.gid };
}

async function assertDirectoryWritable(target: string, dir: string): Promise<void> {
  const ok = await access(dir, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!ok) {
    throw new OpenClawConfigError(
      "READ_ONLY",
      `cannot write ${target}: its directory ${dir} is not writable (an atomic write creates a temp file there).`,
      { path: target },
    );
  }
}

async function applyUnderLock(
  target: string,
  patch: PatchInput,
  options: UpdateOptions,
  existing: Existing | undefined,
): Promise<UpdateResult> {
  let text = "";
  if (existing) {
    try {
      text = await readFile(target, "utf8");
    } catch (error) {
      throw readFailed(target, error);
    }
  }
  const before = existing ? parseConfigText(text, target) : {};
  if (!options.allowIncludes && existing && usesInclude(before)) {
    throw new OpenClawConfigError(
      "INCLUDE_UNSUPPORTED",
      `${target} uses $include: a change written to the root file could be shadowed or duplicated by an included ` +
        "file. Make this change with `openclaw config patch` (it writes to the owning file), or pass { allowIncludes: true }.",
      { path: target },
    );
  }
  const patchValue = typeof patch === "function" ? patch(structuredClone(before)) : patch;
  const { result: after, operations } = applyMergePatchWithOperations(before, patchValue, options);
  const base = { path: target, dryRun: Boolean(options.dryRun), before, after };
  if (existing && jsonEqual(before, after)) {
    return { ...base, changed: false, created: false, text, formatting: "unchanged" };
  }
  let next: string;
  let formatting: UpdateResult["formatting"];
  let formattingNote: string | undefined;
  if (!existing) {
    next = renderConfig(after);
    formatting = "new-file";
  } else {
    const edit = editConfigText(text, operations, after);
    next = edit.text;
    formatting = edit.lossless ? "preserved" : "rewritten";
    if (!edit.lossless) {
      formattingNote = `${edit.reason}; ${countComments(text)} comment(s) and the file's formatting would be lost`;
      if (!options.allowFormattingLoss && !options.dryRun) {
        throw new OpenClawConfigError(
          "FORMATTING_WOULD_BE_LOST",
          `${target}: this change cannot keep the file's comments and formatting (${formattingNote}). Nothing was ` +
            "written. Pass { allowFormattingLoss: true } to rewrite it as plain JSON (a backup is kept), or edit the file by hand.",
          { path: target },
        );
      }
    }
  }
  const result: UpdateResult = {
    ...base,
    changed: true,
    created: !existing,
    text: next,
    formatting,
    ...(formattingNote ? { formattingNote } : {}),
  };
  if (options.dryRun) return result;
  const durable = options.durable ?? true;
  try {
    if (existing) {
      const backup = await writeBackup(target, text, options.backups ?? 5, durable);
      if (backup) result.backupPath = backup;
    }
    // The backup's own directory fsync is the same directory's: this one covers both.
    const written = await writeFileAtomic(target, next, {
      mode: existing?.mode ?? 0o600,
      // Owner and group as before (0640 alice:openclaw stays readable by the group).
      ...(existing ? { uid: existing.uid, gid: existing.gid } : {}),
      durable,
    });
    if (written.syncWarning) result.syncWarning = written.syncWarning;
  } catch (error) {
    // writeFileAtomic throws only before its rename: the file is as it was.
    throw new OpenClawConfigError(
      "WRITE_FAILED",
      `could not write ${target}: ${(error as Error).message}. The previous version is unchanged.`,
      { path: target, cause: error },
    );
  }
  return result;
}

function readFailed(target: string, error: unknown): OpenClawConfigError {
  return new OpenClawConfigError("READ_FAILED", `cannot read ${target}: ${(error as Error).message}`, {
    path: target,
    cause: error,
  });
}

function usesInclude(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(usesInclude);
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([key, child]) => key === "$include" || usesInclude(child));
}

/** Counts `//` and `/* *\/` comments (outside strings) — to say what a rewrite would drop. */
function countComments(text: string): number {
  let count = 0;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === "\\") index += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "/" && text[index + 1] === "/") {
      count += 1;
      const end = text.indexOf("\n", index);
      index = end === -1 ? text.length : end;
    } else if (char === "/" && text[index + 1] === "*") {
      count += 1;
      const end = text.indexOf("*/", index + 2);
      index = end === -1 ? text.length : end + 1;
    }
  }
  return count;
}
