import type { Driver } from "../../core/driver.ts";
import { splitExternalForeignKeys } from "../../introspect/external-foreign-keys.ts";
import { isIgnored } from "../../schema/ignore-lists.ts";
import type { Column, ColumnType, LiveSchema, PrimaryKey, Table, UnmanagedObject } from "../../schema/ir.ts";
import { canonicalNativeType } from "../../schema/native-type.ts";
import { normalizeSchema } from "../../schema/normalize.ts";
import {
  readSqliteCatalog,
  type SqliteCatalog,
  type SqliteColumnRow,
  type SqliteIndexRow,
  type SqliteObjectRow,
} from "./sqlite-catalog.ts";
import { type CreateTableReading, readCreateTable } from "./sqlite-create-table.ts";
import { parseSqliteDefault } from "./sqlite-defaults.ts";
import { indexKeyRows, keyCollations, readForeignKeys, readIndexes, sameName } from "./sqlite-keys.ts";
import { type SqliteCatalogLookup, sqliteCatalogLookup } from "./sqlite-lookup.ts";
import { sqliteNormalize } from "./sqlite-normalize.ts";
import type { TableSqlFacts } from "./sqlite-table-sql.ts";
import { parseSqliteType } from "./sqlite-types.ts";

/** SQLite's built-in ignore list: its own bookkeeping tables and pormg's history tables. */
export const SQLITE_IGNORED_PREFIXES: readonly string[] = ["sqlite_sequence", "sqlite_autoindex", "pormg_migration"];

/** SqliteIntrospectOptions tune what introspection reads. */
export interface SqliteIntrospectOptions {
  /** Extra table-name prefixes to skip (the connection's `ignore_tables`), on top of the built-in list. */
  readonly ignoreTables: readonly string[];
}

/**
 * Reads a SQLite database into a LiveSchema: its ordinary tables as the normalized Schema IR,
 * views and triggers (with their SQL), virtual tables (with their shadow tables) and the clauses
 * of managed tables the IR does not carry (`constraint`s on their table: `ON CONFLICT`, generated
 * columns … — a rebuild refuses to lose them) as the unmanaged inventory, and the tables the
 * ignore lists skip. SQLite's own `sqlite_*` tables are internal and appear nowhere.
 * The catalog is read in a fixed number of queries (see `readSqliteCatalog`).
 */
export async function introspectSqlite(driver: Driver, options: SqliteIntrospectOptions): Promise<LiveSchema> {
  return buildSqliteLiveSchema(await readSqliteCatalog(driver), options);
}

