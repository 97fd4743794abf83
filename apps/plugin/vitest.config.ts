import { fileURLToPath } from "node:url";
import { defineProjectConfig } from "../../vitest.shared.js";

// The pinned real OpenClaw (installed by the root postinstall, outside the workspace graph). Its
// `openclaw/plugin-sdk/*` modules are external to the plugin bundle and resolved to the host's copy at
// load time; unit tests resolve them to the same files.
const sdk = fileURLToPath(
  new URL("../../tools/openclaw-e2e/host/node_modules/openclaw/dist/plugin-sdk/", import.meta.url),
);

// End-to-end files drive the real OpenClaw CLI and Gateway: 5–15 s per command on a busy 2-core
// machine. These are limits against hangs, not speed assertions.
export default defineProjectConfig(import.meta.dirname, {
  resolve: { alias: [{ find: /^openclaw\/plugin-sdk\/(.+)$/, replacement: `${sdk}$1.js` }] },
  test: { testTimeout: 240_000, hookTimeout: 240_000 },
});
