/**
 * Another process's command line may carry secrets (`--api-key sk-ant-…`). Before one is returned or
 * printed, values that look secret are replaced by `<redacted>`.
 */

const SECRET_FLAG = /(key|token|secret|passw(or)?d|credential|auth)/i;
const ANTHROPIC_KEY = /sk-ant-[A-Za-z0-9_-]+/g;
const URL_PASSWORD = /(\w+:\/\/[^\s:/@]+:)[^\s@/]+@/g;
const REDACTED = "<redacted>";

function redactInline(arg: string): string {
  return arg.replace(ANTHROPIC_KEY, `sk-ant-${REDACTED}`).replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** A copy of `argv` with secret-looking values replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    if (arg.startsWith("-") && eq > 0 && SECRET_FLAG.test(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq)}=${REDACTED}`);
      continue;
    }
    out.push(redactInline(arg));
    const next = argv[i + 1];
    if (
      arg.startsWith("-") &&
      eq < 0 &&
      SECRET_FLAG.test(arg) &&
      next !== undefined &&
      !next.startsWith("-")
    ) {
      out.push(REDACTED);
      i++;
    }
  }
  return out;
}
