/**
 * The CLI's exit codes, the same for every command (documented in the README and in `--help`).
 * - 0: everything is fine / the command did what was asked.
 * - 1: something needs attention or the command failed (a check failed, the proxy is down, a write was refused).
 * - 2: the command line was wrong (unknown command or option, bad flag value, missing answer without a TTY).
 */
export const EXIT_OK = 0;
export const EXIT_ATTENTION = 1;
export const EXIT_USAGE = 2;

/** One of the three exit codes. */
export type ExitCode = typeof EXIT_OK | typeof EXIT_ATTENTION | typeof EXIT_USAGE;

/** The help text's "Exit codes" section. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  all is well / done
  1  something needs attention, or the command failed
  2  usage error (unknown command or option, invalid value)`;
