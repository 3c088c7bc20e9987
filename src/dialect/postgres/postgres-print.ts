/**
 * Server-side printing of expressions on PostgreSQL: scratch tables are created as temporary tables
 * in a transaction that is always rolled back, and read back exactly as introspection reads live
 * tables, so an expression comes back as PostgreSQL itself prints it (`budget >= 0` on a numeric
 * column → `budget >= 0::numeric`, `lower(name)` on a varchar → `lower(name::text)`).
 */

import type { Driver } from "../../core/driver.ts";
import { isPormgError } from "../../core/errors.ts";
import { sha256Hex } from "../../core/hash.ts";
import { canonicalJson } from "../../schema/fingerprint.ts";
import type { Column, Index, Table } from "../../schema/ir.ts";
import {
  quoteIdent,
  renderCheck,
  renderColumnDefinition,
  renderCreateIndex,
  renderCreateTable,
  renderDefault,
} from "./postgres-ddl.ts";
import { createExtensions } from "./postgres-extensions.ts";
import { readTableRows, tablesFromRows } from "./postgres-introspect.ts";

/** PrintOptions: the schema whose objects expressions name, the extensions they may use, and the cache's scope. */
export interface PrintOptions {
  /**
   * The managed schema: `search_path` is it alone (so `pg_catalog` is searched first), as during
   * introspection and when a plan runs.
   */
  readonly schema: string;
  /**
   * The connection's `extensions:`, created first in the scratch transaction (`CREATE EXTENSION IF
   * NOT EXISTS`, rolled back), as `migrate` creates them before a plan's steps: models whose columns
   * have extension types (`citext`, `hstore`) print too. One that cannot be created is left out.
   */
  readonly extensions?: readonly string[];
  /**
   * What identifies the database (its connection target), for the in-process cache; without it
   * nothing is cached (e.g. inside `dry-run --verify`, whose plan may change what names resolve to).
   */
  readonly cacheScope?: string;
}

/** The cache: printed tables by scope, server version, schema and scratch table. Failures are never cached. */
const cache = new Map<string, Table>();
const CACHE_LIMIT = 2000;

/** Thrown inside the scratch transaction to roll it back whatever happened. */
class Rollback extends Error {}

/**
 * Prints tables on the server. Each input table (its name does not matter; its checks and indexes
 * must be named, uniquely) is created as a temporary table with its columns' types, collations
 * and defaults, its checks and its indexes, then read back through the introspector's catalog
 * queries and cleaning, under the same `search_path`. The result has, per input, the table as read back with
 * the input's check and index names (so the caller finds each by its name), or undefined when the
 * table could not be created at all (no TEMP privilege, a read-only server, no PL/pgSQL). A part
 * that fails alone (a column whose type does not exist, one default, check or index PostgreSQL
 * refuses) is missing from the result; the rest is there.
 *
 * One batch: a fixed number of statements whatever the number of tables (one `DO` block creates
 * them all, each in its own subtransaction, then one query for the temporary schema and the three
 * catalog queries). Nothing persists: the
 * transaction (or savepoint, inside the caller's transaction) is always rolled back.
 */
export async function printTables(
  driver: Driver,
  tables: readonly Table[],
  options: PrintOptions,
): Promise<(Table | undefined)[]> {
  const keys = tables.map((t) => cacheKey(driver, t, options));
  const out: (Table | undefined)[] = keys.map((k) => (k === undefined ? undefined : cache.get(k)));
  const todo = tables.map((t, i) => ({ table: t, i })).filter(({ i }) => out[i] === undefined);
  if (todo.length === 0) return out;
  const printed = await printBatch(
    driver,
    todo.map((t) => t.table),
    options.schema,
    options.extensions ?? [],
  );
  todo.forEach(({ table, i }, n) => {
    const result = printed[n];
    out[i] = result;
    const key = keys[i];
    if (result && key !== undefined && complete(table, result)) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, result);
    }
  });
  return out;
}

