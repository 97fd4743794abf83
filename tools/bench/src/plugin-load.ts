// Benchmark: the anthropic-max-proxy plugin's bundle size, and its load + register time inside the real
// OpenClaw Gateway beside an empty plugin measured in the same Gateway starts.
//
//   npx nx run plugin:pack && node --conditions=@proxykit/source tools/bench/src/plugin-load.ts
//   BENCH_SAMPLES=9 … (default 5 Gateway starts)
//
// OpenClaw times every plugin it loads when OPENCLAW_GATEWAY_STARTUP_TRACE=1 and logs
// `startup trace: plugins.gateway-load.plugin.<id> loadMs=… registerMs=… loadAndRegisterMs=…`.
// Both plugins are installed in one isolated home, so each Gateway start yields one sample of each.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createOpenClawHome } from "@proxykit/openclaw-e2e";
import { median, report } from "./stats.ts";

const PLUGIN_ID = "anthropic-max-proxy";
const EMPTY_ID = "bench-empty-plugin";
const BUNDLE_BUDGET_KB = 300;
const ADDED_LOAD_BUDGET_MS = 20;
const samples = Number(process.env.BENCH_SAMPLES ?? 5);

const pluginFolder = join(import.meta.dirname, "../../../apps/plugin/dist/package");
const bundle = join(pluginFolder, "dist/index.js");
if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npx nx build plugin\` first`);

// 1. Bundle size.
const bytes = statSync(bundle).size;
const gzipBytes = gzipSync(await readFile(bundle)).length;
console.log("plugin bundle (apps/plugin/dist/package/dist/index.js)");
console.log(`  size      ${(bytes / 1024).toFixed(1)} KB (${(gzipBytes / 1024).toFixed(1)} KB gzipped)`);
console.log(`  target    ≤ ${BUNDLE_BUDGET_KB} KB: ${bytes <= BUNDLE_BUDGET_KB * 1024 ? "met" : "NOT met"}`);

// 2. The baseline: an empty plugin, packaged like ours (compiled ESM, the SDK entry helper imported).
const emptyFolder = mkdtempSync(join(tmpdir(), "bench-empty-plugin-"));
mkdirSync(join(emptyFolder, "dist"));
writeFileSync(
  join(emptyFolder, "package.json"),
  JSON.stringify({
    name: EMPTY_ID,
    version: "0.0.0",
    type: "module",
    openclaw: { extensions: ["./dist/index.js"] },
  }),
);
writeFileSync(
  join(emptyFolder, "openclaw.plugin.json"),
  // `activation.onStartup` like ours: the Gateway loads at start-up only plugins that ask for it (or own a
  // configured capability); without it the empty plugin would not be loaded at all.
  JSON.stringify({
    id: EMPTY_ID,
    activation: { onStartup: true },
    configSchema: { type: "object", additionalProperties: false, properties: {} },
  }),
);
writeFileSync(
  join(emptyFolder, "dist/index.js"),
  `import { definePluginEntry } from "openclaw/plugin-sdk/plugin-entry";\n` +
    `export default definePluginEntry({ id: "${EMPTY_ID}", name: "Empty", description: "baseline", register() {} });\n`,
);

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
try {
  await home.installPlugin(pluginFolder);
  await home.installPlugin(emptyFolder);
  await home.enablePlugin(PLUGIN_ID);
  await home.enablePlugin(EMPTY_ID);
  // Nothing to supervise in a load benchmark.
  home.mergeConfig({ plugins: { entries: { [PLUGIN_ID]: { config: { autoStart: false } } } } });
  for (let i = 0; i < samples; i++) {
    const gateway = await home.startGateway();
    const log = `${gateway.logs()}\n${gateway.fileLog()}`;
    const found = traces(log);
    await gateway.kill();
    const a = found.get(PLUGIN_ID);
    const b = found.get(EMPTY_ID);
    if (!a || !b) {
      const missing = a ? EMPTY_ID : PLUGIN_ID;
      const mentions = log.split("\n").filter((line) => line.includes(missing)).slice(0, 10);
      throw new Error(
        `no startup trace for ${missing} in the Gateway log (traced: ${[...found.keys()].join(", ")}); ` +
          `lines naming it:\n${mentions.join("\n")}`,
      );
    }
    ours.push(a);
    empty.push(b);
    process.stderr.write(
      `  sample ${i + 1}/${samples}: ours ${a.loadAndRegisterMs} ms, empty ${b.loadAndRegisterMs} ms\n`,
    );
  }
} finally {
  await home.cleanup();
  rmSync(emptyFolder, { recursive: true, force: true });
}

report({
  name: "plugin load + register inside the OpenClaw Gateway (startup trace loadAndRegisterMs)",
  unit: "ms",
  ours: ours.map((t) => t.loadAndRegisterMs),
  baseline: empty.map((t) => t.loadAndRegisterMs),
  baselineName: "empty plugin, same Gateway starts",
});
report({
  name: "of which register()",
  unit: "ms",
  ours: ours.map((t) => t.registerMs),
  baseline: empty.map((t) => t.registerMs),
  baselineName: "empty plugin",
});
const added = median(ours.map((t) => t.loadAndRegisterMs)) - median(empty.map((t) => t.loadAndRegisterMs));
console.log(`\nadded load + register time (median ours − median empty): ${added.toFixed(1)} ms`);
console.log(`  target    ≤ ${ADDED_LOAD_BUDGET_MS} ms: ${added <= ADDED_LOAD_BUDGET_MS ? "met" : "NOT met"}`);
