#!/usr/bin/env node
// Installs the pinned, real OpenClaw that the end-to-end tests, the demo and the benchmarks run against.
//
// Why a separate prefix: OpenClaw's own preinstall refuses Node < 24.16 and npm runs dependencies' scripts
// with whatever `node` is first on PATH. Root lifecycle scripts (this one) do get node_modules/.bin — the
// Node 24 of the `node` devDependency — first on PATH, so installing from here works even where the
// system Node is older. The separate lockfile also keeps OpenClaw's ~650 MB out of the libraries' graph.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const hostDir = join(dirname(fileURLToPath(import.meta.url)), "..", "host");
const lockfile = join(hostDir, "package-lock.json");
const stamp = join(hostDir, "node_modules", ".installed-from-lock");

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 24 || (major === 24 && minor < 16)) {
  console.error(
    `openclaw-e2e: Node ${process.versions.node} is running this install step, but OpenClaw needs Node >= 24.16.\n` +
      "Fix: run `npm ci` from the repository root (it provides Node 24 through the `node` devDependency),\n" +
      "or put Node 24 first on PATH.",
  );
  process.exit(1);
}

const lockHash = createHash("sha256").update(readFileSync(lockfile)).digest("hex");
if (
  process.env.OPENCLAW_E2E_FORCE_INSTALL !== "1" &&
  existsSync(stamp) &&
  readFileSync(stamp, "utf8") === lockHash
) {
  console.log("openclaw-e2e: OpenClaw already installed from the current lockfile");
  process.exit(0);
}

console.log("openclaw-e2e: installing the pinned OpenClaw (npm ci, about 30 s)...");
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const result = spawnSync(npm[0], [...npm.slice(1), "ci", "--no-audit", "--no-fund"], {
  cwd: hostDir,
  stdio: "inherit",
});
if (result.status !== 0) {
  console.error(`openclaw-e2e: installing OpenClaw failed (exit ${result.status ?? result.signal}).`);
  process.exit(1);
}
writeFileSync(stamp, lockHash);
