/**
 * Server-side printing of expressions on MySQL / MariaDB: the server keeps an expression as it
 * prints it, not as written (identifiers in backticks, `now()` as `current_timestamp()`, MySQL 8's
 * charset introducers `_utf8mb4'x'`), so the models' defaults, generated columns, checks and index
 * expressions are created in scratch tables and read back exactly as introspection reads live
 * tables (`readMysqlCatalog`, `tablesFromCatalog`).
 *
 * MySQL has no transactional DDL and its temporary tables are not in `information_schema`, so the
 * scratch tables are real tables, named `pormg_migration_print_<random>_<n>` (under pormg's own
 * ignore prefix, so a concurrent introspection never sees them) and dropped again whatever
 * happens. DDL commits implicitly: call it outside a transaction.
 */

import { randomBytes } from "node:crypto";
import type { Driver } from "../../core/driver.ts";
import { sha256Hex } from "../../core/hash.ts";
import type { PrintOptions } from "../../introspect/introspector.ts";
import { canonicalJson } from "../../schema/fingerprint.ts";
import type { Check, Column, Default, Index, Table } from "../../schema/ir.ts";
import { readMysqlCatalog } from "./mysql-catalog.ts";
import { canonicalTimeFunction } from "./mysql-defaults.ts";
import { tablesFromCatalog } from "./mysql-introspect.ts";
import { quoteIdent, quoteLiteral } from "./mysql-quote.ts";
import { isMariadb } from "./mysql-timeouts.ts";
import { renderMysqlType } from "./mysql-type-text.ts";

function renderDefault(d: Default): string {
  if (d.kind === "expression") return canonicalTimeFunction(d.sql) ?? `(${d.sql})`;
  if (typeof d.value === "boolean") return d.value ? "TRUE" : "FALSE";
  return typeof d.value === "number" ? String(d.value) : quoteLiteral(d.value);
}

