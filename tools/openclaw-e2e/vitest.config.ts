import { defineProjectConfig } from "../../vitest.shared.js";

// End-to-end tests start real Gateways (~1 GB RSS, 10–20 s each on 2 cores): one file at a time.
export default defineProjectConfig(import.meta.dirname, {
  test: { fileParallelism: false, testTimeout: 600_000, hookTimeout: 60_000 },
});
