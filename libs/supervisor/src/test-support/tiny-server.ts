/**
 * A tiny HTTP server for the supervisor's own tests, steered by environment variables:
 *   TINY_PORT (required), TINY_HOST (127.0.0.1)
 *   TINY_SAY=<line> + TINY_EXIT=<code>  print the line (stderr) and exit at start
 *   TINY_START_DELAY_MS                  wait before listening
 *   TINY_CRASH_AFTER_MS                  exit 1 that long after listening
 *   TINY_HANG_AFTER_MS                   /health stops answering that long after listening
 *   TINY_UNHEALTHY=1                     /health answers 503
 *   TINY_IGNORE_TERM=1                   ignore SIGTERM (inherited by the grandchild in wrapper mode)
 *   TINY_WRAPPER=1                       run the server in a grandchild (same group) and wait, like bunx
 *   TINY_ESCAPE=1                        with TINY_WRAPPER: the grandchild starts its own session (setsid)
 *   TINY_ENV_DUMP=<file>                 write the server's env names (JSON array) there
 * Prints "listening on http://HOST:PORT" once it listens.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";

const env = process.env;
if (env.TINY_IGNORE_TERM === "1") process.on("SIGTERM", () => console.error("tiny: ignoring SIGTERM"));

if (env.TINY_WRAPPER === "1") {
  const childEnv = { ...env };
  delete childEnv.TINY_WRAPPER;
  const child = spawn(process.execPath, [process.argv[1] as string], {
    stdio: "inherit",
    env: childEnv,
    detached: env.TINY_ESCAPE === "1",
  });
  console.log(`tiny wrapper: server pid ${child.pid}`);
  child.on("exit", (code) => process.exit(code ?? 1));
} else {
  if (env.TINY_ENV_DUMP) writeFileSync(env.TINY_ENV_DUMP, JSON.stringify(Object.keys(env)));
  if (env.TINY_SAY !== undefined || env.TINY_EXIT !== undefined) {
    if (env.TINY_SAY) console.error(env.TINY_SAY);
    process.exit(Number(env.TINY_EXIT ?? 1));
  }
  const host = env.TINY_HOST ?? "127.0.0.1";
  const port = Number(env.TINY_PORT);
  let hangFrom = Number.POSITIVE_INFINITY;
  const server = createServer((req, res) => {
    if (req.url === "/health") {
      if (Date.now() >= hangFrom) return; // never answer
      const ok = env.TINY_UNHEALTHY !== "1";
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ok ? "healthy" : "unhealthy" }));
      return;
    }
    res.writeHead(404).end();
  });
  server.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EADDRINUSE") console.error(`Error: Port ${port} is already in use.`);
    else console.error(`tiny: ${e.message}`);
    process.exit(1);
  });
  setTimeout(
    () =>
      server.listen(port, host, () => {
        console.log(`listening on http://${host}:${port}`);
        if (env.TINY_HANG_AFTER_MS) hangFrom = Date.now() + Number(env.TINY_HANG_AFTER_MS);
        if (env.TINY_CRASH_AFTER_MS) {
          setTimeout(() => {
            console.error("tiny: crashing");
            process.exit(1);
          }, Number(env.TINY_CRASH_AFTER_MS));
        }
      }),
    Number(env.TINY_START_DELAY_MS ?? 0),
  );
}
