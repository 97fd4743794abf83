// Writes the plugin config's JSON Schema and uiHints next to package.json, where the plugin build
// picks them up for openclaw.plugin.json (`@proxykit/config-schema/plugin-config.schema.json`).
// `--check` exits 1 instead of writing when a committed file differs from what the code generates.
// Run with Node 24 (type stripping): `npx nx run config-schema:generate-schema`.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { pluginConfigJsonSchema, pluginConfigUiHints } from "../src/index.ts";

/** The committed files and the documents they must hold. */
export function generatedDocuments(): { file: string; document: unknown }[] {
  return [
    {
      file: fileURLToPath(new URL("../plugin-config.schema.json", import.meta.url)),
      document: pluginConfigJsonSchema(),
    },
    {
      file: fileURLToPath(new URL("../plugin-config.ui-hints.json", import.meta.url)),
      document: pluginConfigUiHints,
    },
  ];
}

/** The committed document, or `undefined` when the file is missing or not JSON. */
export function readCommitted(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function formatWithBiome(files: string[]): void {
  // Keep the files as the repository's formatter wants them, so `biome check` stays green.
  const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  execFileSync(process.execPath, [biome, "format", "--write", ...files], { stdio: "ignore" });
}

if (import.meta.main) {
  const check = process.argv.includes("--check");
  const stale = generatedDocuments().filter(
    ({ file, document }) => !isDeepStrictEqual(readCommitted(file), document),
  );
  if (check) {
    for (const { file } of stale)
      console.error(`out of date: ${file} (run: npx nx run config-schema:generate-schema)`);
    process.exitCode = stale.length > 0 ? 1 : 0;
  } else if (stale.length > 0) {
    for (const { file, document } of stale) writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    formatWithBiome(stale.map(({ file }) => file));
    for (const { file } of stale) console.log(`wrote ${file}`);
  } else {
    console.log("plugin-config.schema.json and plugin-config.ui-hints.json are up to date");
  }
}
