import type { CommandEntry } from "../program.ts";

/** Every command, in the order `--help` lists them. Each module is loaded only when its command runs. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "proxy-simulator",
    summary: "run the built-in Meridian simulator (demo, tests)",
    hidden: true,
    load: () => import("./simulator.ts"),
  },
];
