/**
 * `anthropic-max-proxy`: the standalone CLI. Bundled by esbuild to `dist/cli.js` (with a
 * `#!/usr/bin/env node` banner); run from source with `node --conditions=@proxykit/source src/cli.ts`.
 */
import { COMMANDS } from "./commands/index.ts";
import { runCli } from "./program.ts";

process.exitCode = await runCli(process.argv.slice(2), {}, COMMANDS);
