/** PoolOptions tune {@link runPool}. */
export interface PoolOptions {
  /** At most this many tasks run at once (at least 1). */
  readonly limit: number;
  /**
   * While this says yes, tasks start one at a time: each waits for the one before it to finish.
   * `migrate --targets` uses it while a pending plan is not yet archived, so exactly one target
   * applies it from the plan file and the rest apply it from the archive.
   */
  readonly oneAtATime?: () => boolean;
  /** Called as each task finishes, in the order they finish. */
  readonly onDone?: (index: number, result: unknown) => void;
}

/**
 * Runs `tasks` with at most `limit` at once and returns their results in task order. A task that
 * throws does not stop the others: its error is its result (callers pass tasks that do not throw).
 */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], options: PoolOptions): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let serial: Promise<void> = Promise.resolve();
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      // While tasks must run one at a time, each waits for the previous one before it even looks.
      if (options.oneAtATime?.()) {
        let release = () => {};
        const previous = serial;
        serial = new Promise<void>((resolve) => {
          release = resolve;
        });
        await previous;
        if (!options.oneAtATime()) {
          release();
        } else {
          if (next >= tasks.length) {
            release();
            return;
          }
          const i = next++;
          try {
            results[i] = await (tasks[i] as () => Promise<T>)();
          } finally {
            release();
          }
          options.onDone?.(i, results[i]);
          continue;
        }
      }
      if (next >= tasks.length) return;
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
      options.onDone?.(i, results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.limit, tasks.length)) }, worker));
  return results;
}
