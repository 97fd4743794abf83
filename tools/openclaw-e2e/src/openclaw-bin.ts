import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { E2EError } from "./errors.ts";

/** The OpenClaw version the harness is pinned to (`host/package.json`). */
export const PINNED_OPENCLAW_VERSION = "2026.9.6";

// src/ or dist/ → the project folder: both sit one level below it.
const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Folder of the installed `openclaw` package (`tools/openclaw-e2e/host/node_modules/openclaw`). */
export function openclawPackageDir(): string {
  return process.env.OPENCLAW_E2E_PACKAGE_DIR ?? join(projectDir, "host", "node_modules", "openclaw");
}

/**
 * Absolute path of OpenClaw's launcher (`openclaw.mjs`). Throws `OPENCLAW_NOT_INSTALLED` with the fix
 * (`npm ci` at the repository root) when the pinned OpenClaw is missing or has another version.
 */
export function openclawBin(packageDir = openclawPackageDir()): string {
  const bin = join(packageDir, "openclaw.mjs");
  const manifest = join(packageDir, "package.json");
  if (!existsSync(bin) || !existsSync(manifest)) {
    throw new E2EError(
      "OPENCLAW_NOT_INSTALLED",
      `OpenClaw is not installed at ${packageDir}.\n` +
        "Fix: run `npm ci` at the repository root (its postinstall installs the pinned OpenClaw " +
        "into tools/openclaw-e2e/host).",
    );
  }
  const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version;
  if (version !== PINNED_OPENCLAW_VERSION) {
    throw new E2EError(
      "OPENCLAW_NOT_INSTALLED",
      `OpenClaw ${version} is installed at ${packageDir}, but the harness is pinned to ${PINNED_OPENCLAW_VERSION}.\n` +
        "Fix: run `npm ci` at the repository root (OPENCLAW_E2E_FORCE_INSTALL=1 forces a reinstall).",
    );
  }
  return bin;
}

/**
 * The argv that runs OpenClaw: `[process.execPath, "--disable-warning=ExperimentalWarning", openclawBin()]`.
 * Append OpenClaw's own arguments. The Node flag matters: without it every CLI command except
 * `gateway run` re-spawns itself once just to add that flag, as a detached child in its own process group.
 */
export function openclawCommand(): string[] {
  return [process.execPath, "--disable-warning=ExperimentalWarning", openclawBin()];
}
