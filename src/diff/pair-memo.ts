/**
 * A per-process memo of a pure function of two IR tables, by object identity. The IR is never
 * changed in place, so the same two objects always give the same answer: `check` describes the
 * planner's diff and then plans, and each table pair is diffed once. Entries go with their live
 * tables (a live table's entry keeps the target it was first diffed against).
 */
import type { Table } from "../schema/ir.ts";

/** The answers for one live table: the first target's, then any other target's in a WeakMap. */
interface Answers<T> {
  readonly target: Table;
  readonly result: readonly T[];
  others?: WeakMap<Table, readonly T[]>;
}

/** `compute`, answered from a cache for a pair of tables it has seen; each answer a fresh array. */
export function memoByTables<T>(
  compute: (live: Table, target: Table) => readonly T[],
): (live: Table, target: Table) => T[] {
  // One small record per live table, not a WeakMap each: a live table is nearly always diffed
  // against one target, and a WeakMap is the costlier thing to make (thousands of tables).
  const cache = new WeakMap<Table, Answers<T>>();
  return (live, target) => {
    const answers = cache.get(live);
    if (answers === undefined) {
      const result = compute(live, target);
      cache.set(live, { target, result });
      return [...result];
    }
    if (answers.target === target) return [...answers.result];
    answers.others ??= new WeakMap();
    let result = answers.others.get(target);
    if (result === undefined) {
      result = compute(live, target);
      answers.others.set(target, result);
    }
    return [...result];
  };
}
