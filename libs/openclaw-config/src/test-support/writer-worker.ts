// A separate writer process for the concurrency and crash tests.
//   node writer-worker.ts count <file> <name> <n>  — n read-modify-write patches incrementing counters.<name>
//                                                    and counters.total; prints "done".
//   node writer-worker.ts churn <file>             — rewrites the file forever: version k → k+1, each version
//                                                    carrying a payload derived from k; prints "ready" once,
//                                                    then "committed <k>" after each write returns.
import { writeSync } from "node:fs";
import type { JsonObject } from "../json.ts";
import { updateConfigFile } from "../update.ts";
import { payloadFor } from "./churn.ts";

const [mode, file, ...rest] = process.argv.slice(2);
if (!file) throw new Error("usage: writer-worker.ts count|churn <file> …");

function counter(config: JsonObject, key: string): number {
  const counters = config.counters as JsonObject | undefined;
  return typeof counters?.[key] === "number" ? (counters[key] as number) : 0;
}

if (mode === "count") {
  const [name, n] = rest;
  if (!name) throw new Error("count needs a name");
  for (let i = 0; i < Number(n); i += 1) {
    await updateConfigFile(file, (current) => ({
      counters: { [name]: counter(current, name) + 1, total: counter(current, "total") + 1 },
    }));
  }
  writeSync(1, "done\n");
} else if (mode === "churn") {
  writeSync(1, "ready\n");
  for (;;) {
    const result = await updateConfigFile(file, (current) => {
      const k = typeof current.version === "number" ? current.version + 1 : 1;
      return { version: k, payload: payloadFor(k) };
    });
    writeSync(1, `committed ${String(result.after.version)}\n`);
  }
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
