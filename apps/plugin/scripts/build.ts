// Builds the installable plugin: one self-contained ESM bundle, the manifest generated from
// config-schema, and a staged package folder (exactly what `npm pack` ships).
// Run by Node 24 from the project folder: `node --conditions=@proxykit/source scripts/build.ts`.
import { cp, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pluginConfigJsonSchema, pluginConfigUiHints } from "@proxykit/config-schema";
import { build } from "esbuild";
import { buildManifest } from "../src/manifest.ts";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
const staged = join(dist, "package");
const BUNDLE_BUDGET_BYTES = 300 * 1024;

const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

await rm(dist, { recursive: true, force: true });
// One entry module with only what `register` needs; the auth flow, the status report and the config
// schemas they use live in chunks imported on first use. The Gateway loads the entry at every start, and
// compiling code it does not run is most of a plugin's load time.
const result = await build({
  entryPoints: { index: join(root, "src/index.ts") },
  outdir: dist,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  conditions: ["@proxykit/source"],
  // Resolved to the host's own copy at load time; never bundled.
  external: ["openclaw", "openclaw/*"],
  // Identifiers too: the supervision chunk carries execa (the supervisor's process layer), which the
  // Gateway compiles once at every start; renamed identifiers roughly halve it.
  minify: true,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  banner: {
    js: `// ${pkg.name} ${pkg.version} — built from apps/plugin in the anthropic-max-proxy monorepo`,
  },
});
await writeFile(join(dist, "meta.json"), JSON.stringify(result.metafile));

const manifest = buildManifest({
  version: pkg.version,
  configSchema: pluginConfigJsonSchema(),
  uiHints: pluginConfigUiHints,
});
await writeFile(join(root, "openclaw.plugin.json"), `${JSON.stringify(manifest, null, 2)}\n`);

// The staged folder: what `openclaw plugins install <dir>` and `npm pack` get. No sources, no dev deps.
await mkdir(join(staged, "dist"), { recursive: true });
const { devDependencies: _dev, scripts: _scripts, nx: _nx, ...published } = pkg;
await writeFile(join(staged, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
await cp(join(root, "openclaw.plugin.json"), join(staged, "openclaw.plugin.json"));
await cp(join(dist, "index.js"), join(staged, "dist/index.js"));
await cp(join(dist, "chunks"), join(staged, "dist/chunks"), { recursive: true });
for (const doc of ["README.md", "CHANGELOG.md"]) {
  await cp(join(root, doc), join(staged, doc)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

const entrySize = (await stat(join(dist, "index.js"))).size;
let size = 0;
for (const file of Object.keys(result.metafile.outputs)) size += (await stat(join(root, file))).size;
const verdict = size <= BUNDLE_BUDGET_BYTES ? "within" : "OVER";
console.log(
  `plugin: dist/index.js ${(entrySize / 1024).toFixed(1)} KB + chunks = ${(size / 1024).toFixed(1)} KB ` +
    `(${verdict} the ${BUNDLE_BUDGET_BYTES / 1024} KB budget); manifest openclaw.plugin.json; installable folder dist/package`,
);
if (size > BUNDLE_BUDGET_BYTES) process.exitCode = 1;
