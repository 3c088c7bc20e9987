import { canonicalExpression } from "../../schema/expression.ts";
import type { Column, ForeignKey, Index, IndexKey, KeyCollations, ReferentialAction, Unique } from "../../schema/ir.ts";
import { isName, tokenize } from "../../sql/tokenize.ts";
import type { SqliteForeignKeyRow, SqliteIndexColumnRow } from "./sqlite-catalog.ts";
import { readCreateIndex } from "./sqlite-create-index.ts";
import type { SqliteCatalogLookup } from "./sqlite-lookup.ts";
import { sqliteSql } from "./sqlite-sql.ts";
import type { NamedColumns, TableSqlFacts } from "./sqlite-table-sql.ts";

/** Whether two SQLite identifiers name the same thing: SQLite compares them case-insensitively (ASCII). */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, k) => sameName(c, b[k] as string));
}

/** Takes (and removes) the first name in `names` whose columns are `columns`. */
function takeName(names: NamedColumns[], columns: readonly string[]): string | undefined {
  const k = names.findIndex((n) => sameColumns(n.columns, columns));
  if (k < 0) return undefined;
  const [found] = names.splice(k, 1);
  return found?.name;
}

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
  const byId = new Map<number, SqliteForeignKeyRow[]>();
  for (const row of lookup.foreignKeysByTable.get(table) ?? []) {
    const list = byId.get(row.id);
    if (list) list.push(row);
    else byId.set(row.id, [row]);
  }
  const names = [...facts.foreignKeyNames];
  const ids = [...byId.keys()].sort((a, b) => b - a);
  return ids.map((id) => {
    const group = (byId.get(id) ?? []).sort((a, b) => a.seq - b.seq);
    const first = group[0] as SqliteForeignKeyRow;
    const parent = lookup.tableNames.get(first.table.toLowerCase()) ?? first.table;
    const parentColumns = lookup.columnsByTable.get(parent) ?? [];
    // The parent's key (its visible columns') is needed only for a clause that names no column.
    const parentKey = group.some((r) => r.to === null)
      ? parentColumns
          .filter((c) => c.hidden !== 1 && c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name)
      : [];
    const referenced = group.map((r, k) => {
      if (r.to === null) return parentKey[k] ?? "";
      const to = r.to.toLowerCase();
      return parentColumns.find((c) => c.hidden !== 1 && c.name.toLowerCase() === to)?.name ?? r.to;
    });
    const columns = group.map((r) => r.from);
    const name = takeName(names, columns);
    return {
      ...(name !== undefined && { name }),
      columns,
      references: { table: parent, columns: referenced },
      onDelete: action(first.on_delete),
      onUpdate: action(first.on_update),
      deferred: facts.deferredForeignKeys.some((d) => sameColumns(d, columns)),
    };
  });
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
  const collations = rows.map((row) => {
    const own = columns.find((c) => row.name !== null && sameName(c.name, row.name))?.collation ?? "BINARY";
    const used = (row.coll ?? "BINARY").toUpperCase();
    return used === own.toUpperCase() ? null : used;
  });
  return collations.some((c) => c !== null) ? collations : undefined;
}

/** The key rows (`pragma_index_xinfo`, key columns) of index `name`, in key order. */
export function indexKeyRows(lookup: SqliteCatalogLookup, name: string): SqliteIndexColumnRow[] {
  return [...(lookup.indexColumnsByIndex.get(name) ?? [])].sort((a, b) => a.seqno - b.seqno);
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
  for (const index of (lookup.indexesByTable.get(table) ?? []).filter((i) => i.origin !== "pk")) {
    const text = index.sql === null ? undefined : readCreateIndex(index.sql);
    const rows = indexKeyRows(lookup, index.name);
    const keys: IndexKey[] = rows.map((row, k) => {
      const written = text?.keys[k]?.text;
      const descending = row.desc === 1 ? { descending: true } : {};
      if (row.cid >= 0 && row.name !== null && (written === undefined || isBareName(written))) {
        return { column: row.name, ...descending };
      }
      return { expression: canonicalExpression(written ?? row.name ?? "rowid"), ...descending };
    });
    const where = text?.where;
    const plain = keys.every((k) => "column" in k && !k.descending) && where === undefined;
    const constraint = index.origin === "u";
    if (index.unique === 1 && plain) {
      const columns = keys.map((k) => ("column" in k ? k.column : ""));
      const name = constraint ? takeName(names, columns) : index.name;
      // A plain unique index's keys are bare column names, so only a constraint's can be collated.
      const collations = constraint ? keyCollations(rows, tableColumns) : undefined;
      uniques.push({ ...(name !== undefined && { name }), columns, ...(collations && { collations }) });
      continue;
    }
    indexes.push({
      ...(!constraint && { name: index.name }),
      keys,
      unique: index.unique === 1,
      ...(where !== undefined && { where }),
    });
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
