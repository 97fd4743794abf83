/**
 * Bundles the CLI with esbuild: `src/cli.ts` → `dist/cli.js` (ESM, Node 24, `#!/usr/bin/env node`), the
 * workspace libraries taken from source (`@proxykit/source` condition) and every dependency inlined, so
 * the published package has no runtime dependencies. Commands load their heavier parts lazily
 * (code splitting → `dist/chunks/`), which keeps `status --json` quick to start.
 */
import { chmodSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: "src/cli.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  conditions: ["@proxykit/source"],
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  // CommonJS dependencies (e.g. picocolors) call require() for Node built-ins; give ESM a require.
  banner: {
    js: [
      "#!/usr/bin/env node",
      'import { createRequire as __amp_createRequire } from "node:module";',
      "const require = __amp_createRequire(import.meta.url);",
    ].join("\n"),
  },
  legalComments: "none",
  minifySyntax: true,
  minifyWhitespace: true,
  metafile: true,
  logLevel: "warning",
});
chmodSync(join(outdir, "cli.js"), 0o755);

const outputs = Object.entries(result.metafile.outputs).map(([file, meta]) => ({ file, bytes: meta.bytes }));
const total = outputs.reduce((sum, output) => sum + output.bytes, 0);
console.log(`built ${outputs.length} file(s), ${(total / 1024).toFixed(0)} KB in dist/`);
