import { defineProjectConfig } from "../../vitest.shared.js";

// Every test runs the real CLI as child processes (many for doctor and run): generous on a busy machine.
export default defineProjectConfig(import.meta.dirname, {
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
