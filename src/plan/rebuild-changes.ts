import { sameJson } from "../core/canonical-json.ts";
/**
 * What a SQLite table rebuild changes, in words: the phrases its step label lists and the
 * destructive reasons `migrate` names (docs/design.md §10: a rebuild that keeps every column and row is
 * not destructive, and nothing a rebuild loses may go unnamed).
 */
import { describeType } from "../schema/describe.ts";
import type { Column, Default, ForeignKey, Index, Table } from "../schema/ir.ts";
import { defaultName } from "../schema/names.ts";
import { checkShape, foreignKeyShape, indexShape, uniqueShape } from "../schema/normalize.ts";
import type { Operation } from "../schema/operation.ts";

type Rebuild = Extract<Operation, { kind: "rebuildTable" }>;

/** RebuildChanges are the words of one rebuild: every change for its label, and the column drops. */
export interface RebuildChanges {
  /** Every change, in a fixed order: columns (target order), dropped columns, keys, constraints, indexes, options. */
  readonly changes: readonly string[];
  /** The live columns the rebuild does not copy (their values are lost), as `table.column`. */
  readonly droppedColumns: readonly string[];
}

const list = (columns: readonly string[]) => `(${columns.join(", ")})`;

function describeDefault(value: Default | undefined): string {
  if (value === undefined) return "none";
  return value.kind === "literal" ? JSON.stringify(value.value) : value.sql;
}

function typeChange(name: string, from: Column, to: Column): string | undefined {
  if (sameJson(from.type, to.type)) return undefined;
  const shown = `${describeType(from.type)} → ${describeType(to.type)}`;
  if (from.type.kind === "varchar" && to.type.kind === "varchar") {
    // A length-less varchar (PostgreSQL only) is the widest.
    const wider = (to.type.length ?? Number.POSITIVE_INFINITY) > (from.type.length ?? Number.POSITIVE_INFINITY);
    return `${wider ? "widen" : "narrow"} ${name} ${shown}`;
  }
  if (from.type.kind === "varchar" && to.type.kind === "text") return `widen ${name} ${shown}`;
  if (from.type.kind === "text" && to.type.kind === "varchar") return `narrow ${name} ${shown}`;
  return `retype ${name} ${shown}`;
}

/** How a generated column is declared, for a label: `AS (a * 2) STORED`. */
function describeGenerated(generated: NonNullable<Column["generated"]>): string {
  return `AS (${generated.expression}) ${generated.stored ? "STORED" : "VIRTUAL"}`;
}

/** The phrases of one copied column's changes (type, nullability, default, identity, collation, generation). */
export function columnChangePhrases(from: Column, to: Column): string[] {
  const name = to.name;
  const out: string[] = [];
  const type = typeChange(name, from, to);
  if (type !== undefined) out.push(type);
  if (from.nullable && !to.nullable) out.push(`make ${name} NOT NULL`);
  if (!from.nullable && to.nullable) out.push(`make ${name} nullable`);
  if (!sameJson(from.default, to.default)) {
    if (to.default === undefined) out.push(`drop default of ${name} (${describeDefault(from.default)})`);
    else if (from.default === undefined) out.push(`set default of ${name} to ${describeDefault(to.default)}`);
    else out.push(`change default of ${name} ${describeDefault(from.default)} → ${describeDefault(to.default)}`);
  }
  if (from.identity === undefined && to.identity !== undefined) out.push(`make ${name} AUTOINCREMENT`);
  if (from.identity !== undefined && to.identity === undefined) out.push(`drop AUTOINCREMENT of ${name}`);
  if (from.collation !== to.collation) {
    if (to.collation === undefined) out.push(`drop COLLATE ${from.collation} of ${name}`);
    else if (from.collation === undefined) out.push(`collate ${name} ${to.collation}`);
    else out.push(`collate ${name} ${from.collation} → ${to.collation}`);
  }
  if (!sameJson(from.generated, to.generated)) {
    if (to.generated === undefined) out.push(`make ${name} a plain column`);
    else if (from.generated === undefined) out.push(`make ${name} generated ${describeGenerated(to.generated)}`);
    else out.push(`regenerate ${name} ${describeGenerated(from.generated)} → ${describeGenerated(to.generated)}`);
  }
  return out;
}

