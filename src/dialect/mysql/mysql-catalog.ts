/**
 * The catalog queries MySQL / MariaDB introspection runs: a fixed set of six, each covering every
 * table of the connection's database at once (`TABLE_SCHEMA = DATABASE()`, never one query per
 * table), read from `information_schema` alone. Which columns exist depends on the server (MySQL 8's
 * functional key parts and invisible indexes, MariaDB 10.6's ignored indexes, CHECK_CONSTRAINTS from
 * MariaDB 10.2 and MySQL 8.0.16), so the query text depends on {@link MysqlServer}; the number of
 * queries never does.
 *
 * Every column is aliased in lower case: `information_schema` column names are upper case on
 * MySQL 8 and MariaDB alike, but an alias is returned as written.
 */
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";

/** Which server a connection talks to, from `VERSION()` (`10.11.6-MariaDB-…`, `8.0.36`). */
export interface MysqlServer {
  readonly flavor: "mysql" | "mariadb";
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** The server behind a `Driver.serverVersion` text. */
export function serverFlavor(version: string): MysqlServer {
  const [major = 0, minor = 0, patch = 0] = (/^(\d+)\.(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  return { flavor: /mariadb/i.test(version) ? "mariadb" : "mysql", major, minor, patch };
}

/** Whether `server` is at least `major.minor.patch`. */
export function atLeast(server: MysqlServer, major: number, minor = 0, patch = 0): boolean {
  if (server.major !== major) return server.major > major;
  if (server.minor !== minor) return server.minor > minor;
  return server.patch >= patch;
}

/**
 * Every table, view and (MariaDB) sequence of the database, with the table-level facts the IR has no
 * slot for yet (engine, default collation, `CREATE_OPTIONS`): see `MysqlTableRow`. The database's
 * name comes along (`db`), and one row with a null `name` when it has no tables, so that a
 * connection without a database is told from an empty one in the same query.
 */
export const tablesQuery = `
SELECT d.db, t.TABLE_NAME AS name, t.TABLE_TYPE AS type, t.ENGINE AS engine, t.TABLE_COLLATION AS collation,
       t.CREATE_OPTIONS AS options
  FROM (SELECT DATABASE() AS db) d
  LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = d.db
 ORDER BY t.TABLE_NAME`;

/** One row of {@link tablesQuery} (the row of an empty database, whose `name` is null, left out). */
export interface MysqlTableRow {
  readonly [key: string]: unknown;
  readonly name: string;
  /** `BASE TABLE`, `VIEW`, MariaDB's `SEQUENCE` and `SYSTEM VERSIONED`; `TEMPORARY` on some versions. */
  readonly type: string;
  /**
   * The storage engine (`InnoDB`, `MyISAM` …) and the table's default collation (which implies its
   * character set): table-level facts the IR does not carry (`Table.options` is SQLite's). They
   * would go in a MySQL `Table.options` (`{ engine, collation }`); until then introspection uses
   * the collation only to leave out the columns' collations that are the table's.
   */
  readonly engine: string | null;
  readonly collation: string | null;
  /** `partitioned`, `row_format=…` …, space-separated. */
  readonly options: string | null;
}

/**
 * The condition a scoped per-table query adds: the table is one of `?` (a list, which the client
 * expands to `'a', 'b'`; an empty scope is passed as `[null]`, which matches nothing).
 */
function inScope(column: string, scoped: boolean): string {
  return scoped ? ` AND ${column} IN (?)` : "";
}

/**
 * Columns of every table, in ordinal order. `default` is `COLUMN_DEFAULT` as the server spells it
 * (which differs: see mysql-defaults.ts); `extra` holds `auto_increment`, `on update …`, the
 * generated kind (`VIRTUAL GENERATED`, `STORED GENERATED`), MySQL's `DEFAULT_GENERATED` and
 * `INVISIBLE`.
 */
export function columnsQuery(scoped: boolean): string {
  return `
SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
       COLUMN_DEFAULT AS \`default\`, EXTRA AS extra, COLLATION_NAME AS collation,
       GENERATION_EXPRESSION AS generation
  FROM information_schema.COLUMNS
 WHERE TABLE_SCHEMA = DATABASE()${inScope("TABLE_NAME", scoped)}
 ORDER BY TABLE_NAME, ORDINAL_POSITION`;
}

/** One row of {@link columnsQuery}. */
export interface MysqlColumnRow {
  readonly [key: string]: unknown;
  readonly table: string;
  readonly name: string;
  readonly type: string;
  readonly nullable: "YES" | "NO";
  readonly default: string | null;
  readonly extra: string;
  readonly collation: string | null;
  readonly generation: string | null;
}

/**
 * Every key part of every index (the primary key is the index `PRIMARY`; a UNIQUE constraint is a
 * unique index), in key order. `expression` is MySQL 8.0.13's functional key part (null elsewhere);
 * `hidden` is an invisible (MySQL 8) or ignored (MariaDB 10.6) index.
 */
export function statisticsQuery(server: MysqlServer, scoped: boolean): string {
  const mysql8 = server.flavor === "mysql" && atLeast(server, 8, 0, 13);
  const expression = mysql8 ? "EXPRESSION" : "NULL";
  const hidden =
    server.flavor === "mysql"
      ? atLeast(server, 8)
        ? "IS_VISIBLE = 'NO'"
        : "FALSE"
      : atLeast(server, 10, 6)
        ? "IGNORED = 'YES'"
        : "FALSE";
  return `
SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq,
       COLUMN_NAME AS \`column\`, ${expression} AS expression, COLLATION AS \`order\`, SUB_PART AS sub_part,
       INDEX_TYPE AS method, ${hidden} AS hidden
  FROM information_schema.STATISTICS
 WHERE TABLE_SCHEMA = DATABASE()${inScope("TABLE_NAME", scoped)}
 ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
}

/** One row of {@link statisticsQuery}. */
export interface MysqlIndexPartRow {
  readonly [key: string]: unknown;
  readonly table: string;
  readonly name: string;
  readonly non_unique: string | number;
  readonly seq: string | number;
  readonly column: string | null;
  readonly expression: string | null;
  /** `A` ascending, `D` descending, null when the index does not sort (FULLTEXT, HASH). */
  readonly order: string | null;
  /** The key's prefix length in characters (`KEY (title(10))`), or null for the whole column. */
  readonly sub_part: string | number | null;
  /** `BTREE`, `HASH`, `FULLTEXT`, `SPATIAL`, `RTREE`. */
  readonly method: string;
  readonly hidden: string | number | boolean;
}

/**
 * Every foreign key, one row per column in key order, with its referenced table (and that table's
 * schema, which may be another database) and its ON DELETE / ON UPDATE rules.
 */
export function foreignKeysQuery(scoped: boolean): string {
  return `
SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS \`column\`,
       k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table,
       k.REFERENCED_COLUMN_NAME AS ref_column, r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update,
       k.REFERENCED_TABLE_SCHEMA = DATABASE() AS same_schema
  FROM information_schema.KEY_COLUMN_USAGE k
  JOIN information_schema.REFERENTIAL_CONSTRAINTS r
    ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
   AND r.TABLE_NAME = k.TABLE_NAME
 WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL${inScope("k.TABLE_NAME", scoped)}
 ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;
}

/** One row of {@link foreignKeysQuery}. */
export interface MysqlForeignKeyRow {
  readonly [key: string]: unknown;
  readonly table: string;
  readonly name: string;
  readonly column: string;
  readonly ref_schema: string;
  readonly ref_table: string;
  readonly ref_column: string;
  readonly on_delete: string;
  readonly on_update: string;
  readonly same_schema: string | number;
}

/**
 * Every CHECK constraint with its condition as the server prints it, or undefined when the server
 * keeps none (MySQL before 8.0.16, MariaDB before 10.2). MariaDB's CHECK_CONSTRAINTS names the
 * table itself (its check names are per table: a column-level check is named after its column);
 * MySQL's does not (its names are per schema), so it is joined with TABLE_CONSTRAINTS, which also
 * says whether the check is enforced.
 */
export function checksQuery(server: MysqlServer, scoped: boolean): string | undefined {
  if (server.flavor === "mariadb") {
    if (!atLeast(server, 10, 2, 1)) return undefined;
    return `
SELECT TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS expression, 'YES' AS enforced
  FROM information_schema.CHECK_CONSTRAINTS
 WHERE CONSTRAINT_SCHEMA = DATABASE()${inScope("TABLE_NAME", scoped)}
 ORDER BY TABLE_NAME, CONSTRAINT_NAME`;
  }
  if (!atLeast(server, 8, 0, 16)) return undefined;
  return `
SELECT t.TABLE_NAME AS \`table\`, c.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS expression, t.ENFORCED AS enforced
  FROM information_schema.CHECK_CONSTRAINTS c
  JOIN information_schema.TABLE_CONSTRAINTS t
    ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME
   AND t.CONSTRAINT_TYPE = 'CHECK'
 WHERE c.CONSTRAINT_SCHEMA = DATABASE()${inScope("t.TABLE_NAME", scoped)}
 ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME`;
}

/** One row of {@link checksQuery}. */
export interface MysqlCheckRow {
  readonly [key: string]: unknown;
  readonly table: string;
  readonly name: string;
  readonly expression: string;
  /** `NO` for MySQL's `NOT ENFORCED`. */
  readonly enforced: string;
}

/**
 * Triggers (with their table), stored functions and procedures, and events of the database. The
 * names are converted to one character set: the catalog's tables may differ in collation, which a
 * UNION of their columns refuses on MySQL 8.
 */
export const inventoryQuery = `
SELECT 'trigger' AS kind, CONVERT(TRIGGER_NAME USING utf8mb4) AS name,
       CONVERT(EVENT_OBJECT_TABLE USING utf8mb4) AS \`table\`
  FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
UNION ALL
SELECT CASE WHEN ROUTINE_TYPE = 'FUNCTION' THEN 'function' ELSE 'procedure' END,
       CONVERT(ROUTINE_NAME USING utf8mb4), NULL
  FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
UNION ALL
SELECT 'event', CONVERT(EVENT_NAME USING utf8mb4), NULL
  FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()`;

/** One row of {@link inventoryQuery}. */
export interface MysqlInventoryRow {
  readonly [key: string]: unknown;
  readonly kind: "trigger" | "function" | "procedure" | "event";
  readonly name: string;
  readonly table: string | null;
}

/** The rows of every catalog query, as `readMysqlCatalog` returns them. */
export interface MysqlCatalog {
  readonly server: MysqlServer;
  readonly tables: readonly MysqlTableRow[];
  readonly columns: readonly MysqlColumnRow[];
  readonly indexParts: readonly MysqlIndexPartRow[];
  readonly foreignKeys: readonly MysqlForeignKeyRow[];
  readonly checks: readonly MysqlCheckRow[];
  readonly inventory: readonly MysqlInventoryRow[];
}

/**
 * Runs the catalog queries (six at most, whatever the number of tables; the client queues them on
 * the one connection). With `tables` the per-table queries (columns, indexes, foreign keys, checks)
 * read those tables alone; the tables and the inventory are read whole.
 */
export async function readMysqlCatalog(driver: Driver, tables?: readonly string[]): Promise<MysqlCatalog> {
  const server = serverFlavor(driver.serverVersion);
  const scoped = tables !== undefined;
  const params = scoped ? [tables.length > 0 ? [...tables] : [null]] : [];
  const checks = checksQuery(server, scoped);
  const [tableRows, columns, indexParts, foreignKeys, checkRows, inventory] = await Promise.all([
    driver.query<MysqlTableRow & { readonly db: string | null }>(tablesQuery),
    driver.query<MysqlColumnRow>(columnsQuery(scoped), params),
    driver.query<MysqlIndexPartRow>(statisticsQuery(server, scoped), params),
    driver.query<MysqlForeignKeyRow>(foreignKeysQuery(scoped), params),
    checks === undefined ? Promise.resolve([]) : driver.query<MysqlCheckRow>(checks, params),
    driver.query<MysqlInventoryRow>(inventoryQuery),
  ]);
  if (tableRows[0]?.db === null || tableRows[0]?.db === undefined)
    throw new PormgError(
      "CONFIG_INVALID",
      "the MySQL connection names no database: add one to the URL (mysql://host/<database>) or set `database`",
    );
  return {
    server,
    tables: tableRows.filter((t) => t.name !== null),
    columns,
    indexParts,
    foreignKeys,
    checks: checkRows,
    inventory,
  };
}
