/**
 * `setup`: write the proxy provider into openclaw.json — the same prompts, defaults, validation and patch
 * builder as the plugin's auth flow (`openclaw models auth login --provider anthropic-max-proxy`).
 * Interactive on a TTY; fully non-interactive with flags and `--yes`. Shows the change before writing;
 * writes atomically under OpenClaw's lock with a backup, comments kept. Can install and enable the plugin.
 */
import {
  DEFAULT_PLUGIN_CONFIG,
  proxyBaseUrl,
  runSetupPrompts,
  type SetupPrompter,
  type SetupSelectPrompt,
  type SetupStart,
  setupStart,
} from "@proxykit/config-schema";
import { listServerModels } from "@proxykit/health";
import type { UpdateResult } from "@proxykit/openclaw-config";
import { type Command, Option } from "commander";
import { readOpenClawConfig } from "../config-read.ts";
import { action, type Io, type RunState } from "../context.ts";
import { formatChange } from "../diff.ts";
import { CliError, UsageError } from "../errors.ts";
import { EXIT_ATTENTION, EXIT_OK } from "../exit-codes.ts";
import { MODEL_ALIAS, PLUGIN_PACKAGE, PROVIDER_ID } from "../ids.ts";
import { findOpenClaw } from "../openclaw.ts";
import { checkHost, parseCommandJson, parseHost, parseModels, parsePortOption } from "../option-parsers.ts";
import type { Output } from "../output.ts";
import { installAndEnablePlugin, type PluginInstallResult } from "../plugin-install.ts";
import { builtPluginSource, type PluginSource, resolvePluginSource } from "../plugin-source.ts";
import { BIN } from "../program.ts";
import { previewSetup, type SetupValues, writeSetup } from "../setup-plan.ts";
import { resolveTarget } from "../target.ts";

interface SetupOptions {
  host?: string;
  port?: number;
  models?: string[];
  proxyCommand?: string[];
  yes?: boolean;
  dryRun?: boolean;
  installPlugin?: string | boolean;
  openclaw?: string;
  allowFormattingLoss?: boolean;
}

const EXAMPLES = `
Examples:
  $ ${BIN} setup                                        # asks host, port and model ids (on a terminal)
  $ ${BIN} setup --yes                                  # defaults (or the current values), no questions
  $ ${BIN} setup --port 4000 --models claude-opus-4.6,claude-sonnet-4.5 --yes
  $ ${BIN} setup --profile work --dry-run               # show the change, write nothing
  $ ${BIN} setup --yes --install-plugin ./openclaw-anthropic-max-proxy-0.1.0.tgz

Writes models.providers.${PROVIDER_ID}, the default model ${PROVIDER_ID}/<first model>, the alias
${MODEL_ALIAS}, fallbacks: [] (fail-closed) and the plugin's host/port — the same patch as
\`openclaw models auth login --provider ${PROVIDER_ID} --set-default\`.`;

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("setup")
    .description(
      "route OpenClaw's Claude models through the local proxy: write the provider, default model, alias and fail-closed settings into openclaw.json (and optionally install the plugin)",
    )
    .addOption(
      new Option("--host <host>", `proxy host (default ${PROMPT_DEFAULTS.host}; loopback only)`).argParser(
        parseHost,
      ),
    )
    .addOption(
      new Option("--port <port>", `proxy port (default ${PROMPT_DEFAULTS.port})`).argParser(parsePortOption),
    )
    .addOption(
      new Option(
        "--models <ids>",
        `comma-separated model ids, the first is the default (default ${PROMPT_DEFAULTS.models})`,
      ).argParser(parseModels),
    )
    .addOption(
      new Option(
        "--proxy-command <json>",
        'the command that starts the proxy, as a JSON argv array, e.g. \'["npx","-y","@rynfar/meridian"]\'',
      ).argParser(parseCommandJson),
    )
    .option("-y, --yes", "no questions: take flags, else current values, else defaults, and write")
    .option("--dry-run", "show what would change and write nothing")
    .option(
      "--install-plugin [source]",
      "then install and enable the plugin with openclaw (source: built folder, .tgz, or npm:openclaw-anthropic-max-proxy; default: this repository's build)",
    )
    .option("--no-install-plugin", "do not offer to install the plugin")
    .option(
      "--openclaw <path>",
      "the openclaw executable (default: OPENCLAW_BIN, then PATH, then this repository's)",
    )
    .option(
      "--allow-formatting-loss",
      "rewrite the file as plain JSON when its comments/formatting cannot be kept",
    )
    .addHelpText("after", EXAMPLES)
    .action(
      action<SetupOptions>(io, state, (options, ctx) =>
        setup(options, ctx.out, resolveTarget(ctx.global, ctx.env, ctx.cwd), ctx.env, ctx.cwd),
      ),
    );
}

