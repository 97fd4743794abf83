/** Runs the built CLI in a real pseudo-terminal, for the interactive paths (prompts, colours, spinner). */
import { stripVTControlCharacters } from "node:util";
import { spawn } from "@lydell/node-pty";
import { onTestFinished } from "vitest";
import { CLI_BUNDLE } from "./cli.ts";

export interface PtyCli {
  /** Everything printed so far, raw (with escape sequences). */
  raw(): string;
  /** Everything printed so far, as a person reads it. */
  text(): string;
  /** Resolves once `pattern` appears in the text printed since the last match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  type(keys: string): void;
  exited: Promise<number>;
}

/** Keys for clack prompts. */
export const KEY = { enter: "\r", erase: "\x7f".repeat(60) } as const;

/** Starts `dist/cli.js ...args` in a 120×40 terminal; killed when the test ends. */
export function startCliInPty(args: string[], env: Record<string, string | undefined>): PtyCli {
  const pty = spawn(process.execPath, [CLI_BUNDLE, ...args], {
    name: "xterm-256color",
    cols: 120,
    rows: 40,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  let raw = "";
  let mark = 0;
  let done = false;
  const wake = new Set<() => void>();
  pty.onData((data) => {
    raw += data;
    for (const fn of wake) fn();
  });
  const exited = new Promise<number>((resolve) => {
    pty.onExit(({ exitCode }) => {
      done = true;
      for (const fn of wake) fn();
      resolve(exitCode);
    });
  });
  onTestFinished(() => {
    if (!done) pty.kill("SIGKILL");
  });
  return {
    raw: () => raw,
    text: () => stripVTControlCharacters(raw),
    type: (keys) => pty.write(keys),
    exited,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          const fresh = stripVTControlCharacters(raw.slice(mark));
          if (pattern.test(fresh)) {
            cleanup();
            mark = raw.length;
            resolve();
          } else if (done) {
            cleanup();
            reject(new Error(`exited before ${pattern}:\n${stripVTControlCharacters(raw)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stripVTControlCharacters(raw)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          wake.delete(check);
        };
        wake.add(check);
        check();
      }),
  };
}
