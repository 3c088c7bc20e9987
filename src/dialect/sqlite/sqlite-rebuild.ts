import { PormgError } from "../../core/errors.ts";
import { stepLabel } from "../../plan/labels.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import { describeRebuild } from "../../plan/rebuild-changes.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import type { RenderedStep } from "../../plan/rendered-step.ts";
import { temporaryDefault } from "../../plan/temporary-default.ts";
import { foreignKeyShape } from "../../schema/normalize.ts";
import type { Operation } from "../../schema/operation.ts";
import {
  quoteIdent,
  quoteLiteral,
  renderCreateIndex,
  renderCreateTable,
  sqliteTemporaryDefaults,
} from "./sqlite-ddl.ts";
import { type Dependent, rebuildDependents, renameTableIn } from "./sqlite-dependents.ts";

type Rebuild = Extract<Operation, { kind: "rebuildTable" }>;

/** The suffix of the temporary table a rebuild copies into. */
export const REBUILD_SUFFIX = "__pormg_new";

const lower = (name: string) => name.toLowerCase();

/**
 * Renders a SQLite table rebuild (the SQLite documentation's twelve-step ALTER
 * TABLE procedure) as ONE step, `rebuild: { table }`, labelled with every change it makes
 * (`describeRebuild`). It is destructive only when it drops columns (their values go; the
 * reasons name them, `drop post.subtitle`); `renderOperations` adds silent value changes. Its
 * DROP TABLE and the drops of dependents it re-creates are how a rebuild works, not losses:
 *
 * 1. drop the views that read the table and the triggers elsewhere that mention it (SQLite
 *    re-checks them on the final RENAME and fails on a dangling one);
 * 2. `CREATE TABLE "<t>__pormg_new"` with the target definition, and the table's foreign keys to
 *    tables pormg does not manage (`withExternalKeys`);
 * 3. `INSERT INTO … SELECT …` per the column mapping (target columns not mapped take their default,
 *    or PormG's temporary default for a new NOT NULL date or date-time column; generated target
 *    columns are computed, never inserted into);
 * 4. carry the AUTOINCREMENT high-water mark over in `sqlite_sequence`, so ids are never reused;
 * 5. `DROP TABLE "<t>"`, `ALTER TABLE "<t>__pormg_new" RENAME TO "<t>"`;
 * 6. create the target's indexes; re-create the views, then every dropped trigger, from their
 *    stored SQL (a table renamed earlier in the plan is renamed in that SQL too, as SQLite would).
 *
 * `PRAGMA foreign_keys` is not part of the step: the executor turns enforcement off before BEGIN
 * (inside a transaction the pragma is a no-op and the DROP TABLE would fire ON DELETE CASCADE) and
 * runs `PRAGMA foreign_key_check` afterwards. A rebuild that would re-create a view or trigger
 * reading a column the rebuild drops or renames (or one renamed earlier in the plan, whose stored
 * SQL still names the old column) is refused with `PLAN_REFUSED`, naming the objects.
 */
export function renderSqliteRebuild(op: Rebuild, names: PlanNames, context: RenderContext): RenderedStep {
  checkMapping(op);
  const source = op.from.name;
  const target = op.to.name;
  const temporary = `${target}${REBUILD_SUFFIX}`;
  const liveTable = names.liveTable(source);
  refuseLosses(op.to.name, liveTable, context);
  const { views, triggers } = rebuildDependents(liveTable, context.unmanaged);
  refuseStale(op, names, [...views, ...triggers]);

  const out: string[] = [];
  for (const t of triggers) if (!t.droppedWithTable) out.push(`DROP TRIGGER ${quoteIdent(t.name)};`);
  for (const v of [...views].reverse()) out.push(`DROP VIEW ${quoteIdent(v.name)};`);
  out.push(`${renderCreateTable(withExternalKeys(op, liveTable, names, context), temporary)};`);
  out.push(copyRows(op, temporary));
  if (op.to.columns.some((c) => c.identity !== undefined)) out.push(...carrySequence(source, temporary));
  out.push(`DROP TABLE ${quoteIdent(source)};`);
  out.push(`ALTER TABLE ${quoteIdent(temporary)} RENAME TO ${quoteIdent(target)};`);
  for (const index of op.to.indexes) out.push(`${renderCreateIndex(target, index)};`);
  for (const d of [...views, ...triggers]) out.push(`${renameTableIn(d.sql, liveTable, target).trim()};`);
  const { changes, droppedColumns } = describeRebuild(op);
  return {
    label: stepLabel.alterTable(target, changes),
    sql: out.join("\n"),
    destructive: droppedColumns.length > 0,
    ...(droppedColumns.length > 0 && { reasons: droppedColumns.map((c) => `drop ${c}`) }),
    rebuild: { table: target },
  };
}