function cacheKey(driver: Driver, table: Table, options: PrintOptions): string | undefined {
  if (options.cacheScope === undefined) return undefined;
  const text = canonicalJson([
    options.cacheScope,
    driver.serverVersion,
    options.schema,
    options.extensions ?? [],
    { ...table, name: "" },
  ]);
  return sha256Hex(text);
}

/** Whether every default, generated column, check and index of `input` came back. */
function complete(input: Table, printed: Table): boolean {
  const columns = new Map(printed.columns.map((c) => [c.name, c]));
  const checks = new Set(printed.checks.map((c) => c.name));
  const indexes = new Set([...printed.indexes, ...printed.uniques].map((i) => i.name));
  return (
    input.columns.every((c) => c.default === undefined || columns.get(c.name)?.default !== undefined) &&
    input.columns.every((c) => c.generated === undefined || columns.get(c.name)?.generated !== undefined) &&
    input.checks.every((c) => checks.has(c.name)) &&
    input.indexes.every((i) => indexes.has(i.name))
  );
}

/** The statements that create one scratch table, for the `DO` block. */
interface ScratchDdl {
  /** The whole table: columns, defaults, checks. */
  readonly create: string;
  /** When `create` fails: the table with no columns, … */
  readonly empty: string;
  /** … each column with its type only, each on its own (a type that does not exist loses that column only), … */
  readonly columns: readonly string[];
  /** … then each generated column (re-created as generated), default and check on its own. */
  readonly parts: readonly string[];
  readonly indexes: readonly string[];
}

const statement = (sql: string) => sql.replace(/;\s*$/, "");

function scratchDdl(table: Table, name: string): ScratchDdl {
  const target = quoteIdent(name);
  const columns: Column[] = table.columns.map(({ identity: _, ...c }) => ({ ...c, nullable: true }));
  const checks = table.checks.map((c, j) => ({ name: `${name}_c${j}`, expression: c.expression }));
  const empty = { foreignKeys: [], uniques: [], indexes: [] };
  const temp = (sql: string) => statement(sql).replace(/^CREATE TABLE /, "CREATE TEMP TABLE ");
  return {
    create: temp(renderCreateTable({ name, columns, checks, ...empty })),
    empty: `CREATE TEMP TABLE ${target} ()`,
    columns: columns.map(
      ({ name: column, type, collation }) =>
        `ALTER TABLE ${target} ADD COLUMN ${renderColumnDefinition({ name: column, type, nullable: true, ...(collation !== undefined && { collation }) })}`,
    ),
    parts: [
      ...columns.flatMap((c) =>
        c.generated === undefined
          ? []
          : [`ALTER TABLE ${target} DROP COLUMN ${quoteIdent(c.name)}, ADD COLUMN ${renderColumnDefinition(c)}`],
      ),
      ...columns.flatMap((c) =>
        c.default === undefined
          ? []
          : [
              `ALTER TABLE ${target} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${renderDefault(c.default, c.type)}`,
            ],
      ),
      ...checks.map((c) => `ALTER TABLE ${target} ADD ${renderCheck(c)}`),
    ],
    indexes: table.indexes.map((index, j) => statement(renderCreateIndex(name, { ...index, name: `${name}_i${j}` }))),
  };
}

