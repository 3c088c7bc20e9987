import type { Check, ForeignKey } from "./ir.ts";

/**
 * Matching constraints and indexes of two tables by shape (src/schema/normalize.ts), as the
 * planner's diff (`diffConstraints`, which `check` describes) does: what a matched pair still
 * differs in is what PostgreSQL changes in place.
 */

/** The result of matching two lists by shape: target-only items, live-only items, and matched pairs. */
export interface Matched<T> {
  readonly added: T[];
  readonly dropped: T[];
  readonly pairs: [live: T, target: T][];
}

/** Matches items by shape as multisets; among equal shapes, items with the same name pair first. */
export function matchByShape<T extends { readonly name?: string }>(
  live: readonly T[],
  target: readonly T[],
  shape: (item: T) => string,
): Matched<T> {
  // The usual lists, none or one a side, need no pool (and nothing to match needs no shape).
  if (live.length === 0 || target.length === 0) return { added: [...target], dropped: [...live], pairs: [] };
  if (live.length === 1 && target.length === 1) {
    const from = live[0] as T;
    const to = target[0] as T;
    return shape(from) === shape(to)
      ? { added: [], dropped: [], pairs: [[from, to]] }
      : { added: [to], dropped: [from], pairs: [] };
  }
  const pool = new Map<string, T[]>();
  for (const item of live) {
    const key = shape(item);
    const same = pool.get(key);
    if (same === undefined) pool.set(key, [item]);
    else same.push(item);
  }
  const added: T[] = [];
  const pairs: [T, T][] = [];
  // Named items first, in their order, then the unnamed ones (a stable sort), sorted only when an
  // unnamed item comes before a named one.
  let ordered = true;
  let unnamedSeen = false;
  for (const item of target)
    if (item.name === undefined) unnamedSeen = true;
    else if (unnamedSeen) {
      ordered = false;
      break;
    }
  const namedFirst = ordered
    ? target
    : [...target].sort((a, b) => Number(a.name === undefined) - Number(b.name === undefined));
  for (const item of namedFirst) {
    const candidates = pool.get(shape(item));
    if (candidates === undefined || candidates.length === 0) {
      added.push(item);
      continue;
    }
    let at = 0;
    for (let k = 0; k < candidates.length; k++)
      if ((candidates[k] as T).name === item.name) {
        at = k;
        break;
      }
    pairs.push([candidates[at] as T, item]);
    candidates.splice(at, 1);
  }
  const dropped: T[] = [];
  for (const left of pool.values()) dropped.push(...left);
  // Lists of one or none are in order already (the usual case: everything matched).
  if (added.length > 1) added.sort((a, b) => target.indexOf(a) - target.indexOf(b));
  if (dropped.length > 1) dropped.sort((a, b) => live.indexOf(a) - live.indexOf(b));
  return { added, dropped, pairs };
}

/**
 * Whether a live NOT VALID constraint must be validated to reach its target. A target that is
 * itself NOT VALID accepts a validated live constraint (validated is the stronger state, and
 * re-creating it unvalidated would gain nothing).
 */
export function needsValidation(live: ForeignKey | Check, target: ForeignKey | Check): boolean {
  return live.notValid === true && target.notValid !== true;
}

/** Whether two matched foreign keys differ in timing (DEFERRABLE …), which `ALTER CONSTRAINT` changes. */
export function timingDiffers(live: ForeignKey, target: ForeignKey): boolean {
  return live.deferred !== target.deferred || (!live.deferred && live.deferrable !== target.deferrable);
}
