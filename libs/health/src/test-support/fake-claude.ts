/**
 * Purpose-made fake `claude` executables for the login tests: a POSIX shell script in a temp dir that
 * records its argv and environment, prints the given stdout/stderr and exits with the given code.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface FakeClaude {
  /** Directory holding the `claude` script: put it first on PATH. */
  dir: string;
  /** An environment whose PATH finds this fake first (and the system tools after it). */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** The argv of the last run (without the script name). */
  args(): Promise<string[]>;
  /** The names of the environment variables of the last run. */
  envKeys(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export interface FakeClaudeBehaviour {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Sleep this long before answering (the shell `exec`s sleep, so a kill reaches it). */
  hangSeconds?: number;
  /** Name of the executable (default `claude`). */
  name?: string;
}

export async function makeFakeClaude(behaviour: FakeClaudeBehaviour): Promise<FakeClaude> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "fake-claude-"));
  await writeFile(path.join(dir, "stdout.txt"), behaviour.stdout ?? "");
  await writeFile(path.join(dir, "stderr.txt"), behaviour.stderr ?? "");
  const script = [
    "#!/bin/sh",
    `d='${dir}'`,
    'printf "%s\\n" "$@" > "$d/args.txt"',
    'env | cut -d= -f1 > "$d/env.txt"',
    behaviour.hangSeconds ? `exec sleep ${behaviour.hangSeconds}` : "",
    'cat "$d/stdout.txt"',
    'cat "$d/stderr.txt" >&2',
    `exit ${behaviour.exitCode ?? 0}`,
    "",
  ].join("\n");
  const file = path.join(dir, behaviour.name ?? "claude");
  await writeFile(file, script);
  await chmod(file, 0o755);
  const lines = async (name: string) =>
    (await readFile(path.join(dir, name), "utf8")).split("\n").filter((l) => l.length > 0);
  return {
    dir,
    env: (extra = {}) => ({ PATH: `${dir}:/usr/bin:/bin`, HOME: dir, ...extra }),
    args: () => lines("args.txt"),
    envKeys: () => lines("env.txt"),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
