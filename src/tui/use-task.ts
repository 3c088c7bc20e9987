/**
 * Background tasks for the dashboard: every database operation runs as a named task while the
 * interface keeps taking keys; the status bar shows a spinner with the running tasks' names.
 */
import { useCallback, useEffect, useRef, useState } from "react";

/** A TaskOutcome is how a task ended: its value, or the error it threw (never rethrown). */
export type TaskOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Tasks is what {@link useTasks} hands out. */
export interface Tasks {
  /** The names of the tasks running now, in start order. */
  readonly running: readonly string[];
  /**
   * Runs `work` as task `name`. Returns `undefined` without running it when a task of that name is
   * already running (a second keypress never starts a second migrate); otherwise its outcome.
   */
  run<T>(name: string, work: () => Promise<T>): Promise<TaskOutcome<T> | undefined>;
  /** Whether a task of this name is running. */
  isRunning(name: string): boolean;
}

/**
 * Time given to the renderer before a task starts: SQLite calls are synchronous, so without it the
 * spinner would only appear after the work is done. Ink renders at most 30 times a second.
 */
const PAINT_MS = 40;

/** Runs named background tasks and tracks which are running (see {@link Tasks}). */
export function useTasks(): Tasks {
  const [running, setRunning] = useState<readonly string[]>([]);
  const names = useRef(new Set<string>());
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const publish = useCallback(() => {
    if (mounted.current) setRunning([...names.current]);
  }, []);
  const run = useCallback(
    async <T>(name: string, work: () => Promise<T>): Promise<TaskOutcome<T> | undefined> => {
      if (names.current.has(name)) return undefined;
      names.current.add(name);
      publish();
      try {
        await new Promise((resolve) => setTimeout(resolve, PAINT_MS));
        return { ok: true, value: await work() };
      } catch (error) {
        return { ok: false, error };
      } finally {
        names.current.delete(name);
        publish();
      }
    },
    [publish],
  );
  const isRunning = useCallback((name: string) => names.current.has(name), []);
  return { running, run, isRunning };
}
