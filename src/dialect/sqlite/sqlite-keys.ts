import { canonicalExpression } from "../../schema/expression.ts";
import type { Column, ForeignKey, Index, IndexKey, KeyCollations, ReferentialAction, Unique } from "../../schema/ir.ts";
import { isName } from "../../sql/token-predicates.ts";
import { tokenize } from "../../sql/tokenize.ts";
import type { SqliteColumnRow, SqliteForeignKeyRow, SqliteIndexColumnRow, SqliteIndexRow } from "./sqlite-catalog.ts";
import { readCreateIndex } from "./sqlite-create-index.ts";
import type { SqliteCatalogLookup } from "./sqlite-lookup.ts";
import { sqliteSql } from "./sqlite-sql.ts";
import type { NamedColumns, TableSqlFacts } from "./sqlite-table-sql.ts";

/** Whether two SQLite identifiers name the same thing: SQLite compares them case-insensitively (ASCII). */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

// The readers below run once per key, index and foreign key of every table: they loop instead of
// passing callbacks, so reading a schema makes no closure per item.

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!sameName(a[k] as string, b[k] as string)) return false;
  return true;
}

/** Takes (and removes) the first name in `names` whose columns are `columns`. */
function takeName(names: NamedColumns[], columns: readonly string[]): string | undefined {
  for (let k = 0; k < names.length; k++)
    if (sameColumns((names[k] as NamedColumns).columns, columns)) return names.splice(k, 1)[0]?.name;
  return undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const bySeq = (a: SqliteForeignKeyRow, b: SqliteForeignKeyRow) => a.seq - b.seq;
const byIdDescending = (a: number, b: number) => b - a;
const byPk = (a: SqliteColumnRow, b: SqliteColumnRow) => a.pk - b.pk;
const bySeqno = (a: SqliteIndexColumnRow, b: SqliteIndexColumnRow) => a.seqno - b.seqno;

const actions: readonly ReferentialAction[] = ["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"];

function action(text: string): ReferentialAction {
  const upper = text.toUpperCase() as ReferentialAction;
  return actions.includes(upper) ? upper : "NO ACTION";
}

/**
 * The foreign keys of `table` from `pragma_foreign_key_list`: composite keys grouped by id in
 * `seq` order; the parent table spelled as `sqlite_master` spells it; referenced columns spelled as
 * the parent declares them, and the parent's primary key when the clause names none; the
 * constraint name when the `CREATE TABLE` text gives one; `deferred` when the text declares it
 * `DEFERRABLE INITIALLY DEFERRED`.
 */
export function readForeignKeys(table: string, facts: TableSqlFacts, lookup: SqliteCatalogLookup): ForeignKey[] {
  const rows = lookup.foreignKeysByTable.get(table);
  if (rows === undefined) return [];
  const byId = new Map<number, SqliteForeignKeyRow[]>();
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as SqliteForeignKeyRow;
    const list = byId.get(row.id);
    if (list) list.push(row);
    else byId.set(row.id, [row]);
  }
  const names = [...facts.foreignKeyNames];
  const ids = [...byId.keys()].sort(byIdDescending);
  const out: ForeignKey[] = [];
  for (let i = 0; i < ids.length; i++) {
    const group = (byId.get(ids[i] as number) as SqliteForeignKeyRow[]).sort(bySeq);
    const first = group[0] as SqliteForeignKeyRow;
    const parent = lookup.tableNames.get(first.table.toLowerCase()) ?? first.table;
    const parentColumns = lookup.columnsByTable.get(parent) ?? [];
    let parentKey: string[] | undefined; // the parent's visible key columns, read for a clause that names no column
    const referenced: string[] = [];
    const columns: string[] = [];
    for (let k = 0; k < group.length; k++) {
      const r = group[k] as SqliteForeignKeyRow;
      columns.push(r.from);
      if (r.to === null) {
        parentKey ??= visibleKey(parentColumns);
        referenced.push(parentKey[k] ?? "");
      } else referenced.push(visibleColumn(parentColumns, r.to) ?? r.to);
    }
    const name = takeName(names, columns);
    let deferred = false;
    for (let k = 0; k < facts.deferredForeignKeys.length && !deferred; k++)
      deferred = sameColumns(facts.deferredForeignKeys[k] as readonly string[], columns);
    const references = { table: parent, columns: referenced };
    const onDelete = action(first.on_delete);
    const onUpdate = action(first.on_update);
    out.push(
      name === undefined
        ? { columns, references, onDelete, onUpdate, deferred }
        : { name, columns, references, onDelete, onUpdate, deferred },
    );
  }
  return out;
}

/** The names of the visible primary-key columns of `columns` (one table's rows), in key order. */
function visibleKey(columns: readonly SqliteColumnRow[]): string[] {
  const key: SqliteColumnRow[] = [];
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k] as SqliteColumnRow;
    if (c.hidden !== 1 && c.pk > 0) key.push(c);
  }
  return key.sort(byPk).map(columnName);
}

