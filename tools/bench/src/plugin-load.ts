// Benchmark: the anthropic-max-proxy plugin's bundle size, and its load + register time inside the real
// OpenClaw Gateway beside an empty plugin measured in the same Gateway starts.
//
//   npx nx run plugin:pack && node --conditions=@proxykit/source tools/bench/src/plugin-load.ts
//   BENCH_SAMPLES=9 … (default 5 Gateway starts)
//
// OpenClaw times every plugin it loads when OPENCLAW_GATEWAY_STARTUP_TRACE=1 and logs
// `startup trace: plugins.gateway-load.plugin.<id> loadMs=… registerMs=… loadAndRegisterMs=…`.
// All plugins are installed in one isolated home, so each Gateway start yields one sample of each.
// OpenClaw loads external plugins in id order, and the first one pays a one-time set-up of the plugin
// loader (~15 ms here): an empty plugin `aaa-bench-warmup` goes first to take it, and the baseline is an
// empty plugin `zzz-bench-empty` loaded after ours, in the same warm state.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createOpenClawHome } from "@proxykit/openclaw-e2e";
import { median, report } from "./stats.ts";

const PLUGIN_ID = "anthropic-max-proxy";
const WARMUP_ID = "aaa-bench-warmup";
const EMPTY_ID = "zzz-bench-empty";
const BUNDLE_BUDGET_KB = 300;
const ADDED_LOAD_BUDGET_MS = 20;
const samples = Number(process.env.BENCH_SAMPLES ?? 5);

const pluginFolder = join(import.meta.dirname, "../../../apps/plugin/dist/package");
const bundle = join(pluginFolder, "dist/index.js");
if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npx nx build plugin\` first`);

// 1. Bundle size: the entry the Gateway loads at every start, and everything with the chunks loaded on use.
const chunkDir = join(pluginFolder, "dist/chunks");
const files = [
  bundle,
  ...(existsSync(chunkDir) ? readdirSync(chunkDir).map((name) => join(chunkDir, name)) : []),
];
const entryBytes = statSync(bundle).size;
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const gzipBytes = (
  await Promise.all(files.map(async (file) => gzipSync(await readFile(file)).length))
).reduce((sum, n) => sum + n, 0);
console.log("plugin bundle (apps/plugin/dist/package/dist: index.js + chunks/)");
console.log(`  entry     ${(entryBytes / 1024).toFixed(1)} KB (loaded at every Gateway start)`);
console.log(
  `  total     ${(bytes / 1024).toFixed(1)} KB in ${files.length} files (${(gzipBytes / 1024).toFixed(1)} KB gzipped)`,
);
console.log(
  `  target    total ≤ ${BUNDLE_BUDGET_KB} KB: ${bytes <= BUNDLE_BUDGET_KB * 1024 ? "met" : "NOT met"}`,
);

// 2. Empty plugins, packaged like ours (compiled ESM importing the SDK entry helper). `activation.onStartup`
// like ours: the Gateway loads at start-up only plugins that ask for it (or own a configured capability).
function emptyPlugin(id: string): string {
  const folder = mkdtempSync(join(tmpdir(), `${id}-`));
  mkdirSync(join(folder, "dist"));
  writeFileSync(
    join(folder, "package.json"),
    JSON.stringify({
      name: id,
      version: "0.0.0",
      type: "module",
      openclaw: { extensions: ["./dist/index.js"] },
    }),
  );
  writeFileSync(
    join(folder, "openclaw.plugin.json"),
    JSON.stringify({
      id,
      activation: { onStartup: true },
      configSchema: { type: "object", additionalProperties: false, properties: {} },
    }),
  );
  writeFileSync(
    join(folder, "dist/index.js"),
    `import { definePluginEntry } from "openclaw/plugin-sdk/plugin-entry";\n` +
      `export default definePluginEntry({ id: "${id}", name: "Empty", description: "baseline", register() {} });\n`,
  );
  return folder;
}
const warmupFolder = emptyPlugin(WARMUP_ID);
const emptyFolder = emptyPlugin(EMPTY_ID);

