// Batch runner (a child process, outside the test runner): applies each case's patch with OpenClaw's own
// `runConfigPatch` — the function behind `openclaw config patch --file <patch> [--replace-path …]` — to that
// case's config file (selected through OPENCLAW_CONFIG_PATH). Input: JSON cases on stdin; output: JSON results.
import path from "node:path";
import { importOpenClawFunction, readStdin } from "./openclaw-internals.ts";

interface Case {
  id: string;
  configPath: string;
  patchFile: string;
  replacePath?: string[];
}
interface Runtime {
  log: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  exit: (code: number) => never;
}

const distDir = path.join(process.argv[2] as string, "dist");
const runConfigPatch = await importOpenClawFunction<
  (p: { runtime: Runtime; cliOptions: { file: string; replacePath: string[] } }) => Promise<void>
>(distDir, "runConfigPatch");
const cases = JSON.parse(await readStdin()) as Case[];
const results = [];
for (const c of cases) {
  process.env.OPENCLAW_CONFIG_PATH = c.configPath;
  const messages: string[] = [];
  let exitCode = 0;
  const runtime: Runtime = {
    log: (...args) => messages.push(args.map(String).join(" ")),
    error: (...args) => messages.push(args.map(String).join(" ")),
    exit: (code) => {
      throw Object.assign(new Error(`exit ${code}`), { exitCode: code });
    },
  };
  try {
    await runConfigPatch({ runtime, cliOptions: { file: c.patchFile, replacePath: c.replacePath ?? [] } });
  } catch (error) {
    exitCode = (error as { exitCode?: number }).exitCode ?? 99;
    if (exitCode === 99) messages.push(String((error as Error).stack));
  }
  results.push({ id: c.id, exitCode, messages });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
