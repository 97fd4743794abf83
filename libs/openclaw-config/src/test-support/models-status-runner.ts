// Batch runner (a child process, outside the test runner): runs OpenClaw's own modelsStatusCommand — the
// function behind `openclaw models status [--json]` — once per config file (selected through
// OPENCLAW_CONFIG_PATH). Input: JSON cases on stdin; output: JSON results (the command's stdout per case).
import path from "node:path";
import { importOpenClawFunction, readStdin } from "./openclaw-internals.ts";

interface Case {
  id: string;
  configPath: string;
  json: boolean;
}
interface Runtime {
  log: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  exit: (code: number) => never;
  writeStdout: (value: string) => void;
  writeJson: (value: unknown, space?: number) => void;
}

const distDir = path.join(process.argv[2] as string, "dist");
const modelsStatusCommand = await importOpenClawFunction<
  (opts: { json?: boolean }, runtime: Runtime) => Promise<void>
>(distDir, "modelsStatusCommand");
// The command caches the loaded config for the process: drop it between cases.
const clearRuntimeConfigSnapshot = await importOpenClawFunction<() => void>(
  distDir,
  "clearRuntimeConfigSnapshot",
);
const cases = JSON.parse(await readStdin()) as Case[];
const results = [];
for (const c of cases) {
  process.env.OPENCLAW_CONFIG_PATH = c.configPath;
  clearRuntimeConfigSnapshot();
  let stdout = "";
  const errors: string[] = [];
  const runtime: Runtime = {
    log: (...args) => {
      stdout += `${args.map(String).join(" ")}\n`;
    },
    error: (...args) => errors.push(args.map(String).join(" ")),
    exit: (code) => {
      throw Object.assign(new Error(`exit ${code}`), { exitCode: code });
    },
    writeStdout: (value) => {
      stdout += value.endsWith("\n") ? value : `${value}\n`;
    },
    writeJson: (value, space = 2) => {
      stdout += `${JSON.stringify(value, null, space)}\n`;
    },
  };
  let exitCode = 0;
  try {
    await modelsStatusCommand({ json: c.json }, runtime);
  } catch (error) {
    exitCode = (error as { exitCode?: number }).exitCode ?? 99;
    if (exitCode === 99) errors.push(String((error as Error).stack));
  }
  results.push({ id: c.id, exitCode, stdout, errors });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