/** A scratch column's definition: type, collation, generation or default (no key, no AUTO_INCREMENT). */
function columnSql(c: Column): string {
  const parts = [quoteIdent(c.name), renderMysqlType(c.type)];
  if (c.collation !== undefined) parts.push(`COLLATE ${c.collation}`);
  if (c.generated)
    parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? "STORED" : "VIRTUAL"}`);
  else {
    parts.push(c.nullable ? "NULL" : "NOT NULL");
    if (c.default) parts.push(`DEFAULT ${renderDefault(c.default)}`);
  }
  return parts.join(" ");
}

function checkSql(check: Check, prefix: string): string {
  return `CONSTRAINT ${quoteIdent(`${prefix}${check.name ?? ""}`)} CHECK (${check.expression})`;
}

function indexSql(index: Index): string {
  const keys = index.keys.map(
    (k) => `${"column" in k ? quoteIdent(k.column) : `(${k.expression})`}${k.descending ? " DESC" : ""}`,
  );
  const kind =
    index.method === "fulltext" ? "FULLTEXT " : index.method === "spatial" ? "SPATIAL " : index.unique ? "UNIQUE " : "";
  return `${kind}KEY ${quoteIdent(index.name ?? "")} (${keys.join(", ")})`;
}

/** The scratch table's columns that render (a type MySQL lacks leaves its column out). */
function renderable(table: Table): Column[] {
  return table.columns.filter((c) => {
    try {
      renderMysqlType(c.type);
      return true;
    } catch {
      return false;
    }
  });
}

/** Runs `sql`, telling whether the server accepted it. */
async function tried(driver: Driver, sql: string): Promise<boolean> {
  try {
    await driver.execute(sql);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates scratch table `name` for `table`: whole in one statement, or, when the server refuses
 * that, its bare columns first and then each default, generated column, check and index on its
 * own, so a part that fails alone is just missing (`"parts"`). False when not even the bare
 * columns go in.
 */
async function createScratch(
  driver: Driver,
  name: string,
  table: Table,
  checkPrefix: string,
): Promise<"whole" | "parts" | false> {
  const columns = renderable(table);
  if (columns.length === 0) return false;
  const items = [
    ...columns.map(columnSql),
    ...table.checks.map((c) => checkSql(c, checkPrefix)),
    ...table.indexes.map(indexSql),
  ];
  if (
    columns.length === table.columns.length &&
    (await tried(driver, `CREATE TABLE ${quoteIdent(name)} (${items.join(", ")})`))
  )
    return "whole";
  const bare = columns.map((c) => {
    const { default: _d, generated: _g, ...plain } = c;
    return columnSql({ ...plain, nullable: true });
  });
  if (!(await tried(driver, `CREATE TABLE ${quoteIdent(name)} (${bare.join(", ")})`))) return false;
  for (const c of columns)
    if (c.default !== undefined || c.generated !== undefined)
      await tried(driver, `ALTER TABLE ${quoteIdent(name)} MODIFY COLUMN ${columnSql(c)}`);
  for (const item of [...table.checks.map((c) => checkSql(c, checkPrefix)), ...table.indexes.map(indexSql)])
    await tried(driver, `ALTER TABLE ${quoteIdent(name)} ADD ${item}`);
  return "parts";
}

/**
 * Runs `fn` with the session's transactions writable: a reading command's connection is read-only
 * (`SET SESSION TRANSACTION READ ONLY`, mysql-session.ts), where the server refuses the scratch
 * tables' DDL too (error 1792) and nothing would print. The session is read-only again afterwards.
 * The variable is MariaDB's `tx_read_only`, MySQL 8's `transaction_read_only`.
 */
async function writable<T>(driver: Driver, fn: () => Promise<T>): Promise<T> {
  const variable = isMariadb(driver.serverVersion) ? "tx_read_only" : "transaction_read_only";
  const [row] = await driver.query<{ ro: number | string }>(`SELECT @@SESSION.${variable} AS ro`);
  if (Number(row?.ro) !== 1) return fn();
  await driver.execute("SET SESSION TRANSACTION READ WRITE");
  try {
    return await fn();
  } finally {
    await driver.execute("SET SESSION TRANSACTION READ ONLY");
  }
}

/** Printed tables by scope, server version and scratch table. Failures are never cached. */
const cache = new Map<string, Table>();
const CACHE_LIMIT = 2000;

function cacheKey(driver: Driver, table: Table, options: PrintOptions): string | undefined {
  if (options.cacheScope === undefined) return undefined;
  return sha256Hex(canonicalJson([options.cacheScope, driver.serverVersion, { ...table, name: "" }]));
}

/**
 * Prints tables on the server (`Introspector.printTables`). Each input table (its name does not
 * matter; its checks and indexes must be named, uniquely) is created as a scratch table with its
 * columns' types, collations, defaults and generated expressions, its checks and its indexes, then
 * read back through the introspector's catalog queries and folding. Per input: the table as read
 * back, under the input's name and with the input's check and index names, or undefined when not
 * even its columns could be created. One catalog read for the whole batch (six queries); the
 * scratch tables take one statement each (more for a table the server refuses whole) and one
 * `DROP TABLE` at the end.
 */
export async function printMysqlTables(
  driver: Driver,
  tables: readonly Table[],
  options: PrintOptions,
): Promise<(Table | undefined)[]> {
  const keys = tables.map((t) => cacheKey(driver, t, options));
  const out: (Table | undefined)[] = keys.map((k, i) => {
    const known = k === undefined ? undefined : cache.get(k);
    return known && { ...known, name: (tables[i] as Table).name };
  });
  if (out.every((t) => t !== undefined)) return out;
  return writable(driver, () => printUncached(driver, tables, keys, out));
}

/** `printMysqlTables` for the inputs `out` has no cached print of yet (`keys`: their cache keys). */
async function printUncached(
  driver: Driver,
  tables: readonly Table[],
  keys: readonly (string | undefined)[],
  out: (Table | undefined)[],
): Promise<(Table | undefined)[]> {
  const run = randomBytes(4).toString("hex");
  // Check names are per database on MySQL: the scratch ones carry the run's own prefix.
  const checkPrefix = `pormg_print_${run}_`;
  const created = new Map<string, number>();
  const whole = new Set<number>();
  try {
    for (let i = 0; i < tables.length; i++) {
      if (out[i] !== undefined) continue;
      const name = `pormg_migration_print_${run}_${i}`;
      const made = await createScratch(driver, name, tables[i] as Table, checkPrefix);
      if (made !== false) created.set(name, i);
      if (made === "whole") whole.add(i);
    }
    if (created.size === 0) return out;
    const catalog = await readMysqlCatalog(driver, [...created.keys()]);
    const heads = catalog.tables.filter((t) => created.has(t.name));
    for (const read of tablesFromCatalog(catalog, heads, new Set(), [])) {
      const i = created.get(read.name) as number;
      const printed: Table = {
        ...read,
        name: (tables[i] as Table).name,
        checks: read.checks.map((c) => ({ ...c, name: (c.name ?? "").slice(checkPrefix.length) })),
      };
      out[i] = printed;
      const key = keys[i];
      // Only a table the server took whole is cached: a missing part may be a passing failure.
      if (key !== undefined && whole.has(i)) {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, printed);
      }
    }
    return out;
  } finally {
    if (created.size > 0)
      await driver.execute(`DROP TABLE IF EXISTS ${[...created.keys()].map(quoteIdent).join(", ")}`).catch(() => {});
  }
}