function describeForeignKey(fk: ForeignKey): string {
  return `${list(fk.columns)} → ${fk.references.table}${list(fk.references.columns)}`;
}

/** Items of one kind on one side only, by shape (names do not count). */
function onlyIn<T>(items: readonly T[], other: readonly T[], shape: (item: T) => string): T[] {
  const shapes = new Set(other.map(shape));
  return items.filter((item) => !shapes.has(shape(item)));
}

function indexPhrases(table: string, from: readonly Index[], to: readonly Index[]): string[] {
  const name = (i: Index) => i.name ?? defaultName.index(table, i.keys);
  const out = [
    ...onlyIn(from, to, indexShape).map((i) => `remove index ${name(i)}`),
    ...onlyIn(to, from, indexShape).map((i) => `create index ${name(i)}`),
  ];
  for (const target of to) {
    const live = from.find((i) => indexShape(i) === indexShape(target));
    if (live !== undefined && target.name !== undefined && name(live) !== target.name)
      out.push(`rename index ${name(live)} → ${target.name}`);
  }
  return out;
}

function optionPhrases(from: Table, to: Table): string[] {
  const out: string[] = [];
  const strict = (t: Table) => t.options?.strict === true;
  const withoutRowid = (t: Table) => t.options?.withoutRowid === true;
  if (strict(from) !== strict(to)) out.push(strict(to) ? "make the table STRICT" : "drop STRICT");
  if (withoutRowid(from) !== withoutRowid(to))
    out.push(withoutRowid(to) ? "make the table WITHOUT ROWID" : "drop WITHOUT ROWID");
  return out;
}

/**
 * Describes a SQLite rebuild, comparing its source table (as the database holds it when the step
 * runs) with its target through the copy mapping: per target column `add c` (nothing to copy) or
 * its changes (`widen name varchar(120) → varchar(200)`, `make c NOT NULL`, …); per source column
 * not copied `drop c`; then the primary key, foreign keys, uniques, checks and indexes that appear
 * or go (`remove index n` for an index the models do not declare), and table options. Pure.
 */
export function describeRebuild(op: Rebuild): RebuildChanges {
  const { from, to } = op;
  const sourceOf = new Map(op.columns.map((c) => [c.to, c.from]));
  const copied = new Set(op.columns.map((c) => c.from));
  const changes: string[] = [];
  for (const target of to.columns) {
    const source = from.columns.find((c) => c.name === sourceOf.get(target.name));
    if (source === undefined) changes.push(`add ${target.name}`);
    else changes.push(...columnChangePhrases(source, target));
  }
  const dropped = from.columns.filter((c) => !copied.has(c.name)).map((c) => c.name);
  changes.push(...dropped.map((c) => `drop ${c}`));
  const key = (t: Table) => t.primaryKey?.columns;
  if (!sameJson(key(from), key(to))) {
    const before = key(from);
    const after = key(to);
    if (before === undefined && after !== undefined) changes.push(`add primary key ${list(after)}`);
    else if (before !== undefined && after === undefined) changes.push(`drop primary key ${list(before)}`);
    else if (before !== undefined && after !== undefined) changes.push(`primary key ${list(before)} → ${list(after)}`);
  }
  changes.push(
    ...onlyIn(from.foreignKeys, to.foreignKeys, foreignKeyShape).map(
      (f) => `drop foreign key ${describeForeignKey(f)}`,
    ),
    ...onlyIn(to.foreignKeys, from.foreignKeys, foreignKeyShape).map((f) => `add foreign key ${describeForeignKey(f)}`),
    ...onlyIn(from.uniques, to.uniques, uniqueShape).map((u) => `drop unique ${list(u.columns)}`),
    ...onlyIn(to.uniques, from.uniques, uniqueShape).map((u) => `add unique ${list(u.columns)}`),
    ...onlyIn(from.checks, to.checks, checkShape).map((c) => `drop check (${c.expression})`),
    ...onlyIn(to.checks, from.checks, checkShape).map((c) => `add check (${c.expression})`),
    ...indexPhrases(to.name, from.indexes, to.indexes),
    ...optionPhrases(from, to),
  );
  return { changes, droppedColumns: dropped.map((c) => `${to.name}.${c}`) };
}
