import { assertNever, PormgError } from "../../core/errors.ts";
import { stepLabel } from "../../plan/labels.ts";
import { liveObjectNames, newObjectName } from "../../plan/live-object-names.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import { commonSteps, type RenderedStep, step } from "../../plan/rendered-step.ts";
import type { Renderer } from "../../plan/renderer.ts";
import type { Column, ForeignKey, Index, Table } from "../../schema/ir.ts";
import { defaultName } from "../../schema/names.ts";
import type { Operation, OperationKind } from "../../schema/operation.ts";
import {
  quoteIdent,
  renderColumnDefinition,
  renderCreateIndex,
  renderCreateTable,
  renderReferences,
  sqliteTemporaryDefaults,
} from "./sqlite-ddl.ts";
import { columnReaders, tableReaders } from "./sqlite-dependents.ts";
import { lowerForSqlite, sqliteNames } from "./sqlite-lower.ts";
import { renderSqliteRebuild } from "./sqlite-rebuild.ts";

const commonStep = commonSteps(quoteIdent);

const end = (statement: string) => `${statement};`;

/**
 * Renders one Operation as SQLite steps. SQLite alters in place only what its ALTER TABLE can do
 * (create/drop/rename a table, add/drop/rename a column, create/drop an index); a UNIQUE added to a
 * table becomes a unique index, which reads back as the same Unique. Everything else (a column's
 * type, nullability or default, a primary key, foreign keys, checks, dropping a UNIQUE) must reach
 * this renderer lowered into a `rebuildTable`; anything else is a planner bug (`INTERNAL`).
 */
export function renderSqliteOperation(op: Operation, names: PlanNames, context: RenderContext): RenderedStep[] {
  switch (op.kind) {
    case "createTable": {
      const t = op.table;
      const indexes = t.indexes.map((i) => end(renderCreateIndex(t.name, i)));
      return [step(stepLabel.createTable(t.name), [end(renderCreateTable(t)), ...indexes])];
    }
    case "dropTable":
      refuseDropTableWithReaders(op.table.name, names, context);
      return [step(stepLabel.dropTable(op.table.name), [`DROP TABLE ${quoteIdent(op.table.name)};`], true)];
    case "renameTable":
      return [commonStep.renameTable(op.from, op.to)];
    case "addColumn":
      return [step(stepLabel.addField(op.table, op.column.name), [addColumn(op.table, op.column, op.foreignKey)])];
    case "dropColumn":
      refuseDropWithReaders(op.table, op.column.name, names, context);
      return [commonStep.dropColumn(op.table, op.column.name)];
    case "renameColumn":
      return [commonStep.renameColumn(op.table, op.from, op.to)];
    case "addUnique": {
      const name = newObjectName.unique(op.table, op.unique);
      const index: Index = { name, keys: op.unique.columns.map((column) => ({ column })), unique: true };
      return [step(stepLabel.createUnique(op.table, name), [end(renderCreateIndex(op.table, index))])];
    }
    case "createIndex": {
      const name = newObjectName.index(op.table, op.index);
      return [step(stepLabel.createIndex(op.table, name), [end(renderCreateIndex(op.table, { ...op.index, name }))])];
    }
    case "dropIndex": {
      const name = liveObjectNames(names, op.table).index(op.index);
      return [step(stepLabel.removeIndex(op.table, name), [`DROP INDEX ${quoteIdent(name)};`])];
    }
    case "renameIndex":
      return [renameIndex(op, names, context)];
    case "rebuildTable":
      return [renderSqliteRebuild(op, names, context)];
    case "alterColumn":
    case "setTableOptions":
    case "setPrimaryKey":
    case "addForeignKey":
    case "dropForeignKey":
    case "dropUnique":
    case "addCheck":
    case "dropCheck":
      throw needsRebuild(op.kind, op.table);
    case "setStorage":
    case "alterForeignKey":
    case "validateConstraint":
    case "renameConstraint":
      throw new PormgError(
        "INTERNAL",
        `a PostgreSQL-only ${op.kind} on "${op.table}" reached the SQLite renderer: SQLite schemas have no storage parameters, deferrable or NOT VALID constraints, nor named foreign keys or checks to rename. This is a bug in the planner.`,
        { table: op.table, operation: op.kind },
      );
    default:
      return assertNever(op);
  }
}

/**
 * Refuses (`PLAN_REFUSED`) to drop a column that a view or trigger on its table still reads: SQLite
 * would reject the `DROP COLUMN` at migrate time; the plan names the objects instead.
 */
function refuseDropWithReaders(table: string, column: string, names: PlanNames, context: RenderContext): void {
  const readers = columnReaders(names.liveTable(table), column, context.unmanaged);
  if (readers.length === 0) return;
  const objects = readers.map((d) => ({ kind: d.kind, name: d.name }));
  throw new PormgError(
    "PLAN_REFUSED",
    `Dropping column "${column}" of "${table}" would break ${objects.map((o) => `${o.kind} "${o.name}"`).join(", ")}, ` +
      "which still read it (SQLite refuses such a DROP COLUMN). Drop or rewrite those objects first (by hand, or in a " +
      "hand-written step of an earlier plan) and re-create them after migrating, or keep the column.",
    { table, column, objects },
  );
}

