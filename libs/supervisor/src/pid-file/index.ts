/**
 * `@proxykit/supervisor/pid-file`: read and inspect a supervisor's pid file without loading the
 * supervisor itself — no execa, nothing spawned, nothing signalled. For tools that only look, such as a
 * CLI's `status` (the main entry imports execa, ~20 ms, and execa 10 fails at import on Node 20).
 *
 * @packageDocumentation
 */

/** The pid file's content (JSON) and what {@link inspectPidFile} makes of it. */
export type { PidFileInspection, PidFileRecord } from "../pid-file.ts";
/**
 * `readPidFile(path)`: the record, or undefined when absent or not a supervisor's pid file (throws only
 * when the file exists but cannot be read). `inspectPidFile(path)`: the record checked against the running
 * processes — `none`, `invalid`, `stale`, `supervised` (its supervisor still runs), `orphaned` (the child
 * runs, its supervisor is gone), `recycled`, `exited` — with the child's and the supervisor's pid,
 * liveness and command, and a sentence. Never throws.
 */
export { inspectPidFile, readPidFile } from "../pid-file.ts";
