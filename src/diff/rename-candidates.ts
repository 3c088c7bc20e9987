/**
 * Rename candidates: the pairs a person could mean as a rename — a model table with no live table
 * of its name against each vanished live table, and per table a new column against each vanished
 * column. pormg never picks one itself; it asks, or follows hints, or fails closed.
 */
import { describeType } from "../schema/describe.ts";
import type { ExpressionNames } from "../schema/expression-names.ts";
import type { Column, Schema, Table } from "../schema/ir.ts";
import { columnChanges } from "./diff-columns.ts";
import { applyRenames, type RenameDecisions } from "./renames.ts";

/** A RenameCandidate is one possible rename of `from` (live) to `to` (models). */
export interface RenameCandidate {
  readonly kind: "table" | "column";
  /** For a column: its table's NEW name. */
  readonly table?: string;
  readonly from: string;
  readonly to: string;
  /** Whether the definitions are identical (a table: the same columns, more than just its key). */
  readonly identical: boolean;
  /** What the candidate looks like, for questions: `3 of 4 columns match`, `varchar(50)`. */
  readonly description: string;
  /** For tables: how many model columns the live table holds identically (ranks the questions). */
  readonly score: number;
}

/** RenameState is what has been settled so far: the decided renames and the explicit "not a rename"s. */
export interface RenameState extends RenameDecisions {
  /** Live tables settled as dropped. */
  readonly droppedTables?: ReadonlySet<string>;
  /** Model tables settled as new. */
  readonly newTables?: ReadonlySet<string>;
  /** Columns settled as dropped, as `columnKey(newTable, liveColumn)`. */
  readonly droppedColumns?: ReadonlySet<string>;
  /** Columns settled as new, as `columnKey(table, modelColumn)`. */
  readonly newColumns?: ReadonlySet<string>;
}

/** The key of a column in {@link RenameState} sets. */
export function columnKey(table: string, column: string): string {
  return JSON.stringify([table, column]);
}

const sameColumn = (a: Column, b: Column) => a.name === b.name && columnChanges(a, b).length === 0;

function tableCandidate(from: Table, to: Table): RenameCandidate {
  const liveColumns = new Map(from.columns.map((c) => [c.name, c]));
  const score = to.columns.filter((c) => {
    const other = liveColumns.get(c.name);
    return other !== undefined && sameColumn(other, c);
  }).length;
  const keyOnly = to.columns.length <= (to.primaryKey?.columns.length ?? 0);
  const identical = score === to.columns.length && from.columns.length === to.columns.length && !keyOnly;
  return {
    kind: "table",
    from: from.name,
    to: to.name,
    identical,
    score,
    description: `${score} of ${to.columns.length} columns match`,
  };
}

function columnCandidate(table: Table, from: Column, to: Column): RenameCandidate {
  const changes = columnChanges(from, to);
  const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === from.name);
  const parts = [describeType(from.type), ...(fk ? [`FK → ${fk.references.table}`] : [])].join(", ");
  const also = changes.length > 0 ? `; renaming also changes: ${changes.join(", ")}` : "";
  return {
    kind: "column",
    table: table.name,
    from: from.name,
    to: to.name,
    identical: changes.length === 0,
    score: changes.length === 0 ? 1 : 0,
    description: parts + also,
  };
}

/** The unsettled table candidates, grouped per model table in model order, best first (ties: catalog order). */
export function tableCandidates(live: Schema, target: Schema, state: RenameState): RenameCandidate[] {
  const liveNames = new Set(live.tables.map((t) => t.name));
  const targetNames = new Set(target.tables.map((t) => t.name));
  const renamedFrom = new Set(state.tables.map((r) => r.from));
  const renamedTo = new Set(state.tables.map((r) => r.to));
  const vanished = live.tables.filter(
    (t) => !targetNames.has(t.name) && !renamedFrom.has(t.name) && !state.droppedTables?.has(t.name),
  );
  return target.tables
    .filter((t) => !liveNames.has(t.name) && !renamedTo.has(t.name) && !state.newTables?.has(t.name))
    .flatMap((t) => vanished.map((v) => tableCandidate(v, t)).sort((a, b) => b.score - a.score));
}

/** Whether two column lists have the same names in the same order: then no column vanished and none is new. */
function sameNames(a: readonly Column[], b: readonly Column[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i] as Column).name !== (b[i] as Column).name) return false;
  return true;
}

/** The unsettled column candidates of every table present on both sides (after the decided table renames). */
export function columnCandidates(
  live: Schema,
  target: Schema,
  state: RenameState,
  dialect: ExpressionNames,
): RenameCandidate[] {
  const current = new Map(applyRenames(live, state, dialect).tables.map((t) => [t.name, t]));
  const out: RenameCandidate[] = [];
  for (const table of target.tables) {
    const before = current.get(table.name);
    if (!before || sameNames(before.columns, table.columns)) continue;
    const liveNames = new Set(before.columns.map((c) => c.name));
    const targetNames = new Set(table.columns.map((c) => c.name));
    const vanished = before.columns.filter(
      (c) => !targetNames.has(c.name) && !state.droppedColumns?.has(columnKey(table.name, c.name)),
    );
    for (const column of table.columns) {
      if (liveNames.has(column.name) || state.newColumns?.has(columnKey(table.name, column.name))) continue;
      out.push(...vanished.map((v) => columnCandidate(before, v, column)).sort((a, b) => b.score - a.score));
    }
  }
  return out;
}

/**
 * Every unsettled rename candidate: tables first (see {@link tableCandidates}), then columns of the
 * tables present on both sides under `decided` (see {@link columnCandidates}); `dialect` reads the
 * expressions.
 */
export function findRenameCandidates(
  live: Schema,
  target: Schema,
  decided: RenameState,
  dialect: ExpressionNames,
): RenameCandidate[] {
  return [...tableCandidates(live, target, decided), ...columnCandidates(live, target, decided, dialect)];
}
