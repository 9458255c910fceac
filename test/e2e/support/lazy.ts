/**
 * A shared, lazily started resource (a launched browser and its servers) for one test file.
 *
 * Why not beforeAll: when a beforeAll hook throws, vitest reports every test of the suite as
 * *skipped*. A missing browser must show up as failed tests, so each test awaits `get()` and a
 * launch error fails every one of them with its clear message.
 */
export interface Lazy<T> {
  /** Starts the resource on first call; later calls share the same result or the same error. */
  get(): Promise<T>;
  /** Disposes of the resource if it was started successfully (for afterAll). */
  dispose(close: (value: T) => Promise<void>): Promise<void>;
}

export function lazy<T>(create: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | undefined;
  return {
    get() {
      pending ??= create();
      return pending;
    },
    async dispose(close) {
      if (!pending) return;
      const value = await pending.catch(() => undefined);
      pending = undefined;
      if (value !== undefined) await close(value);
    },
  };
}
