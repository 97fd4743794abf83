/** Parses the JSON object an `openclaw … --json` command printed (skipping any banner before it). */
export function parseJsonOutput<T = Record<string, unknown>>(stdout: string): T {
  const start = stdout.indexOf("{");
  if (start < 0) throw new Error(`no JSON object in the output:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(stdout.slice(start)) as T;
}

/** One `Label : value` line of `openclaw models status`, e.g. `line(out, "Default")`. */
export function statusLine(stdout: string, label: string): string | undefined {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped}\\s*:\\s*(.*)$`, "m").exec(stdout)?.[1]?.trim();
}

type Json = unknown;

/** Dot paths of every leaf that differs between two JSON values (objects compared key by key). */
export function changedPaths(before: Json, after: Json, prefix = ""): string[] {
  const isObject = (value: Json): value is Record<string, Json> =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  // A missing object compares as an empty one, so an added subtree is reported leaf by leaf.
  const left = before === undefined && isObject(after) ? {} : before;
  const right = after === undefined && isObject(before) ? {} : after;
  if (isObject(left) && isObject(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].flatMap((key) => changedPaths(left[key], right[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}
