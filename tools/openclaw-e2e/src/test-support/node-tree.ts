import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { killProcesses, processesWithEnv } from "../process-tree.ts";

/** A script that ignores SIGTERM and prints its pid (no colours, whatever FORCE_COLOR says). */
export const IGNORE_TERM_SCRIPT =
  "process.on('SIGTERM', () => {}); process.stdout.write(process.pid + '\\n'); setInterval(() => {}, 1 << 30);";

/** Every process `spawnTree` starts carries this variable, so `killTrees()` finds them all, orphans included. */
const MARKER = { name: "OPENCLAW_E2E_TEST_TREE", value: `${process.pid}-${Date.now()}` };

/**
 * Starts `node` running a script that spawns one grandchild (detached in its own process group when
 * `detachGrandchild`), prints the grandchild's pid, and then either stays or exits (`parentExits`),
 * orphaning the grandchild.
 */
export async function spawnTree(options: {
  env?: Record<string, string>;
  detachGrandchild?: boolean;
  parentExits?: boolean;
}): Promise<{ parent: ChildProcess; grandchildPid: number }> {
  const script = [
    "const { spawn } = require('node:child_process');",
    `const g = spawn(process.execPath, ['-e', ${JSON.stringify(IGNORE_TERM_SCRIPT)}], { stdio: ['ignore', 'pipe', 'ignore'], detached: ${Boolean(options.detachGrandchild)} });`,
    "g.stdout.once('data', (d) => {",
    "  process.stdout.write(String(d));",
    options.parentExits ? "  g.unref(); g.stdout.destroy(); process.exit(0);" : "",
    "});",
    "setInterval(() => {}, 1 << 30);",
  ].join("\n");
  const parent = spawn(process.execPath, ["-e", script], {
    env: { PATH: process.env.PATH ?? "", ...options.env, [MARKER.name]: MARKER.value },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [data] = (await once(parent.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  const grandchildPid = Number(/^(\d+)$/m.exec(String(data))?.[1]);
  if (!grandchildPid) throw new Error(`spawnTree: no pid in ${JSON.stringify(String(data))}`);
  return { parent, grandchildPid };
}

/** SIGKILLs every process `spawnTree` started in this test file (for `afterEach`). */
export async function killTrees(): Promise<void> {
  await killProcesses(processesWithEnv(MARKER.name, MARKER.value));
}
