import type { CommandEntry } from "../program.ts";

/** Every command, in the order `--help` lists them. Each module is loaded only when its command runs. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "setup",
    summary: "write the proxy provider, default model, alias and fail-closed settings into openclaw.json",
    load: () => import("./setup.ts"),
  },
  {
    name: "status",
    summary: "default model, fallbacks, aliases, proxy address, health, login, supervisor, fail-closed audit",
    load: () => import("./status.ts"),
  },
  {
    name: "doctor",
    summary: "check everything and print the fix for each problem (--fix: safe fixes)",
    load: () => import("./doctor.ts"),
  },
  {
    name: "run",
    summary: "supervise the proxy in the foreground (Ctrl-C stops its whole process tree)",
    load: () => import("./run.ts"),
  },
  {
    name: "verify",
    summary: "one Messages request through the proxy, one agent turn through OpenClaw",
    load: () => import("./verify.ts"),
  },
  {
    name: "demo",
    summary:
      "the whole thing in a throwaway OpenClaw home: setup, Gateway, agent turn, auto-restart, fail-closed",
    load: () => import("./demo.ts"),
  },
  {
    name: "proxy-simulator",
    summary: "run the built-in Meridian simulator (demo, tests)",
    hidden: true,
    load: () => import("./simulator.ts"),
  },
];
