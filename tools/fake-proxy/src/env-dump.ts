/**
 * The env dump: the names (never the values) of the server process's environment variables, so tests can
 * check that, e.g., `ANTHROPIC_API_KEY` never reaches the proxy.
 */
import { readFileSync, writeFileSync } from "node:fs";

/** Writes the sorted names of `env`'s variables to `file` as a JSON array. */
export function writeEnvDump(file: string, env: Record<string, string | undefined> = process.env): void {
  const names = Object.keys(env)
    .filter((name) => env[name] !== undefined)
    .sort();
  writeFileSync(file, `${JSON.stringify(names)}\n`);
}

/** Reads an env dump written by the simulator: the variable names. */
export function readEnvDump(file: string): string[] {
  return JSON.parse(readFileSync(file, "utf8")) as string[];
}
