import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { splitExternalForeignKeys } from "../../introspect/external-foreign-keys.ts";
import { canonicalExpression } from "../../schema/expression.ts";
import { isIgnored } from "../../schema/ignore-lists.ts";
import type { Column, LiveSchema, Table, UnmanagedObject } from "../../schema/ir.ts";
import {
  type MysqlCatalog,
  type MysqlColumnRow,
  type MysqlServer,
  type MysqlTableRow,
  readMysqlCatalog,
} from "./mysql-catalog.ts";
import { canonicalTimeFunction, cleanMysqlDefault } from "./mysql-defaults.ts";
import { inventoryObjects, relationObject } from "./mysql-dependents.ts";
import { addChecks, addForeignKeys, addIndexes, type TableDraft } from "./mysql-keys.ts";
import { parseMysqlType } from "./mysql-type-text.ts";

/**
 * MySQL's built-in ignore list: PostgreSQL's (the tables of Django, Celery and friends that often
 * share a database, and pormg's history tables).
 */
export const MYSQL_IGNORED_PREFIXES: readonly string[] = [
  "auth_",
  "django_",
  "social_",
  "account_",
  "allauth_",
  "admin_",
  "celery_",
  "django_celery_",
  "djcelery_",
  "kombu_",
  "pormg_migration",
];

/** MysqlIntrospectOptions choose what `introspectMysql` reads (`IntrospectorOptions`; `schema` is not used). */
export interface MysqlIntrospectOptions {
  /** Extra table-name prefixes to skip (the connection's `ignore_tables`), on top of the built-in list. */
  readonly ignoreTables: readonly string[];
  /**
   * Only these tables (`IntrospectorOptions.tables`): the per-table queries read them alone. Which
   * tables are managed still comes from the whole database, so a foreign key to a managed table
   * outside the scope stays the table's own.
   */
  readonly tables?: readonly string[];
}

/**
 * Reads the connection's database (MySQL has no schemas inside a database: `IntrospectorOptions.schema`
 * is not used) into the IR: its base tables (not matched by the ignore lists) with columns, types
 * (`parseMysqlType`), defaults (mysql-defaults.ts), AUTO_INCREMENT (an identity, `always: false`),
 * generated columns, collations other than the table's, the primary key, uniques, indexes, foreign
 * keys and checks, plus the unmanaged inventory (views, sequences, triggers, routines, events) and
 * the ignored tables. A constant number of `information_schema` queries (six, `readMysqlCatalog`)
 * whatever the number of tables; the rows are grouped by table once. They run outside a
 * transaction: `information_schema` is not read through one (and DDL would commit it anyway).
 *
 * Clauses of a managed table the IR does not carry are unmanaged `constraint`s on the table, named
 * as SQLite names its (`column "x" ON UPDATE CURRENT_TIMESTAMP`, `column "x" INVISIBLE`,
 * `WITH SYSTEM VERSIONING`, `PARTITION BY`), so they are never mistaken for nothing; so are foreign
 * keys to tables pormg does not manage (ignored, or in another database). Indexes the IR cannot
 * express (prefix lengths, invisible or ignored) are unmanaged `index`es (mysql-keys.ts).
 */
export async function introspectMysql(driver: Driver, options: MysqlIntrospectOptions): Promise<LiveSchema> {
  if (driver.dialect !== "mysql") {
    throw new PormgError("INTERNAL", `introspectMysql was given a ${driver.dialect} connection`);
  }
  return buildMysqlLiveSchema(await readMysqlCatalog(driver, options.tables), options);
}

/** Rows grouped by their `table`, in the order they came. */
function byTable<R extends { readonly table: string }>(rows: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.table);
    if (group) group.push(row);
    else groups.set(row.table, [row]);
  }
  return groups;
}

