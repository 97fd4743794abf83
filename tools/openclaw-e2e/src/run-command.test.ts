import { describe, expect, it } from "vitest";
import { E2EError } from "./errors.ts";
import { isAlive } from "./process-tree.ts";
import { runCommand } from "./run-command.ts";

describe("runCommand", () => {
  it("runs argv to completion: stdin in, stdout and stderr out, a non-zero exit returned", async () => {
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.log('got '+s+' '+process.env.X);console.error('warn');process.exit(3)})";
    const result = await runCommand([process.execPath, "-e", script], {
      env: { PATH: process.env.PATH, X: "x", GONE: undefined },
      input: "hello",
    });
    expect(result).toMatchObject({ exitCode: 3, signal: null, stdout: "got hello x\n", stderr: "warn\n" });
    expect(result.argv).toEqual([process.execPath, "-e", script]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("after timeoutMs: kills the command and what it started, and throws COMMAND_TIMEOUT with the output", async () => {
    const script =
      "const c=require('node:child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});console.log('child '+c.pid);setInterval(()=>{},1000)";
    const error = await runCommand([process.execPath, "-e", script], {
      env: process.env,
      timeoutMs: 1500,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(E2EError);
    expect((error as E2EError).code).toBe("COMMAND_TIMEOUT");
    const child = Number(/child (\d+)/.exec((error as Error).message)?.[1]);
    expect(child).toBeGreaterThan(0);
    expect(isAlive(child)).toBe(false);
  });
});
