import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import JSON5 from "json5";

/** An OpenClaw config object (`openclaw.json`), loosely typed: tests write whatever they need. */
export type OpenClawConfig = Record<string, unknown>;

/** Reads a JSON5 file (OpenClaw's config format: comments and trailing commas allowed). */
export function readJson5File(path: string): OpenClawConfig {
  return JSON5.parse(readFileSync(path, "utf8")) as OpenClawConfig;
}

/** Writes `value` as pretty JSON (valid JSON5), atomically: a reader never sees half a file. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}
