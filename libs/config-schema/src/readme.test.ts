import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIELD_DOCS, PLUGIN_CONFIG_KEYS } from "./field-docs.ts";
import { DEFAULT_PLUGIN_CONFIG } from "./plugin-config.ts";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The README's key table: `| \`key\` | \`default\` | description |` rows. */
function tableRows(): Map<string, { defaultCell: string; rest: string }> {
  const rows = new Map<string, { defaultCell: string; rest: string }>();
  for (const line of readme.split("\n")) {
    const match = /^\|\s*`([A-Za-z]+)`\s*\|\s*(.+?)\s*\|(.*)\|\s*$/.exec(line);
    if (match) rows.set(match[1] as string, { defaultCell: match[2] as string, rest: match[3] as string });
  }
  return rows;
}

describe("README", () => {
  const rows = tableRows();

  it("documents every key, and no key that does not exist", () => {
    expect([...rows.keys()].filter((key) => key in FIELD_DOCS).sort()).toEqual(
      [...PLUGIN_CONFIG_KEYS].sort(),
    );
  });

  it.each(PLUGIN_CONFIG_KEYS)("gives the real default of %s", (key) => {
    const cell = rows.get(key)?.defaultCell ?? "";
    const documented = JSON.parse(cell.replace(/^`|`$/g, ""));
    expect(documented).toEqual(DEFAULT_PLUGIN_CONFIG[key]);
  });

  it.each(PLUGIN_CONFIG_KEYS)("states the rule of %s", (key) => {
    const rule = FIELD_DOCS[key].rule;
    expect(rows.get(key)?.rest).toContain(rule);
  });
});
