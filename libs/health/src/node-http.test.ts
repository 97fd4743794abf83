import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Runs `body` in a fresh Node process (sources resolved), after `import("@proxykit/health")`; its JSON output. */
function fresh(body: string): Record<string, unknown> {
  const script = `
    const loaded = (re) => process.moduleLoadList.some((m) => re.test(m));
    const undici = () => loaded(/internal\\/deps\\/undici/);
    const tls = () => loaded(/NativeModule tls$/);
    const health = await import("@proxykit/health");
    const out = {};
    ${body}
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(
    process.execPath,
    ["--conditions=@proxykit/source", "--input-type=module", "-e", script],
    { cwd: join(import.meta.dirname, ".."), encoding: "utf8" },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("node:http is loaded without its ESM namespace (no undici)", () => {
  it("importing the package, probing, waiting and watching load neither undici nor TLS", () => {
    const out = fresh(`
      out.afterImport = undici();
      const server = process.getBuiltinModule("node:http").createServer((req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"healthy"}');
      });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = "http://127.0.0.1:" + server.address().port + "/health";
      out.probe = (await health.probe(url)).state;
      out.ready = (await health.waitUntilReady(url, { timeoutMs: 5000 })).state;
      const watcher = health.watchLiveness(url, { intervalMs: 60000 });
      out.watch = (await watcher.check()).state;
      await watcher.stop();
      server.close();
      out.afterUse = undici();
      out.tls = tls();
      // The check can fail: the ESM namespace of node:http does load undici.
      await import("node:http");
      out.afterEsmImport = undici();`);
    expect(out).toEqual({
      afterImport: false,
      probe: "healthy",
      ready: "healthy",
      watch: "healthy",
      afterUse: false,
      tls: false,
      afterEsmImport: true,
    });
  });

  it("an https: probe loads node:https on demand", () => {
    const out = fresh(`
      out.before = tls();
      out.state = (await health.probe("https://127.0.0.1:1/health", { timeoutMs: 2000 })).state;
      out.after = tls();`);
    expect(out).toEqual({ before: false, state: "unreachable", after: true });
  });
});
