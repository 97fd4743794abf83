// Finds functions inside OpenClaw's bundled dist by their source name, so a runner can call exactly the code an
// `openclaw` command calls. Bundle chunk names and export aliases change between builds; the function names
// (kept by the bundler) do not.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Imports `name` from the dist chunk that defines and exports it. */
export async function importOpenClawFunction<T>(distDir: string, name: string): Promise<T> {
  const definition = new RegExp(`(?:^|\\n)(?:async )?function ${name}\\(`);
  for (const file of readdirSync(distDir)) {
    if (!file.endsWith(".mjs")) continue;
    const source = readFileSync(path.join(distDir, file), "utf8");
    if (!definition.test(source)) continue;
    const exported = new RegExp(`export \\{[^}]*\\b${name}(?: as (\\w+))?\\s*[,}]`).exec(source);
    if (!exported) continue;
    const mod = (await import(pathToFileURL(path.join(distDir, file)).href)) as Record<string, unknown>;
    const value = mod[exported[1] ?? name];
    if (typeof value === "function") return value as T;
  }
  throw new Error(
    `OpenClaw function ${name} not found in ${distDir}: the pinned OpenClaw changed; update the runner.`,
  );
}

/** Reads all of stdin as text. */
export async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}