/**
 * Refuses (`PLAN_REFUSED`) a rebuild of a table holding clauses the IR does not carry (introspection
 * lists them as unmanaged `constraint`s of the table: `ON CONFLICT`, a `MATCH` clause …):
 * re-creating the table from the IR would drop them silently.
 */
function refuseLosses(table: string, liveTable: string, context: RenderContext): void {
  const lost = context.unmanaged.filter(
    (o) => o.kind === "constraint" && o.foreignKey === undefined && lower(o.table ?? "") === lower(liveTable),
  );
  if (lost.length === 0) return;
  throw new PormgError(
    "PLAN_REFUSED",
    `the SQLite table rebuild of "${table}" would lose what pormg cannot re-create: ${lost.map((o) => o.name).join("; ")}. ` +
      "pormg rebuilds a table from what the models declare, and these clauses are not part of it. Make this change by hand " +
      "(a hand-written step), or remove those clauses first; pormg never drops them silently.",
    { table, clauses: lost.map((o) => o.name) },
  );
}

/**
 * The target table with the foreign keys to tables pormg does not manage (unmanaged `constraint`s
 * carrying a `foreignKey`, src/introspect/external-foreign-keys.ts) added back, their columns
 * followed through the rebuild's mapping: re-created as they were, never lost. A key whose column
 * the rebuild drops goes with it (the drop is named and destructive); one the models now declare
 * themselves is not added twice.
 */
function withExternalKeys(op: Rebuild, liveTable: string, names: PlanNames, context: RenderContext): Rebuild["to"] {
  const mapped = new Map(op.columns.map((c) => [lower(c.from), c.to]));
  const declared = new Set(op.to.foreignKeys.map(foreignKeyShape));
  const carried = context.unmanaged.flatMap((o) => {
    const fk = o.foreignKey;
    if (fk === undefined || lower(o.table ?? "") !== lower(liveTable)) return [];
    // Live column names, through the plan's column renames, then the rebuild's mapping.
    const columns = fk.columns.map((c) => mapped.get(lower(names.planColumn(op.from.name, c))));
    if (columns.some((c) => c === undefined)) return [];
    const kept = { ...fk, columns: columns as string[] };
    return declared.has(foreignKeyShape(kept)) ? [] : [kept];
  });
  return carried.length === 0 ? op.to : { ...op.to, foreignKeys: [...op.to.foreignKeys, ...carried] };
}

/**
 * The copy: mapped columns from their source, except generated target columns, which are computed
 * and never inserted into; a new NOT NULL date or date-time column with no default gets PormG's
 * temporary default (`temporaryDefault`: the time the migration runs).
 */