/** Builds the LiveSchema from raw catalog rows. Pure. */
export function buildSqliteLiveSchema(catalog: SqliteCatalog, options: SqliteIntrospectOptions): LiveSchema {
  const ignored = (name: string) => isIgnored(name, SQLITE_IGNORED_PREFIXES, options.ignoreTables);
  const isInternal = (name: string) => name.startsWith("sqlite_");
  const tableRows = catalog.objects.filter((o) => o.type === "table" && !isInternal(o.name));
  const virtual = tableRows.filter((o) => isVirtual(o, catalog)).map((o) => o.name);
  const virtualSet = new Set(virtual);
  // A shadow table belongs to the virtual table with the longest name that prefixes `<vtab>_`.
  // pragma_table_list says which tables are shadows; before SQLite 3.37 the prefix alone decides.
  const shadowOf = (name: string): { owner?: string } | undefined => {
    const [owner] =
      virtual.length === 0 ? [] : virtual.filter((v) => name.startsWith(`${v}_`)).sort((a, b) => b.length - a.length);
    const shadow = catalog.tableKinds === undefined ? owner !== undefined : catalog.tableKinds.get(name) === "shadow";
    return shadow ? (owner === undefined ? {} : { owner }) : undefined;
  };
  const unmanaged: UnmanagedObject[] = [];
  const ignoredNames: string[] = [];
  const managed: SqliteObjectRow[] = [];
  for (const o of tableRows) {
    if (ignored(o.name)) ignoredNames.push(o.name);
    else if (virtualSet.has(o.name)) unmanaged.push({ kind: "virtual_table", name: o.name });
    else {
      const shadow = shadowOf(o.name);
      if (shadow === undefined) managed.push(o);
      else
        unmanaged.push({
          kind: "virtual_table",
          name: o.name,
          ...(shadow.owner !== undefined && { table: shadow.owner }),
        });
    }
  }
  for (const o of catalog.objects) {
    if (isInternal(o.name) || ignored(o.name) || ignored(o.tbl_name)) continue;
    const sql = o.sql === null ? {} : { sql: o.sql };
    if (o.type === "view") unmanaged.push({ kind: "view", name: o.name, ...sql });
    if (o.type === "trigger") unmanaged.push({ kind: "trigger", name: o.name, table: o.tbl_name, ...sql });
  }
  // Each CREATE TABLE is read once: its facts and the clauses the IR does not carry.
  const readings = managed.map((o) => readCreateTable(o.sql ?? ""));
  for (let k = 0; k < managed.length; k++)
    for (const { column, clause } of (readings[k] as CreateTableReading).clauses)
      unmanaged.push({
        kind: "constraint",
        name: column === undefined ? clause : `column "${column}" ${clause}`,
        table: (managed[k] as SqliteObjectRow).name,
      });
  const lookup = sqliteCatalogLookup(
    catalog,
    managed.map((o) => o.name),
  );
  // A foreign key to a table an ignore list hides is unmanaged (external-foreign-keys.ts); one to a
  // table that does not exist (SQLite allows it) stays the table's, as written.
  const hidden = new Set(ignoredNames.map((t) => t.toLowerCase()));
  const { tables, external } = splitExternalForeignKeys(
    managed.map((o, k) => buildTable(o, lookup, (readings[k] as CreateTableReading).facts)),
    (t) => !hidden.has(t.toLowerCase()),
  );
  unmanaged.push(...external);
  return {
    schema: normalizeSchema({ dialect: "sqlite", tables }, { normalize: sqliteNormalize }),
    unmanaged: unmanaged.sort((a, b) => compare(a.kind, b.kind) || compare(a.name, b.name)),
    ignored: ignoredNames.sort(compare),
  };
}

function buildTable(row: SqliteObjectRow, lookup: SqliteCatalogLookup, facts: TableSqlFacts): Table {
  // Loops, not callbacks: this runs for every table.
  const all = lookup.columnsByTable.get(row.name) ?? [];
  const rows: SqliteColumnRow[] = [];
  const pkRows: SqliteColumnRow[] = [];
  for (let k = 0; k < all.length; k++) {
    const c = all[k] as SqliteColumnRow;
    if (c.hidden === 1) continue;
    rows.push(c);
    if (c.pk > 0) pkRows.push(c);
  }
  pkRows.sort(byPk);
  const rowidAlias = !facts.withoutRowid && pkRows.length === 1 && pkRows[0]?.type.trim().toUpperCase() === "INTEGER";
  const soleKeyNotAlias = pkRows.length === 1 && !rowidAlias && !facts.withoutRowid ? pkRows[0]?.name : undefined;
  // Each column's COLLATE, by its lowercased name (SQLite names compare case-insensitively); the first written wins.
  const collations = new Map<string, string>();
  if (facts.collations.size > 0)
    for (const [column, collation] of facts.collations)
      if (!collations.has(column.toLowerCase())) collations.set(column.toLowerCase(), collation);
  const columns: Column[] = [];
  for (let k = 0; k < rows.length; k++) {
    const c = rows[k] as SqliteColumnRow;
    columns.push(buildColumn(c, facts, collations, rowidAlias, c.name === soleKeyNotAlias));
  }
  // The key's own index (none for a rowid alias) says which collation the key gives each column.
  const keyIndex = primaryKeyIndex(lookup.indexesByTable.get(row.name));
  const keyCollation = keyIndex && keyCollations(indexKeyRows(lookup, keyIndex.name), columns);
  let primaryKey: PrimaryKey | undefined;
  if (pkRows.length > 0) {
    const keyColumns: string[] = [];
    for (let k = 0; k < pkRows.length; k++) keyColumns.push((pkRows[k] as SqliteColumnRow).name);
    primaryKey = {
      ...(facts.primaryKeyName !== undefined && { name: facts.primaryKeyName }),
      columns: keyColumns,
      ...(keyCollation && { collations: keyCollation }),
    };
  }
  const { uniques, indexes } = readIndexes(row.name, lookup, facts, columns);
  const name = row.name;
  const foreignKeys = readForeignKeys(name, facts, lookup);
  const checks = facts.checks;
  const table: Table = primaryKey
    ? { name, columns, primaryKey, foreignKeys, uniques, indexes, checks }
    : { name, columns, foreignKeys, uniques, indexes, checks };
  if (!facts.strict && !facts.withoutRowid) return table;
  return {
    ...table,
    options: { ...(facts.strict && { strict: true }), ...(facts.withoutRowid && { withoutRowid: true }) },
  };
}

