/**
 * The key, constraint and index part of a table diff. Identity is by shape, exactly as
 * `compareSchemas` compares (names excluded); the one use of names is `renameIndex`, planned when a
 * model gives an index (or, on PostgreSQL, a unique constraint) an explicit name that differs from
 * the live one of the same shape. A model that leaves the name to its default accepts any live name.
 */

import type { Operation } from "../plan/operation.ts";
import type { Index, Table, Unique } from "../schema/ir.ts";
import { defaultName } from "../schema/names.ts";
import { checkShape, foreignKeyShape, indexShape, uniqueShape } from "../schema/normalize.ts";

/** The result of matching two lists by shape: target-only items, live-only items, and matched pairs. */
interface Matched<T> {
  readonly added: T[];
  readonly dropped: T[];
  readonly pairs: [live: T, target: T][];
}

/** Matches items by shape as multisets; among equal shapes, items with the same name pair first. */
function matchByShape<T extends { readonly name?: string }>(
  live: readonly T[],
  target: readonly T[],
  shape: (item: T) => string,
): Matched<T> {
  const pool = new Map<string, T[]>();
  for (const item of live) pool.set(shape(item), [...(pool.get(shape(item)) ?? []), item]);
  const added: T[] = [];
  const pairs: [T, T][] = [];
  const namedFirst = [...target].sort((a, b) => Number(a.name === undefined) - Number(b.name === undefined));
  for (const item of namedFirst) {
    const candidates = pool.get(shape(item)) ?? [];
    const at = Math.max(
      candidates.findIndex((c) => c.name === item.name),
      0,
    );
    const found = candidates[at];
    if (found === undefined) added.push(item);
    else {
      candidates.splice(at, 1);
      pairs.push([found, item]);
    }
  }
  const dropped = [...pool.values()].flat();
  const order = (list: readonly T[]) => (item: T) => list.indexOf(item);
  added.sort((a, b) => order(target)(a) - order(target)(b));
  dropped.sort((a, b) => order(live)(a) - order(live)(b));
  return { added, dropped, pairs };
}

/** The index and unique renames: matched pairs whose target has an explicit name the live one lacks. */
function renames<T extends { readonly name?: string }>(
  table: string,
  pairs: readonly [T, T][],
  fallback: (item: T) => string,
): Operation[] {
  return pairs
    .filter(([live, target]) => target.name !== undefined && target.name !== (live.name ?? fallback(live)))
    .map(([live, target]) => ({
      kind: "renameIndex",
      table,
      from: live.name ?? fallback(live),
      to: target.name as string,
    }));
}

/** The setPrimaryKey, foreign-key, unique, index and check operations that turn `live` into `target`. */
export function diffConstraints(live: Table, target: Table, dialect: "postgresql" | "sqlite"): Operation[] {
  const table = target.name;
  const ops: Operation[] = [];
  if (JSON.stringify(live.primaryKey?.columns) !== JSON.stringify(target.primaryKey?.columns))
    ops.push({
      kind: "setPrimaryKey",
      table,
      ...(live.primaryKey && { from: live.primaryKey }),
      ...(target.primaryKey && { to: target.primaryKey }),
    });
  const fks = matchByShape(live.foreignKeys, target.foreignKeys, foreignKeyShape);
  for (const foreignKey of fks.dropped) ops.push({ kind: "dropForeignKey", table, foreignKey });
  for (const foreignKey of fks.added) ops.push({ kind: "addForeignKey", table, foreignKey });
  const uniques = matchByShape(live.uniques, target.uniques, uniqueShape);
  for (const unique of uniques.dropped) ops.push({ kind: "dropUnique", table, unique });
  for (const unique of uniques.added) ops.push({ kind: "addUnique", table, unique });
  if (dialect === "postgresql")
    ops.push(...renames<Unique>(table, uniques.pairs, (u) => defaultName.unique(live.name, u.columns)));
  const indexes = matchByShape(live.indexes, target.indexes, indexShape);
  for (const index of indexes.dropped) ops.push({ kind: "dropIndex", table, index });
  for (const index of indexes.added) ops.push({ kind: "createIndex", table, index });
  ops.push(...renames<Index>(table, indexes.pairs, (i) => defaultName.index(live.name, i.keys)));
  const checks = matchByShape(live.checks, target.checks, checkShape);
  for (const check of checks.dropped) ops.push({ kind: "dropCheck", table, check });
  for (const check of checks.added) ops.push({ kind: "addCheck", table, check });
  return ops;
}