const PROMPT_DEFAULTS = {
  host: DEFAULT_PLUGIN_CONFIG.host,
  port: DEFAULT_PLUGIN_CONFIG.port,
  models: DEFAULT_PLUGIN_CONFIG.models.join(","),
};

async function setup(
  options: SetupOptions,
  out: Output,
  target: ReturnType<typeof resolveTarget>,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<number> {
  const file = await readOpenClawConfig(target.configPath);
  const start = setupStart(file.config);
  const interactive = out.interactive && options.yes !== true;
  if (!interactive && options.yes !== true && options.dryRun !== true) {
    throw new UsageError(
      "setup needs answers and this is not an interactive terminal",
      "pass --yes (with --host/--port/--models as needed), or --dry-run to only show the change",
    );
  }

  // A refused --host is a usage error (exit 2) on both paths, before any prompt or probe.
  if (options.host !== undefined) {
    const hostProblem = checkHost(options.host, start.allowNonLoopback === true);
    if (hostProblem) throw new UsageError(`--host: ${hostProblem}`, "use 127.0.0.1, ::1 or localhost");
  }

  const clack = interactive ? await import("@clack/prompts") : undefined;
  let values: SetupValues;
  if (clack) {
    clack.intro(`${BIN} setup — ${target.configPath}`);
    values = await ask(clack, options, start);
  } else {
    values = {
      host: options.host ?? start.host,
      port: options.port ?? start.port,
      models: options.models ?? start.models,
      ...(options.proxyCommand ? { command: options.proxyCommand } : {}),
      ...(start.allowNonLoopback ? { allowNonLoopback: true } : {}),
    };
  }
  const hostProblem = checkHost(values.host, values.allowNonLoopback === true);
  if (hostProblem) throw new UsageError(`--host: ${hostProblem}`, "use 127.0.0.1, ::1 or localhost");
  if (options.proxyCommand) values.command = options.proxyCommand;

  const preview = await previewSetup(target.configPath, values);
  const { changes } = preview;
  if (!out.json) {
    out.line(
      changes.length === 0
        ? `${target.configPath} already has this setup: nothing to change.`
        : `Changes to ${target.configPath}${file.exists ? "" : " (new file)"}:`,
    );
    for (const change of changes) {
      const line = formatChange(change);
      out.line(
        `  ${change.kind === "add" ? out.c.green(line) : change.kind === "remove" ? out.c.red(line) : out.c.yellow(line)}`,
      );
    }
  }

  let written: UpdateResult | undefined;
  if (changes.length > 0 && options.dryRun !== true) {
    if (clack) {
      const go = await clack.confirm({
        message: `Write these changes to ${target.configPath}?`,
        initialValue: true,
      });
      if (clack.isCancel(go) || go !== true) {
        clack.cancel("Nothing was written.");
        out.emit({ ok: false, cancelled: true, configPath: target.configPath, changes });
        return EXIT_ATTENTION;
      }
    }
    let allowFormattingLoss = options.allowFormattingLoss === true;
    if (!allowFormattingLoss && preview.result.formatting === "rewritten" && clack) {
      const rewrite = await clack.confirm({
        message: `${preview.result.formattingNote ?? "The file's comments/formatting cannot be kept"}. Rewrite it as plain JSON (a backup is kept)?`,
        initialValue: false,
      });
      if (clack.isCancel(rewrite) || rewrite !== true) {
        clack.cancel("Nothing was written.");
        return EXIT_ATTENTION;
      }
      allowFormattingLoss = true;
    }
    written = await writeSetup(target.configPath, values, { allowFormattingLoss });
  }

  // The plugin: install and enable it when asked (or offered and accepted on a terminal).
  let plugin: (PluginInstallResult & { ok: true }) | { ok: false; skipped: string } = {
    ok: false,
    skipped: "not asked",
  };
  const bin = findOpenClaw(env, options.openclaw, cwd);
  if (options.dryRun !== true && options.installPlugin !== false) {
    let source: PluginSource | undefined;
    if (options.installPlugin !== undefined) {
      if (!bin) {
        throw new CliError(
          "OPENCLAW_NOT_FOUND",
          "--install-plugin needs the openclaw CLI, and none was found",
          {
            fix: "install OpenClaw (npm install -g openclaw), or pass --openclaw <path>",
          },
        );
      }
      source = resolvePluginSource(options.installPlugin as string | true, cwd);
    } else if (clack && bin) {
      const built = builtPluginSource();
      if (built) {
        const go = await clack.confirm({
          message: `Install and enable the plugin from ${built.path} with openclaw?`,
          initialValue: true,
        });
        if (!clack.isCancel(go) && go === true) source = built;
      }
    }
    if (source && bin) {
      const installed = await out.wait(
        `installing the plugin from ${source.path}`,
        installAndEnablePlugin(bin, source, target.openclawEnv),
      );
      plugin = { ok: true, ...installed };
    } else if (!bin) plugin = { ok: false, skipped: "openclaw not found" };
  }

  const defaultModel = `${PROVIDER_ID}/${values.models[0]}`;
  out.emit({
    ok: true,
    configPath: target.configPath,
    dryRun: options.dryRun === true,
    changed: written?.changed ?? false,
    created: written?.created ?? false,
    backupPath: written?.backupPath,
    formatting: written?.formatting,
    values: { ...values, baseUrl: proxyBaseUrl(values.host, values.port) },
    defaultModel,
    changes,
    plugin,
  });
  if (written?.changed) {
    out.line(
      `${out.mark("ok")} wrote ${target.configPath}${written.backupPath ? ` (previous version: ${written.backupPath})` : ""}`,
    );
  } else if (options.dryRun) out.line(`${out.mark("info")} dry run: nothing written`);
  if (plugin.ok) out.line(`${out.mark("ok")} plugin installed and enabled from ${plugin.source}`);
  if (!options.dryRun) {
    out.line();
    out.line(
      `Default model ${defaultModel} (alias ${MODEL_ALIAS}), no fallbacks: if the proxy is down, requests fail instead of reaching another provider.`,
    );
    out.line("Next:");
    const next: Array<[string, string]> = [];
    if (!plugin.ok)
      next.push([
        `openclaw plugins install ${PLUGIN_PACKAGE}`,
        `the plugin (or: ${BIN} setup --install-plugin <folder|.tgz>)`,
      ]);
    next.push(
      ["openclaw models status", "what OpenClaw sees"],
      [`${BIN} status`, "the proxy, its login, fail-closed"],
      [`${BIN} verify`, "one request through the proxy"],
    );
    const width = Math.max(...next.map(([command]) => command.length));
    for (const [command, what] of next) out.line(`  ${command.padEnd(width)}  ${out.c.dim(`# ${what}`)}`);
  }
  if (clack) clack.outro("Done.");
  return EXIT_OK;
}

type Clack = typeof import("@clack/prompts");

/**
 * config-schema's set-up questions (the plugin's auth flow asks the same), rendered with clack; a flag
 * answers its question up front. Ctrl-C at a prompt cancels: nothing is written.
 */
async function ask(clack: Clack, options: SetupOptions, start: SetupStart): Promise<SetupValues> {
  const cancelled = (): never => {
    clack.cancel("Setup cancelled: nothing was written.");
    throw new CliError("CANCELLED", "setup cancelled", {
      fix: `run \`${BIN} setup\` again, or pass --yes with flags`,
    });
  };
  const answered = <T>(value: T | symbol): T => (clack.isCancel(value) ? cancelled() : (value as T));
  const prompter: SetupPrompter = {
    text: async ({ message, initialValue, placeholder, validate }) =>
      answered<string>(
        await clack.text({ message, initialValue, placeholder, validate: (v) => validate(v ?? "") }),
      ),
    select: async <T extends string>(prompt: SetupSelectPrompt<T>) => {
      type Choices = Parameters<typeof clack.select<T>>[0]["options"];
      const { message, options: choices, initialValue } = prompt;
      return answered<T>(await clack.select<T>({ message, options: choices as Choices, initialValue }));
    },
    progress: (message) => {
      const spinner = clack.spinner();
      spinner.start(message);
      return { stop: (done) => spinner.stop(done) };
    },
  };
  const answers = await runSetupPrompts(prompter, {
    start,
    given: {
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.models !== undefined ? { models: options.models } : {}),
    },
    listModels: (baseUrl) => listServerModels(baseUrl),
  });
  return {
    host: answers.host,
    port: answers.port,
    models: answers.models,
    ...(start.allowNonLoopback ? { allowNonLoopback: true } : {}),
  };
}
