import { defineConfig } from "vitest/config";

export default defineConfig({
  root: import.meta.dirname,
  // Resolve sibling workspace packages to their TypeScript sources: tests need no prior build.
  ssr: { resolve: { conditions: ["@proxykit/source"] } },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    passWithNoTests: false,
    // Every test runs the real CLI as child processes (many for doctor and run): generous on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