/**
 * Refuses (`PLAN_REFUSED`) to drop a table that a view or trigger which stays still reads or writes
 * (a trigger on a kept table inserting into it …): SQLite would drop it and leave them broken.
 */
function refuseDropTableWithReaders(table: string, names: PlanNames, context: RenderContext): void {
  const dropped = (name: string) =>
    context.tables.some((t) => t.name.toLowerCase() === name.toLowerCase() && names.dropped(t.name));
  const readers = tableReaders(table, context.unmanaged, dropped);
  if (readers.length === 0) return;
  const objects = readers.map((d) => ({ kind: d.kind, name: d.name, ...(d.on !== undefined && { on: d.on }) }));
  const named = objects.map((o) => `${o.kind} "${o.name}"${o.kind === "trigger" && o.on ? ` (on "${o.on}")` : ""}`);
  throw new PormgError(
    "PLAN_REFUSED",
    `Dropping table "${table}" would leave ${named.join(", ")} broken: they still read or write it, and SQLite ` +
      "would drop the table anyway (the objects then fail when used, and so does every later ALTER TABLE … RENAME). " +
      "Drop or rewrite those objects first (by hand, or in a hand-written step of an earlier plan), or keep the table.",
    { table, objects },
  );
}

function needsRebuild(kind: string, table: string): PormgError {
  return new PormgError(
    "INTERNAL",
    `SQLite cannot ${kind} on "${table}" in place; the planner must lower it into a table rebuild (rebuildTable). This is a bug in the planner.`,
    { table, operation: kind },
  );
}

/**
 * `ALTER TABLE … ADD COLUMN`, within SQLite's limits: no identity (AUTOINCREMENT), no NOT NULL
 * without a default, no expression default, no STORED generated column (SQLite rejects all four on
 * ADD COLUMN; a VIRTUAL generated one it adds, NOT NULL included); a foreign key only on a nullable
 * column without a default, declared inline (`REFERENCES …`).
 */
function addColumn(table: string, column: Column, fk?: ForeignKey): string {
  const expression = column.default?.kind === "expression";
  const virtual = column.generated?.stored === false;
  const refused = column.generated
    ? !virtual
    : column.identity !== undefined || (!column.nullable && column.default === undefined) || expression;
  if (refused) {
    throw needsRebuild(`add column "${column.name}" as declared`, table);
  }
  if (fk !== undefined && (!column.nullable || column.default !== undefined)) {
    throw needsRebuild(`add column "${column.name}" with a foreign key and a default`, table);
  }
  const holder: Table = { name: table, columns: [column], foreignKeys: [], uniques: [], indexes: [], checks: [] };
  const references = fk === undefined ? "" : ` ${renderReferences(fk)}`;
  return `ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${renderColumnDefinition(holder, column)}${references};`;
}

/**
 * SQLite has no `ALTER INDEX … RENAME`: the index is dropped and created again under the new name
 * from its live definition (columns renamed earlier in the plan followed).
 */
function renameIndex(
  op: Extract<Operation, { kind: "renameIndex" }>,
  names: PlanNames,
  context: RenderContext,
): RenderedStep {
  const liveTable = names.liveTable(op.table);
  const table = context.tables.find((t) => t.name === liveTable);
  const index = table?.indexes.find((i) => (i.name ?? defaultName.index(liveTable, i.keys)) === op.from);
  if (index === undefined) {
    throw new PormgError(
      "INTERNAL",
      `cannot rename index "${op.from}" of "${op.table}": the live table has no such index. This is a bug in the planner.`,
      { table: op.table, index: op.from },
    );
  }
  const keys = index.keys.map((k) => ("column" in k ? { ...k, column: names.planColumn(op.table, k.column) } : k));
  const create = renderCreateIndex(op.table, { ...index, keys, name: op.to });
  return step(stepLabel.renameIndex(op.table, op.to), [`DROP INDEX ${quoteIdent(op.from)};`, end(create)]);
}

/**
 * SQLite's rank of its own (`orderOperations`): a table drop comes just before the rebuilds. A
 * dropped table's foreign key to a rebuilt table whose key changes would make the rebuild's
 * `foreign_key_check` fail ("foreign key mismatch"), and with foreign keys off nothing else depends
 * on the order of drops.
 */
function rank(op: Operation, ranks: Readonly<Record<OperationKind, number>>): number | undefined {
  return op.kind === "dropTable" ? ranks.rebuildTable - 0.5 : undefined;
}

/**
 * SQLite's Renderer: what its ALTER TABLE cannot do is lowered into table rebuilds
 * (`lowerForSqlite`), its refusals are raised while rendering (a drop or rebuild a view or trigger
 * still reads), a new table cannot take the name of a view or virtual table, names compare
 * case-insensitively, and a created table declares its foreign keys.
 */
export const sqliteRenderer: Renderer = {
  render: renderSqliteOperation,
  lower: (ops, live, target) => lowerForSqlite(ops, live, target, sqliteNames),
  refusals: () => [],
  occupyingKinds: new Set(["view", "virtual_table"]),
  nameKey: (name) => name.toLowerCase(),
  rank,
  foreignKeysInCreateTable: true,
  ...sqliteTemporaryDefaults,
};
