/**
 * A per-process memo of a pure function of two IR tables, by object identity. The IR is never
 * changed in place, so the same two objects always give the same answer: `check` describes the
 * planner's diff and then plans, and each table pair is diffed once. Entries go with their tables.
 */
import type { Table } from "../schema/ir.ts";

/** `compute`, answered from a cache for a pair of tables it has seen; each answer a fresh array. */
export function memoByTables<T>(
  compute: (live: Table, target: Table) => readonly T[],
): (live: Table, target: Table) => T[] {
  const cache = new WeakMap<Table, WeakMap<Table, readonly T[]>>();
  return (live, target) => {
    let byTarget = cache.get(live);
    if (byTarget === undefined) {
      byTarget = new WeakMap();
      cache.set(live, byTarget);
    }
    let result = byTarget.get(target);
    if (result === undefined) {
      result = compute(live, target);
      byTarget.set(target, result);
    }
    return [...result];
  };
}
