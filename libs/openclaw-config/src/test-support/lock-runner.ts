// Takes OpenClaw's own config write lock — withConfigWriteLock, what `openclaw config set/patch` hold while they
// write — to show that OpenClaw and this package exclude each other.
//   node lock-runner.ts <openclaw dir> <config> hold <ms>  → prints "locked", holds, prints "released"
//   node lock-runner.ts <openclaw dir> <config> acquire    → prints "trying", then "acquired <epoch ms>" once it
//                                                            holds the lock
import { writeSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { importOpenClawFunction } from "./openclaw-internals.ts";

const [packageDir, configPath, mode, ms] = process.argv.slice(2) as [string, string, string, string?];
const withConfigWriteLock = await importOpenClawFunction<
  (file: string, fn: () => Promise<void>, env?: NodeJS.ProcessEnv) => Promise<void>
>(path.join(packageDir, "dist"), "withConfigWriteLock");
if (mode === "hold") {
  await withConfigWriteLock(configPath, async () => {
    writeSync(1, "locked\n");
    await sleep(Number(ms));
  });
  writeSync(1, "released\n");
} else {
  writeSync(1, "trying\n");
  await withConfigWriteLock(configPath, async () => {
    writeSync(1, `acquired ${Date.now()}\n`);
  });
}
process.exit(0);