/** Builds the LiveSchema from the catalog's rows. Pure. */
export function buildMysqlLiveSchema(catalog: MysqlCatalog, options: MysqlIntrospectOptions): LiveSchema {
  const ignoredTable = (name: string) => isIgnored(name, MYSQL_IGNORED_PREFIXES, options.ignoreTables);
  const inScope = options.tables ? new Set(options.tables) : undefined;
  const managed = new Set<string>();
  const heads: MysqlTableRow[] = [];
  const ignored: string[] = [];
  const unmanaged: UnmanagedObject[] = [];
  for (const row of catalog.tables) {
    if (row.type !== "BASE TABLE" && row.type !== "SYSTEM VERSIONED") {
      const object = relationObject(row);
      if (object) unmanaged.push(object);
      continue;
    }
    if (ignoredTable(row.name)) {
      ignored.push(row.name);
      continue;
    }
    managed.add(row.name);
    if (inScope && !inScope.has(row.name)) continue;
    heads.push(row);
    if (row.type === "SYSTEM VERSIONED")
      unmanaged.push({ kind: "constraint", name: "WITH SYSTEM VERSIONING", table: row.name });
    if (/\bpartitioned\b/i.test(row.options ?? ""))
      unmanaged.push({ kind: "constraint", name: "PARTITION BY", table: row.name });
  }
  const tables = tablesFromCatalog(catalog, heads, managed, unmanaged);
  const ignoredSet = new Set(ignored);
  unmanaged.push(...inventoryObjects(catalog.inventory, (t) => ignoredSet.has(t)));

  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    schema: { dialect: "mysql", tables: tables.sort((a, b) => byName(a.name, b.name)) },
    unmanaged: unmanaged.sort(
      (a, b) => byName(a.kind, b.kind) || byName(a.table ?? "", b.table ?? "") || byName(a.name, b.name),
    ),
    ignored: ignored.sort(byName),
  };
}

/**
 * Folds the catalog's rows into the IR tables `heads` names (rows of other tables are skipped):
 * columns, keys, indexes, foreign keys and checks. What the IR cannot express is pushed to
 * `unmanaged`, and so is a foreign key to a table outside `managed`. Introspection and the
 * server-side printer of the models' expressions (mysql-print.ts) share it, so both read alike.
 */
export function tablesFromCatalog(
  catalog: MysqlCatalog,
  heads: readonly MysqlTableRow[],
  managed: ReadonlySet<string>,
  unmanaged: UnmanagedObject[],
): Table[] {
  const columns = byTable(catalog.columns);
  const parts = byTable(catalog.indexParts);
  const foreignKeys = byTable(catalog.foreignKeys);
  const checks = byTable(catalog.checks);
  const drafts: TableDraft[] = [];
  for (const head of heads) {
    const table: TableDraft = { name: head.name, columns: [], foreignKeys: [], uniques: [], indexes: [], checks: [] };
    for (const row of columns.get(head.name) ?? []) table.columns.push(toColumn(row, head, catalog.server, unmanaged));
    addForeignKeys(table, foreignKeys.get(head.name) ?? []);
    addIndexes(table, parts.get(head.name) ?? [], unmanaged);
    addChecks(table, checks.get(head.name) ?? [], unmanaged);
    drafts.push(table);
  }
  const split = splitExternalForeignKeys(drafts.map(freeze), (t) => managed.has(t));
  unmanaged.push(...split.external);
  return split.tables;
}

/**
 * One column in the IR. Its collation is kept only when it is not its table's default (which the
 * models' tables get); `ON UPDATE` and `INVISIBLE`, which the IR does not carry, are pushed to
 * `unmanaged` as clauses of the table.
 */
function toColumn(
  row: MysqlColumnRow,
  table: MysqlTableRow,
  server: MysqlServer,
  unmanaged: UnmanagedObject[],
): Column {
  const type = parseMysqlType(row.type);
  const extra = row.extra ?? "";
  const column: Column = {
    name: row.name,
    type,
    nullable: row.nullable === "YES",
    ...(row.collation !== null && row.collation !== table.collation && { collation: row.collation }),
  };
  const onUpdate = /\bon update (\S+)/i.exec(extra);
  if (onUpdate) {
    const sql = canonicalTimeFunction(onUpdate[1] ?? "") ?? onUpdate[1] ?? "";
    unmanaged.push({ kind: "constraint", name: `column "${row.name}" ON UPDATE ${sql}`, table: table.name });
  }
  if (/\bINVISIBLE\b/i.test(extra))
    unmanaged.push({ kind: "constraint", name: `column "${row.name}" INVISIBLE`, table: table.name });
  const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  if (generated && row.generation !== null && row.generation !== "") {
    const stored = (generated[1] ?? "").toUpperCase() !== "VIRTUAL";
    return { ...column, generated: { expression: canonicalExpression(row.generation), stored } };
  }
  if (/\bauto_increment\b/i.test(extra)) return { ...column, identity: { always: false } };
  const cleaned = cleanMysqlDefault(row.default, extra, type, server.flavor);
  return cleaned ? { ...column, default: cleaned } : column;
}

function freeze(t: TableDraft): Table {
  return {
    name: t.name,
    columns: t.columns,
    ...(t.primaryKey && { primaryKey: t.primaryKey }),
    foreignKeys: t.foreignKeys,
    uniques: t.uniques,
    indexes: t.indexes,
    checks: t.checks,
  };
}
