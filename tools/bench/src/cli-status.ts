/**
 * Benchmark: cold start of `anthropic-max-proxy status --json`, beside `openclaw models status --json` on
 * the same config in the same run (the question both answer: where do my Claude requests go, and is that
 * path up?). Each run is a fresh process; the two commands alternate so a busy machine slows both.
 * Targets: median ≤ 150 ms and ≤ 0.2× OpenClaw's.
 *
 * Setup: a throwaway OpenClaw home (tools/openclaw-e2e), `anthropic-max-proxy setup --yes` (plus the
 * built plugin installed, when it is built, as a real user would have it), and the Meridian simulator
 * answering /health so `status` does its whole job (config + probe + pid file + audit).
 *
 * Run: `npm run bench:cli-status -w @proxykit/bench` after `npx nx build cli` (and `npx nx build plugin`).
 * RUNS=… changes the number of runs (default 15, at least 10).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeProxy } from "@proxykit/fake-proxy";
import { createOpenClawHome, openclawCommand } from "@proxykit/openclaw-e2e";
import { median, report } from "./stats.ts";

const RUNS = Math.max(10, Number(process.env.RUNS ?? 15));
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const cli = join(root, "apps", "cli", "dist", "cli.js");
const plugin = join(root, "apps", "plugin", "dist", "package");

if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx nx build cli\` first`);

interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function timed(argv: string[], env: Record<string, string>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0] as string, argv.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr }),
    );
  });
}

function json(result: Timed, what: string): Record<string, unknown> {
  const start = result.stdout.indexOf("{");
  if (start < 0)
    throw new Error(`${what} printed no JSON (exit ${result.code}): ${result.stderr.slice(-500)}`);
  return JSON.parse(result.stdout.slice(start)) as Record<string, unknown>;
}

const home = await createOpenClawHome();
const proxy = await startFakeProxy({ port: 0 });
try {
  const env = { ...home.env, NO_COLOR: "1" };
  const setupArgs = ["setup", "--yes", "--config", home.configPath, "--port", String(proxy.port)];
  const withPlugin = existsSync(join(plugin, "openclaw.plugin.json"));
  if (withPlugin) setupArgs.push("--install-plugin", plugin, "--openclaw", openclawCommand()[2] as string);
  const setup = await timed([process.execPath, cli, ...setupArgs], env);
  if (setup.code !== 0) throw new Error(`setup failed: ${setup.stderr}`);

  const ours = [process.execPath, cli, "status", "--json", "--config", home.configPath];
  const theirs = [...openclawCommand(), "models", "status", "--json"];
  // One warm-up each (file cache, OpenClaw's compile cache), not counted.
  const warmOurs = json(await timed(ours, env), "status --json");
  const warmTheirs = json(await timed(theirs, env), "openclaw models status --json");
  const ourDefault = (warmOurs.models as { defaultModel?: string } | undefined)?.defaultModel;
  if (warmTheirs.defaultModel !== ourDefault) {
    throw new Error(
      `the two disagree on the default model: ours ${ourDefault}, OpenClaw's ${String(warmTheirs.defaultModel)}`,
    );
  }
  if (warmOurs.ok !== true)
    throw new Error(`status is not ok on the benchmark config: ${JSON.stringify(warmOurs.attention)}`);

  const oursMs: number[] = [];
  const theirsMs: number[] = [];
  const bareMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Node's own floor, for context: a process that does nothing.
    bareMs.push((await timed([process.execPath, "-e", "0"], env)).ms);
    const a = await timed(ours, env);
    if (a.code !== 0) throw new Error(`status --json exited ${a.code}: ${a.stderr}`);
    oursMs.push(a.ms);
    const b = await timed(theirs, env);
    if (b.code !== 0)
      throw new Error(`openclaw models status --json exited ${b.code}: ${b.stderr.slice(-500)}`);
    theirsMs.push(b.ms);
  }

  const bundle = readdirSync(join(root, "apps", "cli", "dist"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
  console.log(
    `anthropic-max-proxy status --json vs openclaw models status --json (same config${withPlugin ? ", plugin installed" : ""})`,
  );
  console.log(
    `node ${process.version}, CLI bundle ${(bundle / 1024).toFixed(0)} KB (all chunks), ${RUNS} runs each, alternating`,
  );
  console.log(`node -e 0 (the floor of any Node CLI): median ${median(bareMs).toFixed(1)} ms`);
  const result = report({
    name: "cold start, process spawn to exit",
    unit: "ms",
    ours: oursMs,
    baseline: theirsMs,
    baselineName: "openclaw models status --json",
    target: { max: 150, maxRatio: 0.2 },
  });
  process.exitCode = result.met ? 0 : 1;
} finally {
  await proxy.close();
  await home.cleanup();
}
