import type { OpenClawPluginApi } from "openclaw/plugin-sdk/plugin-entry";
import { CLI_DESCRIPTOR, CLI_ROOT } from "./constants.ts";
import type { ProxyStateSource } from "./proxy-state.ts";

type CliRegistrar = Parameters<OpenClawPluginApi["registerCli"]>[0];
type CliOptions = NonNullable<Parameters<OpenClawPluginApi["registerCli"]>[1]>;

/** `openclaw anthropic-max-proxy status [--json] [--check]`. */
export function createStatusCli(stateSource: () => ProxyStateSource): {
  registrar: CliRegistrar;
  options: CliOptions;
} {
  const registrar: CliRegistrar = ({ program, config }) => {
    const root = program.command(CLI_ROOT).description(CLI_DESCRIPTOR.description);
    root
      .command("status")
      .description("Show the proxy address, whether the proxy answers, and whether the config is fail-closed")
      .option("--json", "print the report as JSON")
      .option("--check", "exit 1 unless everything is OK")
      .action(async (opts: { json?: boolean; check?: boolean }) => {
        const { collectStatus, formatStatus } = await import("./status.ts");
        const report = await collectStatus({ config, stateSource: stateSource() });
        process.stdout.write(
          opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatus(report)}\n`,
        );
        if (opts.check && !report.ok) process.exitCode = 1;
      });
  };
  return { registrar, options: { descriptors: [CLI_DESCRIPTOR] } };
}
