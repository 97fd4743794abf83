import { readFileSync } from "node:fs";

/**
 * The CLI's version, read from its own package.json: the nearest one named `anthropic-max-proxy` above this
 * module (`src/`, `dist/` or `dist/chunks/`), in the workspace and in an installed package alike.
 */
export function cliVersion(): string {
  for (const relative of ["../package.json", "../../package.json", "../../../package.json"]) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === "anthropic-max-proxy" && typeof manifest.version === "string")
        return manifest.version;
    } catch {
      // not there: one level up
    }
  }
  return "unknown";
}