function copyRows(op: Rebuild, temporary: string): string {
  const generated = new Set(op.to.columns.filter((c) => c.generated).map((c) => c.name));
  const copied = op.columns.filter((c) => !generated.has(c.to));
  const mapped = new Set(op.columns.map((c) => c.to));
  const filled = op.to.columns.flatMap((c) => {
    const value = mapped.has(c.name) ? undefined : temporaryDefault(c, sqliteTemporaryDefaults);
    return value === undefined ? [] : [{ to: c.name, value }];
  });
  if (copied.length === 0 && filled.length === 0) {
    // Nothing to copy but the rows themselves: every column takes its default.
    return `INSERT INTO ${quoteIdent(temporary)} ("rowid") SELECT "rowid" FROM ${quoteIdent(op.from.name)};`;
  }
  const into = [...copied.map((c) => c.to), ...filled.map((c) => c.to)].map(quoteIdent).join(", ");
  const from = [...copied.map((c) => quoteIdent(c.from)), ...filled.map((c) => c.value)].join(", ");
  return `INSERT INTO ${quoteIdent(temporary)} (${into}) SELECT ${from} FROM ${quoteIdent(op.from.name)};`;
}

function carrySequence(source: string, temporary: string): string[] {
  const old = `(SELECT max(s.seq) FROM sqlite_sequence s WHERE s.name = ${quoteLiteral(source)})`;
  return [
    `UPDATE sqlite_sequence SET seq = ${old} WHERE name = ${quoteLiteral(temporary)} AND seq < ${old};`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT ${quoteLiteral(temporary)}, seq FROM sqlite_sequence WHERE name = ${quoteLiteral(source)} AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${quoteLiteral(temporary)});`,
  ];
}

function checkMapping(op: Rebuild): void {
  const targets = new Set(op.to.columns.map((c) => c.name));
  const sources = new Set(op.from.columns.map((c) => c.name));
  const bad = op.columns.filter((c) => !targets.has(c.to) || !sources.has(c.from));
  if (bad.length > 0) {
    throw new PormgError(
      "INTERNAL",
      `the rebuild of "${op.to.name}" maps columns that do not exist: ${bad.map((c) => `"${c.to}" ← "${c.from}"`).join(", ")}. This is a bug in the planner.`,
      { table: op.to.name, columns: bad },
    );
  }
}

/**
 * The live column names whose stored-SQL mentions would be stale after the rebuild: columns the
 * rebuild drops or renames, and columns renamed earlier in the plan (SQLite rewrote the live views
 * then, but the rebuild re-creates them from the SQL read at plan time).
 */
function vanishedColumns(op: Rebuild, names: PlanNames): Map<string, string> {
  const kept = new Set(op.to.columns.map((c) => c.name));
  const vanished = new Map<string, string>();
  for (const column of op.from.columns) {
    const live = names.liveColumn(op.from.name, column.name);
    if (!kept.has(column.name)) vanished.set(lower(live), `"${live}" (dropped or renamed by the rebuild)`);
    else if (live !== column.name) vanished.set(lower(live), `"${live}" (renamed to "${column.name}")`);
  }
  return vanished;
}

function refuseStale(op: Rebuild, names: PlanNames, dependents: readonly Dependent[]): void {
  const vanished = vanishedColumns(op, names);
  const problems: string[] = [];
  const objects: { kind: string; name: string; reads: string[] }[] = [];
  for (const d of dependents) {
    if (d.sql === "") {
      problems.push(`${d.kind} "${d.name}" (its SQL is unknown, so it cannot be re-created)`);
      objects.push({ kind: d.kind, name: d.name, reads: [] });
      continue;
    }
    const reads = [...vanished.entries()].filter(([name]) => d.reads.has(name)).map(([, why]) => why);
    if (reads.length === 0) continue;
    problems.push(`${d.kind} "${d.name}" reads ${reads.join(", ")}`);
    objects.push({ kind: d.kind, name: d.name, reads });
  }
  if (problems.length === 0) return;
  throw new PormgError(
    "PLAN_REFUSED",
    `the SQLite table rebuild of "${op.to.name}" would re-create views and triggers that no longer match the table: ${problems.join("; ")}. ` +
      "Drop or rewrite those objects first (a hand-written step, or by hand before makemigrations) and re-create them after migrating, or keep the columns.",
    { table: op.to.name, objects },
  );
}
