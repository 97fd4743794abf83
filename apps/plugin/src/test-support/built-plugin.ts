import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

/** The installable folder and the packed tarball made by `nx build plugin` / `nx run plugin:pack`. */
export function builtPlugin(): { folder: string; tarball: string } {
  const folder = join(root, "dist/package");
  const packDir = join(root, "dist/pack");
  const tarball = existsSync(packDir)
    ? readdirSync(packDir).find((name) => name.endsWith(".tgz"))
    : undefined;
  if (!existsSync(join(folder, "dist/index.js")) || !tarball) {
    throw new Error(
      "the built plugin is missing: run `npx nx run plugin:pack` (it builds dist/package and dist/pack/*.tgz) — `nx test plugin` does it first",
    );
  }
  return { folder, tarball: join(packDir, tarball) };
}
