/**
 * `doctor`: every check a user needs, each with a verdict and a fix. `--fix` applies the safe fixes only
 * (config changes that restore fail-closed and one address, a stale pid file), with a backup of
 * openclaw.json, then checks again.
 */
import { type ConfigPatch, updateConfigFile } from "@proxykit/openclaw-config";
import { type Command, Option } from "commander";
import { readOpenClawConfig } from "../config-read.ts";
import { action, type Io, type RunState } from "../context.ts";
import { type CheckResult, type DoctorInput, removeFile, runChecks } from "../doctor/checks.ts";
import { CliError } from "../errors.ts";
import { EXIT_ATTENTION, EXIT_OK } from "../exit-codes.ts";
import { parseMs } from "../option-parsers.ts";
import type { Output } from "../output.ts";
import { BIN } from "../program.ts";
import { resolveTarget } from "../target.ts";

interface DoctorOptions {
  fix?: boolean;
  openclaw: boolean | string;
  timeout: number;
}

const EXAMPLES = `
Examples:
  $ ${BIN} doctor
  $ ${BIN} doctor --fix            # apply the safe fixes (backup of openclaw.json kept)
  $ ${BIN} doctor --json --no-openclaw

Safe fixes (--fix): remove fallbacks, enable the plugin in the config, make the plugin's host/port match
the provider's baseUrl, remove a stale pid file. Everything else is reported with the command to run.`;

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("doctor")
    .description(
      "check everything the proxy path needs (Node, Claude Code and its login, the proxy command, the port, /health, fail-closed, the plugin) and print the fix for each problem",
    )
    .option("--fix", "apply the safe fixes (with a backup), then check again")
    .addOption(new Option("--openclaw <path>", "the openclaw executable used to check the plugin install"))
    .addOption(new Option("--no-openclaw", "do not run openclaw (skips the plugin-installed check; faster)"))
    .addOption(new Option("--timeout <ms>", "health probe deadline").argParser(parseMs).default(2000))
    .addHelpText("after", EXAMPLES)
    .action(
      action<DoctorOptions>(io, state, async (options, ctx) => {
        const target = resolveTarget(ctx.global, ctx.env, ctx.cwd);
        const input = async (): Promise<DoctorInput> => ({
          target,
          env: ctx.env,
          cwd: ctx.cwd,
          file: await readOpenClawConfig(target.configPath).catch((error: unknown) => ({
            error: error as Error & { code?: string },
          })),
          openclaw: {
            check: options.openclaw !== false,
            ...(typeof options.openclaw === "string" ? { flag: options.openclaw } : {}),
          },
          timeoutMs: options.timeout,
        });
        let checks = await ctx.out.wait("checking", runChecks(await input()));
        let fixes: Fixes | undefined;
        if (options.fix) {
          fixes = await applyRepairs(target.configPath, checks);
          if (fixes.applied.length > 0)
            checks = await ctx.out.wait("checking again", runChecks(await input()));
        }
        const failed = checks.filter((c) => c.status === "fail");
        ctx.out.emit({
          ok: failed.length === 0,
          configPath: target.configPath,
          checks: checks.map(({ repair, ...check }) => ({
            ...check,
            fixable: repair !== undefined && check.status !== "ok",
          })),
          ...(fixes ? { fixes } : {}),
        });
        render(ctx.out, checks, fixes);
        return failed.length === 0 ? EXIT_OK : EXIT_ATTENTION;
      }),
    );
}

/** What `--fix` did: each applied repair with the check it fixed, and the backup of openclaw.json. */
interface Fixes {
  applied: Array<{ id: string; summary: string }>;
  backupPath?: string;
}

async function applyRepairs(configPath: string, checks: CheckResult[]): Promise<Fixes> {
  const applied: Fixes["applied"] = [];
  const fixable = checks.filter((c) => c.status !== "ok" && c.repair?.kind === "patch");
  const patches = fixable.map(
    (c) => c.repair as { kind: "patch"; patch: Record<string, unknown>; summary: string },
  );
  let backupPath: string | undefined;
  if (patches.length > 0) {
    const merged = patches.reduce<Record<string, unknown>>((acc, repair) => deepMerge(acc, repair.patch), {});
    try {
      const result = await updateConfigFile(configPath, merged as ConfigPatch);
      backupPath = result.backupPath;
    } catch (error) {
      throw new CliError(
        (error as { code?: string }).code ?? "WRITE_FAILED",
        `could not apply the fixes: ${(error as Error).message}`,
        {
          fix: "apply them by hand (see each check's fix); nothing was written",
          cause: error,
        },
      );
    }
    applied.push(...fixable.map((c) => ({ id: c.id, summary: (c.repair as { summary: string }).summary })));
  }
  for (const check of checks) {
    if (check.status !== "ok" && check.repair?.kind === "remove-file") {
      removeFile(check.repair.path);
      applied.push({ id: check.id, summary: check.repair.summary });
    }
  }
  return backupPath ? { applied, backupPath } : { applied };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] =
      existing &&
      typeof existing === "object" &&
      !Array.isArray(existing) &&
      value &&
      typeof value === "object" &&
      !Array.isArray(value)
        ? deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

function render(out: Output, checks: CheckResult[], fixes: Fixes | undefined): void {
  const width = Math.max(...checks.map((c) => c.title.length));
  for (const check of checks) {
    const mark = out.mark(
      check.status === "ok"
        ? "ok"
        : check.status === "warn"
          ? "warn"
          : check.status === "fail"
            ? "fail"
            : "skip",
    );
    out.line(`${mark} ${out.c.bold(check.title.padEnd(width))}  ${check.detail}`);
    if (check.fix && check.status !== "ok" && check.status !== "skip") {
      out.line(
        `  ${" ".repeat(width)}  ${out.c.dim("fix:")} ${check.fix}${check.repair ? out.c.dim(" [--fix can do this]") : ""}`,
      );
    }
  }
  if (fixes) {
    out.line();
    if (fixes.applied.length === 0) out.line(`${out.mark("info")} --fix: nothing safe to fix`);
    for (const applied of fixes.applied)
      out.line(`${out.mark("ok")} fixed ${applied.id}: ${applied.summary}`);
    if (fixes.backupPath) out.line(`  previous config kept in ${fixes.backupPath}`);
  }
  const failed = checks.filter((c) => c.status === "fail").length;
  const warned = checks.filter((c) => c.status === "warn").length;
  out.line();
  out.line(
    failed === 0
      ? `${out.mark("ok")} no problems${warned ? ` (${warned} warning${warned === 1 ? "" : "s"})` : ""}`
      : `${out.mark("fail")} ${failed} problem${failed === 1 ? "" : "s"}${warned ? `, ${warned} warning${warned === 1 ? "" : "s"}` : ""}${checks.some((c) => c.repair && c.status !== "ok") ? ` — \`${BIN} doctor --fix\` repairs the ones marked` : ""}`,
  );
}