// Every name is qualified: the block runs with search_path set to the user's schema. Catalog
// functions and types are written pg_catalog-qualified all the same, whatever the schema holds.
const block = (payloadTag: string, payload: string) => `DO $pormg_print$
DECLARE
  payload pg_catalog.json := ${payloadTag}${payload}${payloadTag};
  item pg_catalog.json;
  part pg_catalog.text;
BEGIN
  PERFORM pg_catalog.set_config('search_path', pg_catalog.json_extract_path_text(payload, 'searchPath'), true);
  FOR item IN SELECT value FROM pg_catalog.json_array_elements(pg_catalog.json_extract_path(payload, 'tables')) LOOP
    BEGIN
      EXECUTE pg_catalog.json_extract_path_text(item, 'create');
    EXCEPTION WHEN OTHERS THEN
      BEGIN
        EXECUTE pg_catalog.json_extract_path_text(item, 'empty');
        FOR part IN SELECT value FROM pg_catalog.json_array_elements_text(pg_catalog.json_extract_path(item, 'columns')) LOOP
          BEGIN EXECUTE part; EXCEPTION WHEN OTHERS THEN NULL; END;
        END LOOP;
        FOR part IN SELECT value FROM pg_catalog.json_array_elements_text(pg_catalog.json_extract_path(item, 'parts')) LOOP
          BEGIN EXECUTE part; EXCEPTION WHEN OTHERS THEN NULL; END;
        END LOOP;
      EXCEPTION WHEN OTHERS THEN NULL;
      END;
    END;
    FOR part IN SELECT value FROM pg_catalog.json_array_elements_text(pg_catalog.json_extract_path(item, 'indexes')) LOOP
      BEGIN EXECUTE part; EXCEPTION WHEN OTHERS THEN NULL; END;
    END LOOP;
  END LOOP;
END
$pormg_print$`;

/** A dollar-quote tag that does not occur in `text`. */
function dollarTag(text: string): string {
  let n = 0;
  while (text.includes(`$pormg_data${n}$`)) n++;
  return `$pormg_data${n}$`;
}

async function printBatch(
  driver: Driver,
  tables: readonly Table[],
  schema: string,
  extensions: readonly string[],
): Promise<(Table | undefined)[]> {
  const names = tables.map((_, i) => `pormg_scratch_${i}`);
  const payload = JSON.stringify({
    // The schema alone: pg_catalog is searched first, as introspection and the plan have it.
    searchPath: quoteIdent(schema),
    tables: tables.map((t, i) => scratchDdl(t, names[i] as string)),
  });
  let read: Map<string, Table> | undefined;
  try {
    await driver.transaction(async (tx) => {
      try {
        if (extensions.length > 0) {
          await tx.query("SELECT pg_catalog.set_config('search_path', $1, true)", [quoteIdent(schema)]);
          // In a savepoint: an extension that cannot be created (no privilege) only leaves its types out.
          await tx
            .transaction((inner) => createExtensions(inner, extensions))
            .catch((error) => {
              if (!isPormgError(error, "STATEMENT_FAILED")) throw error;
            });
        }
        await tx.execute(block(dollarTag(payload), payload));
        const [temp] = await tx.query<{ name: string | null }>(
          "SELECT n.nspname AS name FROM pg_catalog.pg_namespace n WHERE n.oid = pg_catalog.pg_my_temp_schema()",
        );
        if (temp?.name)
          read = tablesFromRows(
            names.map((name) => ({ name })),
            await readTableRows(tx, temp.name),
            [],
          );
      } catch (error) {
        if (!isDatabaseError(error)) throw error;
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return tables.map((t, i) => {
    const back = read?.get(names[i] as string);
    return back && withInputNames(t, back, names[i] as string);
  });
}

/** A statement the server refused (it carries a SQLSTATE), as opposed to a lost connection or a bug. */
function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
}

/** The read-back table under the input's check and index names (scratch names mapped back by position). */
function withInputNames(input: Table, back: Table, name: string): Table {
  const checkName = new Map(input.checks.map((c, j) => [`${name}_c${j}`, c.name]));
  const indexName = new Map(input.indexes.map((x, j) => [`${name}_i${j}`, x.name]));
  const renamed = <T extends { readonly name?: string }>(items: readonly T[], names: Map<string, string | undefined>) =>
    items
      .filter((x) => x.name !== undefined && names.has(x.name))
      .map((x) => ({ ...x, name: names.get(x.name ?? "") }));
  const indexes: Index[] = [
    ...renamed(back.indexes, indexName),
    // An index whose keys all read back as plain columns, unique and without predicate, is a Unique.
    ...renamed(back.uniques, indexName).map((u) => ({
      ...(u.name !== undefined && { name: u.name }),
      keys: u.columns.map((column) => ({ column })),
      unique: true,
    })),
  ];
  return { ...back, name: input.name, checks: renamed(back.checks, checkName), indexes, uniques: [] };
}
