import type { Column, Table } from "../schema/ir.ts";
import type { Operation } from "../schema/operation.ts";

/**
 * PlanNames answers naming questions about one plan: what a table or column (named as the plan
 * names it, after its renames) is called in the live database, which tables the plan creates and
 * which columns it adds. Renderers need it because the live database keeps constraint and index
 * names across renames (a live `a_pkey` stays `a_pkey` after `a` becomes `b`), and lossy counts
 * run against the live database before any step.
 */
export interface PlanNames {
  /** The live name of the table the plan calls `table` (itself when the plan does not rename it). */
  liveTable(table: string): string;
  /** The live name of column `column` of the table the plan calls `table`. */
  liveColumn(table: string, column: string): string;
  /** The plan's (final) name of live column `column` of the table the plan calls `table`. */
  planColumn(table: string, column: string): string;
  /** The table's definition when the plan creates it (it does not exist live). */
  created(table: string): Table | undefined;
  /** The column's definition when the plan adds it to `table` (it does not exist live). */
  added(table: string, column: string): Column | undefined;
  /** Whether the plan renames or adds any column of the table (its live SQL names differ from the plan's). */
  columnsChanged(table: string): boolean;
  /** Whether the plan drops the table `table` (named as the live database names it). */
  dropped(table: string): boolean;
  /** Whether the plan drops a foreign key over `columns` (plan names, in order) of the table the plan calls `table`. */
  foreignKeyDropped(table: string, columns: readonly string[]): boolean;
}

const key = (table: string, column: string) => JSON.stringify([table, column]);

/** Builds the PlanNames of an operation list (renames are followed in list order, chains included). */
export function planNames(ops: readonly Operation[]): PlanNames {
  const tableToLive = new Map<string, string>();
  // Keyed by [live table, plan column] → live column, and the reverse.
  const columnToLive = new Map<string, string>();
  const liveToPlanColumn = new Map<string, string>();
  const created = new Map<string, Table>();
  const added = new Map<string, Column>();
  const changed = new Set<string>();
  const dropped = new Set<string>();
  const droppedKeys = new Set<string>();
  const liveTable = (table: string) => tableToLive.get(table) ?? table;
  for (const op of ops) {
    if (op.kind === "renameTable") {
      const live = liveTable(op.from);
      tableToLive.delete(op.from);
      tableToLive.set(op.to, live);
    } else if (op.kind === "renameColumn") {
      const table = liveTable(op.table);
      const live = columnToLive.get(key(table, op.from)) ?? op.from;
      columnToLive.delete(key(table, op.from));
      columnToLive.set(key(table, op.to), live);
      liveToPlanColumn.set(key(table, live), op.to);
      changed.add(table);
    } else if (op.kind === "createTable") created.set(op.table.name, op.table);
    else if (op.kind === "dropTable") dropped.add(op.table.name);
    else if (op.kind === "dropForeignKey")
      droppedKeys.add(key(liveTable(op.table), JSON.stringify(op.foreignKey.columns)));
    else if (op.kind === "addColumn") {
      added.set(key(liveTable(op.table), op.column.name), op.column);
      changed.add(liveTable(op.table));
    }
  }
  return {
    liveTable,
    liveColumn: (table, column) => columnToLive.get(key(liveTable(table), column)) ?? column,
    planColumn: (table, column) => liveToPlanColumn.get(key(liveTable(table), column)) ?? column,
    created: (table) => created.get(table),
    added: (table, column) => added.get(key(liveTable(table), column)),
    columnsChanged: (table) => changed.has(liveTable(table)),
    dropped: (table) => dropped.has(table),
    foreignKeyDropped: (table, columns) => droppedKeys.has(key(liveTable(table), JSON.stringify(columns))),
  };
}
