import { defineProjectConfig } from "../../vitest.shared.js";

// Real processes on a shared 2-core machine: generous ceilings, never timing assertions.
export default defineProjectConfig(import.meta.dirname, {
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
