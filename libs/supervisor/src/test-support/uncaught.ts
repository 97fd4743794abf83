/**
 * Traps what would otherwise kill the host process (an uncaught exception, an unhandled rejection), so a
 * test can assert that there was none — or that a caller's bug was surfaced there on purpose. The test
 * runner's own handlers are set aside meanwhile and put back by `restore()`.
 */
export interface UncaughtTrap {
  /** Errors thrown asynchronously (e.g. re-thrown from a microtask). */
  exceptions: unknown[];
  /** Rejections nobody handled. */
  rejections: unknown[];
  restore(): void;
}

export function trapUncaught(): UncaughtTrap {
  const exceptions: unknown[] = [];
  const rejections: unknown[] = [];
  const onException = (e: unknown) => exceptions.push(e);
  const onRejection = (e: unknown) => rejections.push(e);
  const originalExceptions = process.listeners("uncaughtException");
  const originalRejections = process.listeners("unhandledRejection");
  process.removeAllListeners("uncaughtException");
  process.removeAllListeners("unhandledRejection");
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  return {
    exceptions,
    rejections,
    restore() {
      process.off("uncaughtException", onException);
      process.off("unhandledRejection", onRejection);
      for (const l of originalExceptions) process.on("uncaughtException", l);
      for (const l of originalRejections) process.on("unhandledRejection", l);
    },
  };
}
