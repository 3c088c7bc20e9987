import type { Driver } from "../../core/driver.ts";

/** A SqliteObjectRow is one row of `sqlite_master`. */
export interface SqliteObjectRow {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

/** A SqliteColumnRow is one row of `pragma_table_xinfo`, tagged with its table. */
export interface SqliteColumnRow {
  readonly tbl: string;
  readonly cid: number;
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
  /** 0 ordinary, 1 hidden (virtual tables), 2 generated VIRTUAL, 3 generated STORED. */
  readonly hidden: number;
}

/** A SqliteIndexRow is one row of `pragma_index_list`, tagged with its table and its `CREATE INDEX` text. */
export interface SqliteIndexRow {
  readonly tbl: string;
  readonly name: string;
  readonly unique: number;
  /** `c` CREATE INDEX, `u` UNIQUE constraint, `pk` PRIMARY KEY. */
  readonly origin: string;
  readonly partial: number;
  readonly sql: string | null;
}

/** A SqliteIndexColumnRow is one key row of `pragma_index_xinfo` (`key = 1`), tagged with its index. */
export interface SqliteIndexColumnRow {
  readonly idx: string;
  readonly seqno: number;
  /** The table column, -1 for the rowid, -2 for an expression. */
  readonly cid: number;
  readonly name: string | null;
  readonly desc: number;
  /** The key's collation (`BINARY`, `NOCASE` …), as the index uses it. */
  readonly coll: string | null;
}

/** A SqliteForeignKeyRow is one row of `pragma_foreign_key_list`, tagged with its table. */
export interface SqliteForeignKeyRow {
  readonly tbl: string;
  readonly id: number;
  readonly seq: number;
  readonly table: string;
  readonly from: string;
  readonly to: string | null;
  readonly on_update: string;
  readonly on_delete: string;
}

/** A SqliteCatalog is everything introspection reads from one SQLite database, as raw rows. */
export interface SqliteCatalog {
  readonly objects: readonly SqliteObjectRow[];
  /** `pragma_table_list` kinds by name (`table`, `view`, `virtual`, `shadow`); undefined before SQLite 3.37. */
  readonly tableKinds: ReadonlyMap<string, string> | undefined;
  /** Each table's columns together, in cid order. */
  readonly columns: readonly SqliteColumnRow[];
  /** By table, then index name. */
  readonly indexes: readonly SqliteIndexRow[];
  /** In no set order: readers sort an index's keys by `seqno`. */
  readonly indexColumns: readonly SqliteIndexColumnRow[];
  /** In no set order: readers group them by `id` and sort by `seq`. */
  readonly foreignKeys: readonly SqliteForeignKeyRow[];
}

/**
 * The ordinary tables of the main schema: no SQLite internals, no virtual tables (their modules may
 * be missing). LIKE ignores ASCII case (pormg never sets `case_sensitive_like`), so the text is not
 * uppercased first: LIKE stops at the first character that differs from the prefix.
 */
const plainTables = `sqlite_master m WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_'
  AND coalesce(m.sql, '') NOT LIKE 'CREATE VIRTUAL%'`;

/**
 * Reads a SQLite database's catalog in six queries, however many tables it has: `sqlite_master`,
 * `pragma_table_list`, and `pragma_table_xinfo`, `pragma_index_list`, `pragma_index_xinfo` and
 * `pragma_foreign_key_list` each joined with `sqlite_master` so one query covers every table.
 */
export async function readSqliteCatalog(driver: Driver): Promise<SqliteCatalog> {
  const objects = await driver.query<SqliteObjectRow & Record<string, unknown>>(
    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
  );
  const columns = await driver.query<SqliteColumnRow & Record<string, unknown>>(
    `SELECT m.name AS tbl, p.cid AS cid, p.name AS name, p.type AS type, p."notnull" AS "notnull",
       p.dflt_value AS dflt_value, p.pk AS pk, p.hidden AS hidden
     FROM ${plainTables.replace("WHERE", "JOIN pragma_table_xinfo(m.name) p WHERE")}`,
  );
  // The join reads each table's pragma rows in turn, in cid order: SQLite need not sort them (an
  // ORDER BY costs a sort of every column). Should a version ever give them otherwise, they are sorted here.
  if (!inTableOrder(columns)) columns.sort((a, b) => compareText(a.tbl, b.tbl) || a.cid - b.cid);
  // Each index's CREATE INDEX text comes from the sqlite_master rows already read (a correlated
  // subquery by name here is quadratic in the number of indexes, in SQLite itself).
  const indexSql = new Map(objects.filter((o) => o.type === "index").map((o) => [o.name, o.sql]));
  const indexRows = await driver.query<Omit<SqliteIndexRow, "sql"> & Record<string, unknown>>(
    `SELECT m.name AS tbl, il.name AS name, il."unique" AS "unique", il.origin AS origin, il.partial AS partial
     FROM ${plainTables.replace("WHERE", "JOIN pragma_index_list(m.name) il WHERE")} ORDER BY m.name, il.name`,
  );
  const indexes: SqliteIndexRow[] = indexRows.map((r) => ({ ...r, sql: indexSql.get(r.name) ?? null }));
  const indexColumns = await driver.query<SqliteIndexColumnRow & Record<string, unknown>>(
    `SELECT il.name AS idx, ix.seqno AS seqno, ix.cid AS cid, ix.name AS name, ix."desc" AS "desc", ix.coll AS coll
     FROM ${plainTables.replace("WHERE", "JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ix WHERE")}
       AND ix."key" = 1`,
  );
  const foreignKeys = await driver.query<SqliteForeignKeyRow & Record<string, unknown>>(
    `SELECT m.name AS tbl, f.id AS id, f.seq AS seq, f."table" AS "table", f."from" AS "from", f."to" AS "to",
       f.on_update AS on_update, f.on_delete AS on_delete
     FROM ${plainTables.replace("WHERE", "JOIN pragma_foreign_key_list(m.name) f WHERE")}`,
  );
  return { objects, tableKinds: await readTableKinds(driver), columns, indexes, indexColumns, foreignKeys };
}

/** Whether each table's column rows come together and in cid order. */
function inTableOrder(rows: readonly SqliteColumnRow[]): boolean {
  const seen = new Set<string>();
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as SqliteColumnRow;
    const previous = rows[k - 1];
    if (previous !== undefined && previous.tbl === row.tbl) {
      if (previous.cid >= row.cid) return false;
    } else if (seen.has(row.tbl)) return false;
    else seen.add(row.tbl);
  }
  return true;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `pragma_table_list` exists from SQLite 3.37; older versions leave shadow-table detection to name prefixes. */
async function readTableKinds(driver: Driver): Promise<ReadonlyMap<string, string> | undefined> {
  try {
    const rows = await driver.query<{ name: string; type: string }>(
      "SELECT name, type FROM pragma_table_list WHERE schema = 'main'",
    );
    return new Map(rows.map((r) => [r.name, r.type]));
  } catch {
    return undefined;
  }
}
