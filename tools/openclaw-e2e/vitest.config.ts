import { defineConfig } from "vitest/config";

export default defineConfig({
  root: import.meta.dirname,
  // Resolve sibling workspace packages to their TypeScript sources: tests need no prior build.
  ssr: { resolve: { conditions: ["@proxykit/source"] } },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    passWithNoTests: false,
    // End-to-end tests start real Gateways (~1 GB RSS, 10–20 s each on 2 cores): one file at a time.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
