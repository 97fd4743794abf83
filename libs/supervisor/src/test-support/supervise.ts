/**
 * A supervising process for tests that kill the supervisor itself (SIGKILL) or run two supervisors on one
 * pid file: runs one Supervisor with the options in the SUPERVISE_OPTIONS environment variable (JSON),
 * probe and inspectPort from @proxykit/health, and prints every state change as a JSON line on stdout:
 * {"state":"ready","pid":123,"reason":"…","code":"…"}. Started by `supervisingProcess()` (helpers.ts).
 */
import { Supervisor } from "../supervisor.ts";
import type { SupervisorOptions } from "../types.ts";
import { httpProbe, inspectPortForTests } from "./helpers.ts";

const options = JSON.parse(process.env.SUPERVISE_OPTIONS ?? "{}") as SupervisorOptions;
const sup = new Supervisor({ ...options, probe: httpProbe, inspectPort: inspectPortForTests });
sup.on("state", (c) => {
  console.log(JSON.stringify({ state: c.state, pid: sup.status().pid, reason: c.reason, code: c.code }));
});
process.on("SIGTERM", () => {
  void sup.stop().then(() => process.exit(0));
});
// Exit without stop(), as a crashing host would: the supervisor's exit hook must still TERM the group.
process.on("SIGUSR2", () => process.exit(0));
await sup.start();
