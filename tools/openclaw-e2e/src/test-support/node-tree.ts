import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** A script that ignores SIGTERM and prints its pid: a process only SIGKILL stops. */
export const IGNORE_TERM_SCRIPT =
  "process.on('SIGTERM', () => {}); console.log(process.pid); setInterval(() => {}, 1 << 30);";

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
    "  console.log(String(d).trim());",
    options.parentExits ? "  g.unref(); g.stdout.destroy(); process.exit(0);" : "",
    "});",
    "setInterval(() => {}, 1 << 30);",
  ].join("\n");
  const parent = spawn(process.execPath, ["-e", script], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [data] = (await once(parent.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { parent, grandchildPid: Number(String(data).trim()) };
}
