// @ts-check
/**
 * The vitest configuration every project of this workspace shares (types: vitest.shared.d.ts). A
 * project's vitest.config.ts is one call:
 *
 *   import { defineProjectConfig } from "../../vitest.shared.js";
 *   export default defineProjectConfig(import.meta.dirname, { test: { testTimeout: 60_000 } });
 *
 * JavaScript with a declaration file beside it, not TypeScript: a .ts file outside a project would have
 * to be listed in every project's tsconfig.spec.json and sit under its rootDir; a .d.ts has neither rule.
 */
import { defineConfig, mergeConfig } from "vitest/config";

/**
 * @param {string} dirname the project's folder: `import.meta.dirname` of its vitest.config.ts
 * @param {import("vitest/config").ViteUserConfig} [overrides] merged over the shared settings with vite's
 *   `mergeConfig` (objects deep-merged, arrays appended)
 * @returns {import("vitest/config").ViteUserConfig}
 */
export function defineProjectConfig(dirname, overrides = {}) {
  const shared = defineConfig({
    root: dirname,
    // Resolve sibling workspace packages to their TypeScript sources: tests need no prior build.
    ssr: { resolve: { conditions: ["@proxykit/source"] } },
    test: {
      include: ["src/**/*.test.ts"],
      environment: "node",
      passWithNoTests: false,
    },
  });
  return mergeConfig(shared, overrides);
}
