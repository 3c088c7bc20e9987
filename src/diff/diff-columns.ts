import { sameJson } from "../core/canonical-json.ts";
/**
 * The column part of a table diff: added, dropped and changed columns of one table that exists on
 * both sides (the live table already under its post-rename name, see `applyRenames`).
 */

import type { Column, Table } from "../schema/ir.ts";
import type { ColumnChange, Operation } from "../schema/operation.ts";
import { memoByTables } from "./pair-memo.ts";

const same = sameJson;

/**
 * What differs between a live column and its target, in a fixed order. `sameType` says when two
 * types count as one (default: identical); the SQLite rebuild findings pass the type families'.
 */
export function columnChanges(
  from: Column,
  to: Column,
  sameType: (a: Column["type"], b: Column["type"]) => boolean = same,
): ColumnChange[] {
  const changes: ColumnChange[] = [];
  if (!sameType(from.type, to.type)) changes.push("type");
  if (from.nullable !== to.nullable) changes.push("nullable");
  if (!same(from.default, to.default)) changes.push("default");
  if (!same(from.identity, to.identity)) changes.push("identity");
  if (from.collation !== to.collation) changes.push("collation");
  if (!same(from.generated, to.generated)) changes.push("generated");
  return changes;
}

/**
 * Whether a column change re-creates a generated column on PostgreSQL (`DROP COLUMN` and `ADD
 * COLUMN` in one `ALTER TABLE`): a plain column becoming generated, or a generated column whose
 * expression or STORED/VIRTUAL kind changes (PostgreSQL before 17 cannot change an expression in
 * place). The column's indexes and constraints go with it, so the diff re-creates them.
 */
export function recreatesColumn(from: Column, to: Column): boolean {
  return to.generated !== undefined && !same(from.generated, to.generated);
}

/** The column lists of `table`'s primary key and uniques that include `column`. */
function keysWith(table: Table, column: string): (readonly string[])[] {
  const keys = [...(table.primaryKey ? [table.primaryKey.columns] : []), ...table.uniques.map((u) => u.columns)];
  return keys.filter((k) => k.includes(column));
}

/**
 * The addColumn, alterColumn and dropColumn operations that turn `live`'s columns into `target`'s.
 * Generated columns are added after, and dropped before, the columns their expressions may read.
 * Every default counts: a live default the models do not declare is dropped (docs/design.md §10: never
 * "agree" while the database differs), unlike PormG, which leaves expression defaults alone.
 * Memoized per pair of table objects (`memoByTables`): `check` diffs each pair for its description
 * and again for its plan.
 */
export function diffColumns(live: Table, target: Table): Operation[] {
  return memoDiffColumns(live, target);
}

const memoDiffColumns = memoByTables((live: Table, target: Table): Operation[] => {
  const ops: Operation[] = [];
  const table = target.name;
  // The usual case: the same columns in the same order (names are unique in a table), compared by position.
  let aligned = live.columns.length === target.columns.length;
  for (let i = 0; aligned && i < live.columns.length; i++)
    aligned = (live.columns[i] as Column).name === (target.columns[i] as Column).name;
  const liveColumns = aligned ? undefined : new Map(live.columns.map((c) => [c.name, c]));
  const addedGenerated: Operation[] = [];
  for (let i = 0; i < target.columns.length; i++) {
    const column = target.columns[i] as Column;
    const from = liveColumns === undefined ? live.columns[i] : liveColumns.get(column.name);
    if (!from) {
      (column.generated ? addedGenerated : ops).push({ kind: "addColumn", table, column });
      continue;
    }
    const changes = columnChanges(from, column);
    if (changes.length === 0) continue;
    const uniqueKeys = changes.includes("collation") ? keysWith(target, column.name) : [];
    ops.push({
      kind: "alterColumn",
      table,
      from,
      to: column,
      changes,
      ...(uniqueKeys.length > 0 && { uniqueKeys }),
    });
  }
  ops.push(...addedGenerated);
  if (aligned) return ops;
  const targetNames = new Set(target.columns.map((c) => c.name));
  const dropped = live.columns.filter((c) => !targetNames.has(c.name));
  for (const column of [...dropped.filter((c) => c.generated), ...dropped.filter((c) => !c.generated)])
    ops.push({ kind: "dropColumn", table, column });
  return ops;
});
