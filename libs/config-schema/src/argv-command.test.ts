import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { argvCommand, argvItemPattern, expandArgv, PROGRAM_PATTERN, placeholdersIn } from "./argv-command.ts";
import { toStrictJsonSchema } from "./json-schema.ts";
import { ajvValidator } from "./test-support/validators.ts";

describe("argvCommand", () => {
  const schema = argvCommand();
  const ajv = ajvValidator(toStrictJsonSchema(schema));
  const both = (input: unknown) => {
    const zod = z.safeParse(schema, input).success;
    expect(ajv(input)).toBe(zod);
    return zod;
  };

  it.each([
    [["bunx", "opencode-claude-max-proxy"]],
    [["meridian"]],
    [["proxy", "--listen={host}:{port}"]],
    [["/opt/My Tools/proxy"]],
    [["/Users/John Smith/bin/proxy", "--port", "{port}"]],
    [["C:\\Program Files\\x\\proxy.exe"]],
    [["./my proxy"]],
    [["C:\\Tools\\proxy.exe"]],
    [["node", "-e", "x={a:1}"]],
    [["x", "{", "}", "{}", "{1}", "{{host}}"]],
  ])("accepts %j", (argv) => expect(both(argv)).toBe(true));

  it.each([
    [[]],
    ["bunx opencode-claude-max-proxy"],
    [["bunx opencode-claude-max-proxy"]],
    // A shell line whose arguments hold a path is still a shell line.
    [["npx -y @rynfar/meridian"]],
    [["node /opt/proxy.js"]],
    [["bunx opencode-claude-max-proxy --config C:\\x"]],
    [[" bunx"]],
    [["bunx\t"]],
    [[""]],
    [["x", ""]],
    [["x", "{prot}"]],
    [["x", "{Host}"]],
    [["x", "{host_name}"]],
    [["x", "a\u0000"]],
    [["x", 1]],
    [null],
  ])("refuses %j", (argv) => expect(both(argv)).toBe(false));

  it("reports argv[0] at index 0 with configCode shell_string", () => {
    const result = z.safeParse(schema, ["bunx opencode-claude-max-proxy", "--x"]);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: "custom", path: [0], params: { configCode: "shell_string" } }),
    ]);
  });

  it("takes its own placeholder set", () => {
    const custom = argvCommand({ placeholders: ["port", "dataDir"] });
    expect(z.safeParse(custom, ["srv", "--data={dataDir}", "--port={port}"]).success).toBe(true);
    expect(z.safeParse(custom, ["srv", "--host={host}"]).success).toBe(false);
    expect(argvItemPattern([]).test("{host}")).toBe(false);
    expect(argvItemPattern(["a.b"]).test("{a.b}")).toBe(true);
  });

  it("PROGRAM_PATTERN: no whitespace in a bare program name, anything in a path", () => {
    expect(PROGRAM_PATTERN.test("bunx")).toBe(true);
    expect(PROGRAM_PATTERN.test("my proxy")).toBe(false);
    expect(PROGRAM_PATTERN.test("./my proxy")).toBe(true);
    expect(PROGRAM_PATTERN.test("C:\\My Tools\\p.exe")).toBe(true);
    expect(PROGRAM_PATTERN.test("node /opt/proxy.js")).toBe(false);
    expect(PROGRAM_PATTERN.test("npx -y @rynfar/meridian")).toBe(false);
  });
});

describe("expandArgv", () => {
  it("fills {host} and {port} everywhere they appear", () => {
    expect(
      expandArgv(["p", "--host", "{host}", "--url=http://{host}:{port}", "{port}{port}"], {
        host: "127.0.0.1",
        port: 3456,
      }),
    ).toEqual(["p", "--host", "127.0.0.1", "--url=http://127.0.0.1:3456", "34563456"]);
  });

  it("inserts an IPv6 host as written (a host, not a URL)", () => {
    expect(expandArgv(["--host={host}"], { host: "::1", port: 1 })).toEqual(["--host=::1"]);
  });

  it("leaves unknown placeholders and lone braces alone, and does not re-expand values", () => {
    expect(expandArgv(["{x}", "{", "{{port}}", "{host}"], { host: "{port}", port: 9 })).toEqual([
      "{x}",
      "{",
      "{9}",
      "{port}",
    ]);
  });

  it("accepts extra values", () => {
    expect(expandArgv(["{dataDir}"], { host: "h", port: 1, dataDir: "/tmp/x" })).toEqual(["/tmp/x"]);
  });

  it("does not touch the input array", () => {
    const argv = ["{port}"];
    expandArgv(argv, { host: "h", port: 1 });
    expect(argv).toEqual(["{port}"]);
  });

  it("placeholdersIn lists every {name}", () => {
    expect(placeholdersIn("--a={host}:{port}/{prot}{")).toEqual(["host", "port", "prot"]);
  });
});