const columnName = (c: SqliteColumnRow) => c.name;

/** The first visible column of `columns` named `name` (case-insensitively), as it is spelled there. */
function visibleColumn(columns: readonly SqliteColumnRow[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k] as SqliteColumnRow;
    if (c.hidden !== 1 && c.name.toLowerCase() === lower) return c.name;
  }
  return undefined;
}

/**
 * The collations a key index (a UNIQUE constraint's or the primary key's `sqlite_autoindex_…`)
 * gives its columns where they differ from the column's own (`columns`, the table's IR columns;
 * `BINARY` when a column has none), uppercased; undefined when every key column uses its own.
 */
export function keyCollations(
  rows: readonly SqliteIndexColumnRow[],
  columns: readonly Column[],
): KeyCollations | undefined {
  const collations: (string | null)[] = [];
  let some = false;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as SqliteIndexColumnRow;
    const own = (row.name === null ? undefined : columnNamed(columns, row.name))?.collation ?? "BINARY";
    const used = (row.coll ?? "BINARY").toUpperCase();
    const differs = used !== own.toUpperCase();
    collations.push(differs ? used : null);
    some ||= differs;
  }
  return some ? collations : undefined;
}

/** The first of `columns` named `name` (case-insensitively). */
function columnNamed(columns: readonly Column[], name: string): Column | undefined {
  for (let k = 0; k < columns.length; k++) if (sameName((columns[k] as Column).name, name)) return columns[k];
  return undefined;
}

/** The key rows (`pragma_index_xinfo`, key columns) of index `name`, in key order. */
export function indexKeyRows(lookup: SqliteCatalogLookup, name: string): SqliteIndexColumnRow[] {
  return [...(lookup.indexColumnsByIndex.get(name) ?? [])].sort(bySeqno);
}

/**
 * The uniques and indexes of `table` from `pragma_index_list` / `pragma_index_xinfo`, with key
 * expressions and predicates read from the `CREATE INDEX` text. The primary key's own index is
 * skipped. Unique indexes over plain ascending columns with no predicate are `uniques` (a UNIQUE
 * constraint's `sqlite_autoindex_…` name is not a name: its CONSTRAINT name from the table text is
 * used, or none); everything else is an `index`. A key is a column when the index text names just
 * a column, and an expression otherwise (including `col COLLATE x`). A UNIQUE constraint's
 * collations inside its key (`UNIQUE (name COLLATE NOCASE)`) are its `collations` (`tableColumns`: the
 * table's IR columns, whose own collations those are compared with).
 */
export function readIndexes(
  table: string,
  lookup: SqliteCatalogLookup,
  facts: TableSqlFacts,
  tableColumns: readonly Column[],
): { uniques: Unique[]; indexes: Index[] } {
  const uniques: Unique[] = [];
  const indexes: Index[] = [];
  const names = [...facts.uniqueNames];
  const list = lookup.indexesByTable.get(table) ?? [];
  for (let i = 0; i < list.length; i++) {
    const index = list[i] as SqliteIndexRow;
    if (index.origin === "pk") continue;
    const text = index.sql === null ? undefined : readCreateIndex(index.sql);
    const rows = indexKeyRows(lookup, index.name);
    const keys: IndexKey[] = [];
    const columns: string[] = []; // the key columns, while every key is a plain ascending column
    let plainKeys = true;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k] as SqliteIndexColumnRow;
      const written = text?.keys[k]?.text;
      const key: Mutable<IndexKey> =
        row.cid >= 0 && row.name !== null && (written === undefined || isBareName(written))
          ? { column: row.name }
          : { expression: canonicalExpression(written ?? row.name ?? "rowid") };
      if (row.desc === 1) key.descending = true;
      if (!("column" in key) || row.desc === 1) plainKeys = false;
      else columns.push(key.column);
      keys.push(key);
    }
    const where = text?.where;
    const constraint = index.origin === "u";
    if (index.unique === 1 && plainKeys && where === undefined) {
      const name = constraint ? takeName(names, columns) : index.name;
      // A plain unique index's keys are bare column names, so only a constraint's can be collated.
      const collations = constraint ? keyCollations(rows, tableColumns) : undefined;
      const unique: Mutable<Unique> = name === undefined ? { columns } : { name, columns };
      if (collations) unique.collations = collations;
      uniques.push(unique);
      continue;
    }
    const out: Mutable<Index> = constraint
      ? { keys, unique: index.unique === 1 }
      : { name: index.name, keys, unique: index.unique === 1 };
    if (where !== undefined) out.where = where;
    indexes.push(out);
  }
  return { uniques, indexes };
}

/** A plain ASCII identifier: always exactly one word token. */
const plainName = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function isBareName(text: string): boolean {
  if (plainName.test(text)) return true;
  const tokens = tokenize(text, sqliteSql);
  return tokens.length === 1 && isName(tokens[0]);
}
