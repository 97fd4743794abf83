// Batch runner (a child process, outside the test runner): for each case, computes the config path with
// OpenClaw's own functions — applyCliProfileEnv (what `--profile` does at startup) and resolveConfigPath (what
// `openclaw config file` prints). Input: JSON cases on stdin. Output: JSON results on stdout.
import path from "node:path";
import { importOpenClawFunction, readStdin } from "./openclaw-internals.ts";

interface Case {
  id: string;
  env: Record<string, string>;
  profile?: string;
  cwd: string;
}

const distDir = path.join(process.argv[2] as string, "dist");
type Env = Record<string, string | undefined>;
const applyCliProfileEnv = await importOpenClawFunction<(p: { profile: string; env: Env }) => void>(
  distDir,
  "applyCliProfileEnv",
);
const resolveConfigPath = await importOpenClawFunction<(env: Env) => string>(distDir, "resolveConfigPath");
const cases = JSON.parse(await readStdin()) as Case[];
const results = cases.map((c) => {
  try {
    process.chdir(c.cwd);
    const env: Env = { ...c.env };
    if (c.profile !== undefined) applyCliProfileEnv({ profile: c.profile, env });
    return { id: c.id, path: resolveConfigPath(env) };
  } catch (error) {
    return { id: c.id, error: String((error as Error).message) };
  }
});
process.stdout.write(`${JSON.stringify(results)}\n`);
