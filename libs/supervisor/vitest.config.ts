import { defineConfig } from "vitest/config";

export default defineConfig({
  root: import.meta.dirname,
  // Resolve sibling workspace packages to their TypeScript sources: tests need no prior build.
  ssr: { resolve: { conditions: ["@proxykit/source"] } },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    passWithNoTests: false,
    // Real processes on a shared 2-core machine: generous ceilings, never timing assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
