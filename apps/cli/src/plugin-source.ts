/**
 * Where to install the plugin from: a folder or an npm-pack tarball given on the command line, else —
 * in a clone of this repository — the built plugin (`apps/plugin/dist/package`, or the packed tarball
 * in `apps/plugin/dist/pack`).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { CliError } from "./errors.ts";
import { PLUGIN_PACKAGE } from "./ids.ts";
import { workspaceRoot } from "./openclaw.ts";

/** A plugin source `openclaw plugins install` accepts. */
export interface PluginSource {
  /** Folder, `.tgz`, or the registry spec. */
  path: string;
  kind: "folder" | "tarball" | "registry";
  /** The locator to pass to `openclaw plugins install` (`npm-pack:<file>` for a tarball). */
  locator: string;
}

function sourceOf(path: string): PluginSource {
  const kind = path.endsWith(".tgz") ? "tarball" : "folder";
  return { path, kind, locator: kind === "tarball" ? `npm-pack:${path}` : path };
}

/** The built plugin of this repository, when the CLI runs from a clone where it was built. */
export function builtPluginSource(): PluginSource | undefined {
  const root = workspaceRoot();
  if (!root) return undefined;
  const folder = join(root, "apps", "plugin", "dist", "package");
  if (existsSync(join(folder, "openclaw.plugin.json"))) return sourceOf(folder);
  const packDir = join(root, "apps", "plugin", "dist", "pack");
  if (existsSync(packDir)) {
    const tarball = readdirSync(packDir).find((name) => name.endsWith(".tgz"));
    if (tarball) return sourceOf(join(packDir, tarball));
  }
  return undefined;
}

/** Resolves `--install-plugin [source]`: a registry spec, the given path (checked), else the built plugin. */
export function resolvePluginSource(given: string | true, cwd: string): PluginSource {
  if (
    given !== true &&
    (/^(npm|clawhub):/.test(given) || given === PLUGIN_PACKAGE || given.startsWith(`${PLUGIN_PACKAGE}@`))
  ) {
    // Left to OpenClaw: `npm:openclaw-anthropic-max-proxy`, `openclaw-anthropic-max-proxy@0.1.0`, …
    return { path: given, kind: "registry", locator: given };
  }
  if (given !== true) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) {
      throw new CliError("PLUGIN_SOURCE_NOT_FOUND", `no plugin at ${path}`, {
        fix: `give the plugin's folder (with openclaw.plugin.json), its npm-pack .tgz, or npm:${PLUGIN_PACKAGE}`,
      });
    }
    if (statSync(path).isDirectory() && !existsSync(join(path, "openclaw.plugin.json"))) {
      throw new CliError("PLUGIN_SOURCE_INVALID", `${path} has no openclaw.plugin.json`, {
        fix: "give the built plugin folder (apps/plugin/dist/package) or its npm-pack .tgz",
      });
    }
    return sourceOf(path);
  }
  const built = builtPluginSource();
  if (!built) {
    throw new CliError("PLUGIN_SOURCE_NOT_FOUND", "no built plugin to install", {
      fix: "pass --install-plugin <folder|file.tgz>, or build it in the repository: `npx nx build plugin`",
    });
  }
  return built;
}
