import { readFileSync } from "node:fs";

/**
 * The CLI's version, read from its own package.json: `src/` and `dist/` both sit one level below the
 * package root, in the workspace and in an installed package alike.
 */
export function cliVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
