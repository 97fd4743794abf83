// `npm pack` of the staged folder built by scripts/build.ts → dist/pack/<name>-<version>.tgz,
// installable with `openclaw plugins install npm-pack:<file>`.
import { execFileSync } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const out = join(root, "dist/pack");
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const json = execFileSync(npm, ["pack", join(root, "dist/package"), "--pack-destination", out, "--json"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const [info] = JSON.parse(json) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
if (!info) throw new Error("npm pack printed no result");
console.log(
  `plugin: dist/pack/${info.filename} (${(info.size / 1024).toFixed(1)} KB packed; ${info.files.map((f) => f.path).join(", ")})`,
);
