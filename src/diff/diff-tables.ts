import { sameJson } from "../core/canonical-json.ts";

/**
 * `diffSchemas`: the pure diff of a live schema against a target schema (both normalized, one
 * dialect) into unordered Operations. Order them with `orderOperations`; on SQLite lower them with
 * `lowerForSqlite` first (src/plan/).
 */

import { mentionsColumn } from "../schema/expression-names.ts";
import type { Schema, Table } from "../schema/ir.ts";
import type { Operation } from "../schema/operation.ts";
import { blockedConstraintOperations, withoutRecreated } from "./blocked-constraints.ts";
import { followDefaultNames } from "./default-name-renames.ts";
import { diffColumns, recreatesColumn } from "./diff-columns.ts";
import { diffConstraints } from "./diff-constraints.ts";
import type { DiffDialect } from "./diff-dialect.ts";
import { withRegeneratedColumns } from "./regenerated-columns.ts";
import { applyRenames, type RenameDecisions } from "./renames.ts";

/**
 * The operations that create a table: `createTable` with the table minus its indexes (each is its
 * own `createIndex`) and, where constraints change by ALTER TABLE (PostgreSQL), minus its foreign
 * keys (each is its own `addForeignKey`, ordered after every table exists so reference cycles
 * work). A dialect that rebuilds tables to change constraints (SQLite) keeps foreign keys inline,
 * since it cannot add them later.
 */
export function createTableOperations(table: Table, dialect: DiffDialect): Operation[] {
  const separate = dialect.capabilities.constraintChange === "alter";
  const created: Table = { ...table, indexes: [], foreignKeys: separate ? [] : table.foreignKeys };
  return [
    { kind: "createTable", table: created },
    ...table.indexes.map((index): Operation => ({ kind: "createIndex", table: table.name, index })),
    ...(separate
      ? table.foreignKeys.map((foreignKey): Operation => ({ kind: "addForeignKey", table: table.name, foreignKey }))
      : []),
  ];
}

/**
 * The live table without the key, foreign keys, uniques, indexes and checks that involve one of
 * `columns`: what is left of it once PostgreSQL drops those columns (a re-created generated column
 * takes them along), so the diff creates them again. Pure; `live` itself when `columns` is empty.
 */
export function withoutDependents(live: Table, columns: readonly string[], dialect: DiffDialect): Table {
  if (columns.length === 0) return live;
  const involves = (names: readonly string[]) => names.some((n) => columns.includes(n));
  const mentions = (sql: string | undefined) =>
    sql !== undefined && columns.some((c) => mentionsColumn(sql, c, dialect));
  const { primaryKey, ...rest } = live;
  return {
    ...rest,
    ...(primaryKey && !involves(primaryKey.columns) && { primaryKey }),
    foreignKeys: live.foreignKeys.filter((f) => !involves(f.columns)),
    uniques: live.uniques.filter((u) => !involves(u.columns)),
    indexes: live.indexes.filter(
      (i) =>
        !i.keys.some((k) => ("column" in k ? columns.includes(k.column) : mentions(k.expression))) &&
        !mentions(i.where),
    ),
    checks: live.checks.filter((c) => !mentions(c.expression)),
  };
}

/**
 * Diffs `live` against `target` (both normalized IR of one dialect) under decided `renames`, into
 * unordered operations: renameTable / renameColumn for each decision; createTable (see
 * {@link createTableOperations}) and dropTable (carrying the live table); per table present on both
 * sides add/drop/alter column, setPrimaryKey, add/drop foreign key (a changed one is drop + add),
 * unique, index (and renameIndex), check, and setTableOptions (SQLite `STRICT` / `WITHOUT ROWID`).
 * Live foreign keys are retargeted through the renames first (`applyRenames`), so a pure rename
 * yields only rename operations — its own and those of the default-named keys, constraints and
 * indexes that follow it (`followDefaultNames`). Where constraints change by ALTER TABLE
 * (PostgreSQL), foreign keys between two dropped tables are dropped first so the tables can go in
 * any order, and a kept foreign key or check that a column or key change would block is dropped and
 * re-created around it (`blockedConstraintOperations`; its in-place changes then go,
 * `withoutRecreated`). Drop operations carry the live definitions as they stand after the renames.
 * Where columns change in place (PostgreSQL, `generatedColumnDependents: "drop"`) a re-created
 * generated column (`recreatesColumn`, or one re-created around the retype of a column it reads,
 * `withRegeneratedColumns`) loses its indexes and constraints with it, so they are planned anew
 * (`withoutDependents`); where the server keeps them (MySQL, `"keep"`) nothing is re-created
 * around the change. `dialect` is the schemas' dialect. Pure.
 */
export function diffSchemas(live: Schema, target: Schema, renames: RenameDecisions, dialect: DiffDialect): Operation[] {
  const inPlace = dialect.capabilities.columnChange === "alter";
  // Where a re-created generated column keeps its indexes and constraints (MySQL), nothing is re-created around it.
  const regenerates = inPlace && dialect.capabilities.generatedColumnDependents === "drop";
  const alterConstraints = dialect.capabilities.constraintChange === "alter";
  const ops: Operation[] = [
    ...renames.tables.map((r): Operation => ({ kind: "renameTable", from: r.from, to: r.to })),
    ...renames.columns.map((r): Operation => ({ kind: "renameColumn", table: r.table, from: r.from, to: r.to })),
  ];
  const followed = followDefaultNames(live, applyRenames(live, renames, dialect), target, renames, dialect);
  const current = followed.current;
  ops.push(...followed.ops);
  const liveTables = new Map(current.tables.map((t) => [t.name, t]));
  const targetNames = new Set(target.tables.map((t) => t.name));
  const kept = new Map<string, Table>();
  const changes: Operation[] = [];
  for (const table of target.tables) {
    const before = liveTables.get(table.name);
    if (!before) {
      ops.push(...createTableOperations(table, dialect));
      continue;
    }
    const after = table;
    kept.set(table.name, after);
    const diffed = diffColumns(before, after);
    const { ops: columnOps, regenerated } = regenerates
      ? withRegeneratedColumns(diffed, before, after, dialect)
      : { ops: diffed, regenerated: [] };
    const recreated = regenerates
      ? [
          ...columnOps.flatMap((op) =>
            op.kind === "alterColumn" && recreatesColumn(op.from, op.to) ? [op.to.name] : [],
          ),
          ...regenerated,
        ]
      : [];
    changes.push(...columnOps, ...diffConstraints(withoutDependents(before, recreated, dialect), after, dialect));
    if (!sameJson(before.options ?? {}, after.options ?? {}))
      changes.push({
        kind: "setTableOptions",
        table: table.name,
        ...(before.options && { from: before.options }),
        ...(after.options && { to: after.options }),
      });
  }
  const recreations = alterConstraints ? blockedConstraintOperations(changes, liveTables, kept, dialect) : [];
  ops.push(...withoutRecreated(changes, recreations), ...recreations);
  const dropped = current.tables.filter((t) => !targetNames.has(t.name));
  const droppedNames = new Set(dropped.map((t) => t.name));
  for (const table of dropped) {
    if (alterConstraints)
      for (const foreignKey of table.foreignKeys)
        if (foreignKey.references.table !== table.name && droppedNames.has(foreignKey.references.table))
          ops.push({ kind: "dropForeignKey", table: table.name, foreignKey });
    ops.push({ kind: "dropTable", table });
  }
  return ops;
}
