import { rename, unlink } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write.ts";

/**
 * Path of backup number `index` of `file` in OpenClaw's own ring: `openclaw.json.bak` (newest), then
 * `openclaw.json.bak.1` … (older). Sharing the ring keeps `openclaw doctor`'s restore working with our backups.
 */
export function backupPath(file: string, index: number): string {
  return index === 0 ? `${file}.bak` : `${file}.bak.${index}`;
}

/**
 * Rotates the ring (drops the oldest beyond `keep`) and stores `previous` as the newest backup, atomically and
 * with mode 0600 (a config holds secrets). `keep` 0 stores nothing. Returns the newest backup's path.
 */
export async function writeBackup(
  file: string,
  previous: string,
  keep: number,
  durable = true,
): Promise<string | undefined> {
  if (keep <= 0) return undefined;
  await unlink(backupPath(file, keep - 1)).catch(ignoreMissing);
  for (let index = keep - 2; index >= 0; index -= 1) {
    await rename(backupPath(file, index), backupPath(file, index + 1)).catch(ignoreMissing);
  }
  const newest = backupPath(file, 0);
  await writeFileAtomic(newest, previous, { mode: 0o600, durable });
  return newest;
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
