/**
 * `anthropic-max-proxy`: the standalone CLI's entry. Bundled by esbuild to `dist/cli.js` (with a
 * `#!/usr/bin/env node` banner); run from source with `node --conditions=@proxykit/source src/cli.ts`.
 *
 * It turns on Node's on-disk compile cache first (Node ≥ 22.1; `NODE_DISABLE_COMPILE_CACHE=1` turns it
 * off), then loads the rest, so every later start skips compiling the bundle again.
 */
import module from "node:module";

const [major = 0] = process.versions.node.split(".").map(Number);
if (major < 22) {
  process.stderr.write(
    `✗ anthropic-max-proxy needs Node.js 22 or newer; this is ${process.version}.\n  fix: install Node 24 (e.g. \`nvm install 24\`), then run it again.\n`,
  );
  process.exit(1);
}
module.enableCompileCache?.();
await import("./main.ts");
