/**
 * Default masking of secrets in the child's output before it reaches a log line, the ring or an error
 * message: bearer tokens, `sk-…` keys, and values of `api_key=` / `token:` / `secret` / `password` pairs.
 */
const RULES: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1[redacted]"],
  [/\bsk-[A-Za-z0-9_-]{12,}/g, "sk-[redacted]"],
  [
    /\b((?:api[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|secret|password)["']?\s*[:=]\s*["']?)[^\s"',;}]{8,}/gi,
    "$1[redacted]",
  ],
];

/** Masks common secret shapes in one line of text. */
export function redactSecrets(line: string): string {
  let out = line;
  for (const [re, replacement] of RULES) out = out.replace(re, replacement);
  return out;
}
