import type { ViteUserConfig } from "vitest/config";

/**
 * The vitest configuration every project shares (vitest.shared.js): `root` = `dirname`, sibling
 * workspace packages resolved to their sources (`ssr.resolve.conditions: ["@proxykit/source"]`), tests
 * in `src/**\/*.test.ts`, Node environment, no test file is an error. `overrides` are merged over it with
 * vite's `mergeConfig` (objects deep-merged, arrays appended), e.g. `{ test: { testTimeout: 60_000 } }`.
 */
export declare function defineProjectConfig(dirname: string, overrides?: ViteUserConfig): ViteUserConfig;