type Trace = { loadMs: number; registerMs: number; loadAndRegisterMs: number };

function traces(log: string): Map<string, Trace> {
  const found = new Map<string, Trace>();
  for (const match of log.matchAll(/startup trace: plugins\.gateway-load\.plugin\.(\S+) ([^\n]*)/g)) {
    const id = match[1] ?? "";
    if (found.has(id)) continue;
    const metrics = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]),
    );
    found.set(id, {
      loadMs: metrics.loadMs ?? Number.NaN,
      registerMs: metrics.registerMs ?? Number.NaN,
      loadAndRegisterMs: metrics.loadAndRegisterMs ?? Number.NaN,
    });
  }
  return found;
}

const home = await createOpenClawHome({ env: { OPENCLAW_GATEWAY_STARTUP_TRACE: "1" } });
const ours: Trace[] = [];
const empty: Trace[] = [];
const warmup: Trace[] = [];
try {
  for (const folder of [warmupFolder, pluginFolder, emptyFolder]) await home.installPlugin(folder);
  for (const id of [WARMUP_ID, PLUGIN_ID, EMPTY_ID]) await home.enablePlugin(id);
  // Nothing to supervise in a load benchmark.
  home.mergeConfig({ plugins: { entries: { [PLUGIN_ID]: { config: { autoStart: false } } } } });
  for (let i = 0; i < samples; i++) {
    const gateway = await home.startGateway();
    const log = `${gateway.logs()}\n${gateway.fileLog()}`;
    const found = traces(log);
    await gateway.kill();
    const sample = [PLUGIN_ID, EMPTY_ID, WARMUP_ID].map((id) => found.get(id));
    const missing = [PLUGIN_ID, EMPTY_ID, WARMUP_ID].find((_, index) => !sample[index]);
    const [a, b, w] = sample;
    if (missing || !a || !b || !w) {
      const mentions = log
        .split("\n")
        .filter((line) => line.includes(missing ?? ""))
        .slice(0, 10);
      throw new Error(
        `no startup trace for ${missing} in the Gateway log (traced: ${[...found.keys()].join(", ")}); ` +
          `lines naming it:\n${mentions.join("\n")}`,
      );
    }
    ours.push(a);
    empty.push(b);
    warmup.push(w);
    process.stderr.write(
      `  sample ${i + 1}/${samples}: warm-up ${w.loadAndRegisterMs} ms, ours ${a.loadAndRegisterMs} ms, empty ${b.loadAndRegisterMs} ms\n`,
    );
  }
} finally {
  await home.cleanup();
  for (const folder of [warmupFolder, emptyFolder]) rmSync(folder, { recursive: true, force: true });
}

report({
  name: "plugin load + register inside the OpenClaw Gateway (startup trace loadAndRegisterMs)",
  unit: "ms",
  ours: ours.map((t) => t.loadAndRegisterMs),
  baseline: empty.map((t) => t.loadAndRegisterMs),
  baselineName: "empty plugin loaded after ours, same Gateway starts",
});
console.log(
  `  (the first external plugin, the empty ${WARMUP_ID}, took median ` +
    `${median(warmup.map((t) => t.loadAndRegisterMs)).toFixed(1)} ms: OpenClaw's one-time loader set-up)`,
);
report({
  name: "of which register() (OpenClaw's registrars validating and storing what we hand them)",
  unit: "ms",
  ours: ours.map((t) => t.registerMs),
  baseline: empty.map((t) => t.registerMs),
  baselineName: "empty plugin",
});
const added = median(ours.map((t) => t.loadAndRegisterMs)) - median(empty.map((t) => t.loadAndRegisterMs));
console.log(`\nadded load + register time (median ours − median empty): ${added.toFixed(1)} ms`);
console.log(`  target    ≤ ${ADDED_LOAD_BUDGET_MS} ms: ${added <= ADDED_LOAD_BUDGET_MS ? "met" : "NOT met"}`);