const byPk = (a: SqliteColumnRow, b: SqliteColumnRow) => a.pk - b.pk;

/** The primary key's own index among a table's indexes, if any. */
function primaryKeyIndex(indexes: readonly SqliteIndexRow[] | undefined): SqliteIndexRow | undefined {
  if (indexes === undefined) return undefined;
  for (let k = 0; k < indexes.length; k++) if ((indexes[k] as SqliteIndexRow).origin === "pk") return indexes[k];
  return undefined;
}

/**
 * A column as SQLite really treats it. Nullability is read truthfully: a PRIMARY KEY column may
 * hold NULL in SQLite unless it is declared NOT NULL, except the rowid alias (`INTEGER PRIMARY
 * KEY`) and the key of a `WITHOUT ROWID` table, which never do. Only `INTEGER PRIMARY KEY
 * AUTOINCREMENT` is an identity. The sole primary-key column of a rowid table declared with another
 * integer spelling (`INT PRIMARY KEY`, `BIGINT PRIMARY KEY`) is NOT a rowid alias, and only its
 * declared type says so: its type stays native (`int`), so rendering it never turns it into one.
 * A generated column (`hidden` 2 VIRTUAL, 3 STORED) takes its expression from the `CREATE TABLE`
 * text.
 */
function buildColumn(
  c: SqliteColumnRow,
  facts: TableSqlFacts,
  collations: ReadonlyMap<string, string>,
  rowidAlias: boolean,
  keyNotAlias: boolean,
): Column {
  const expression = c.hidden === 2 || c.hidden === 3 ? generatedExpression(facts, c.name) : undefined;
  // Some SQLite versions report a generated column's declared type with "GENERATED ALWAYS" appended.
  const declared = expression === undefined ? c.type : c.type.replace(/\s+GENERATED\s+ALWAYS\s*$/i, "");
  const parsed = parseSqliteType(declared);
  const type: ColumnType =
    keyNotAlias && parsed.kind === "bigint" ? { kind: "native", sql: canonicalNativeType(declared) } : parsed;
  const neverNull = c.pk > 0 && (rowidAlias || facts.withoutRowid);
  const identity = facts.autoincrement !== undefined && sameName(facts.autoincrement, c.name) && rowidAlias;
  const dflt = identity ? undefined : parseSqliteDefault(c.dflt_value, type);
  const collation = collations.size === 0 ? undefined : collations.get(c.name.toLowerCase());
  // The optional keys are added in this order (the order they print in), each only when present.
  const column: Mutable<Column> = { name: c.name, type, nullable: c.notnull === 0 && !neverNull };
  if (dflt) column.default = dflt;
  if (identity) column.identity = { always: false };
  if (collation !== undefined) column.collation = collation;
  if (expression !== undefined) column.generated = { expression, stored: c.hidden === 3 };
  return column;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The generation expression the `CREATE TABLE` text gives column `name`. */
function generatedExpression(facts: TableSqlFacts, name: string): string | undefined {
  return facts.generated?.find((g) => sameName(g.column, name))?.expression;
}

function isVirtual(o: SqliteObjectRow, catalog: SqliteCatalog): boolean {
  if (catalog.tableKinds?.get(o.name) === "virtual") return true;
  return /^\s*CREATE\s+VIRTUAL\b/i.test(o.sql ?? "");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
