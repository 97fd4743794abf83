/**
 * A real listener in its own process, for port-inspection tests: `node -e <script> <host> <port> …args`.
 * It prints the port it bound, then waits until killed.
 */
import { type ChildProcess, spawn } from "node:child_process";

const SCRIPT = `
const net = require("node:net");
const [host, port] = process.argv.slice(1);
const server = net.createServer((s) => s.destroy());
const options = { port: Number(port) };
if (host !== "-") options.host = host;
server.listen(options, () => process.stdout.write(server.address().port + "\\n"));
`;

export interface ListenerProcess {
  pid: number;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a listener on `host` (`"-"`: Node's default, dual-stack `::` when IPv6 is there) and `port`. */
export async function spawnListener(
  host: string,
  port = 0,
  extraArgs: string[] = [],
): Promise<ListenerProcess> {
  const child = spawn(process.execPath, ["-e", SCRIPT, host, String(port), ...extraArgs], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bound = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    child.once("exit", (code) => reject(new Error(`listener exited early with code ${code}`)));
    child.once("error", reject);
  });
  return {
    pid: child.pid as number,
    port: bound,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
