/**
 * Bundles the CLI with esbuild: `src/cli.ts` → `dist/cli.js` (ESM, Node 24, `#!/usr/bin/env node`), the
 * workspace libraries taken from source (`@proxykit/source` condition) and every dependency inlined, so
 * the published package has no runtime dependencies. Commands load their heavier parts lazily
 * (code splitting → `dist/chunks/`), which keeps `status --json` quick to start.
 */
import { chmodSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/**
 * `import http from "node:http"` in ESM costs ~30 ms on Node 24: building the module namespace reads every
 * export, and `http.WebSocket`/`CloseEvent`/`MessageEvent` are lazy getters that load undici. This plugin
 * serves `node:http` through `require()` instead, re-exporting only its plain (non-getter) properties, so
 * the getters are never touched (a probe of /health does not need a WebSocket implementation).
 */
const httpWithoutUndici: Plugin = {
  name: "http-without-undici",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      args.namespace === "http-shim"
        ? { path: "node:http", external: true }
        : { path: "http", namespace: "http-shim" },
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: "http-shim" }, () => {
      const http = createRequire(import.meta.url)("node:http") as Record<string, unknown>;
      const plain = Object.getOwnPropertyNames(http).filter(
        (name) =>
          /^[A-Za-z_$][\w$]*$/.test(name) && Object.getOwnPropertyDescriptor(http, name)?.get === undefined,
      );
      return {
        loader: "js",
        contents: [
          'import { createRequire } from "node:module";',
          'const http = createRequire(import.meta.url)("node:http");',
          "export default http;",
          ...plain.map((name) => `export const ${name} = http.${name};`),
        ].join("\n"),
      };
    });
  },
};

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
  minify: process.env.CLI_MINIFY !== "0",
  metafile: true,
  logLevel: "warning",
  plugins: [httpWithoutUndici],
});
chmodSync(join(outdir, "cli.js"), 0o755);

const outputs = Object.entries(result.metafile.outputs).map(([file, meta]) => ({ file, bytes: meta.bytes }));
const total = outputs.reduce((sum, output) => sum + output.bytes, 0);
console.log(`built ${outputs.length} file(s), ${(total / 1024).toFixed(0)} KB in dist/`);
