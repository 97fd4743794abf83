/** Cleanup shared by the health tests: whatever a test starts is stopped after it, also when it failed. */
import { afterEach } from "vitest";
import { type LivenessWatcher, watchLiveness } from "../watch-liveness.ts";
import { type ListenerProcess, spawnListener } from "./listener-process.ts";
import type { TestServer } from "./servers.ts";

/**
 * Registers, in the calling test file, an `afterEach` that stops every item passed to the returned
 * function (all at once), then forgets them. Call it at the top level of the test file.
 */
export function stopAfterEach<T>(stop: (item: T) => unknown): (item: T) => T {
  let items: T[] = [];
  afterEach(async () => {
    const current = items;
    items = [];
    await Promise.all(current.map((item) => stop(item)));
  });
  return (item) => {
    items.push(item);
    return item;
  };
}

/** `serve(jsonServer(…))`: awaits a test server and closes it after the test. */
export function useServers(): (server: Promise<TestServer>) => Promise<TestServer> {
  const track = stopAfterEach<TestServer>((s) => s.close());
  return async (server) => track(await server);
}

/** `watch(url, options)`: `watchLiveness`, stopped after the test. */
export function useWatchers(): (...args: Parameters<typeof watchLiveness>) => LivenessWatcher {
  const track = stopAfterEach<LivenessWatcher>((w) => w.stop());
  return (...args) => track(watchLiveness(...args));
}

/** `listener(host, port, args)`: `spawnListener`, stopped after the test. */
export function useListeners(): (...args: Parameters<typeof spawnListener>) => Promise<ListenerProcess> {
  const track = stopAfterEach<ListenerProcess>((l) => l.stop());
  return async (...args) => track(await spawnListener(...args));
}
