import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { splitExternalForeignKeys } from "../../introspect/external-foreign-keys.ts";
import { canonicalExpression } from "../../schema/expression.ts";
import { isIgnored } from "../../schema/ignore-lists.ts";
import type {
  Column,
  LiveSchema,
  LiveSequence,
  NamedNotNull,
  OwnedSequence,
  StorageParameters,
  Table,
  UnmanagedObject,
} from "../../schema/ir.ts";
import { canonicalStorage, parseReloptions } from "../../schema/storage.ts";
import {
  type ColumnRow,
  type ConstraintRow,
  columnsQuery,
  constraintsQuery,
  type IndexRow,
  type InventoryRow,
  indexesQuery,
  inventoryQuery,
  type RelationRow,
  relationsQuery,
  type SequenceRow,
  sequencesQuery,
} from "./postgres-catalog.ts";
import { quoteIdent } from "./postgres-ddl.ts";
import { cleanPostgresDefault } from "./postgres-defaults.ts";
import { type DependentRow, dependentsQuery, foldDependents } from "./postgres-dependents.ts";
import { APPEND_ONLY_FUNCTION } from "./postgres-history.ts";
import { addConstraint, addIndex, type TableDraft } from "./postgres-keys.ts";
import { parsePostgresType } from "./postgres-types.ts";

/**
 * PostgreSQL's built-in ignore list: the tables of Django, Celery and friends that often share a
 * database, and pormg's history tables (`pormg_migration` covers `pormg_migrations`,
 * `pormg_migration_events` and PormG's `pormg_migrations_data`).
 */
export const POSTGRES_IGNORED_PREFIXES: readonly string[] = [
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

/** PostgresIntrospectOptions choose what `introspectPostgres` reads. */
export interface PostgresIntrospectOptions {
  /** The PostgreSQL schema to read, e.g. `public`. A schema that does not exist reads as empty. */
  readonly schema: string;
  /** Extra table-name prefixes to skip (the connection's `ignore_tables`), on top of the built-in list. */
  readonly ignoreTables: readonly string[];
  /**
   * Only these tables (`IntrospectorOptions.tables`): the per-table queries read them alone, and
   * the dependents and sequences are not read. Which tables are managed still comes from the whole
   * schema, so a foreign key to a managed table outside the scope stays the table's own.
   */
  readonly tables?: readonly string[];
}

/**
 * Reads one PostgreSQL schema into the IR: its ordinary tables (not partitions, not owned by an
 * extension, not matched by the ignore lists) with columns, defaults, identity, keys, uniques,
 * indexes and checks, plus the inventory of everything pormg sees but never manages and what depends
 * on the tables beyond the IR (views reading them, table inheritance: `dependents`). It runs a
 * constant number of statements (nine, the catalog queries pipelined, whatever the number of tables), all in one
 * transaction with `search_path` set to the schema alone (so `pg_catalog` comes first), so
 * expressions name its objects unqualified exactly as the plan, which runs with the same
 * `search_path`, spells them. pormg's own history objects (its tables, their triggers and the
 * append-only trigger function) are left out.
 *
 * Indexes the IR cannot express — invalid ones (left by a failed `CREATE INDEX CONCURRENTLY`), and
 * those with a non-default operator class, collation or NULLS order — are reported
 * as unmanaged `index` objects rather than half-described, so they are never dropped or recreated by
 * mistake (INCLUDE columns are part of an index or unique). EXCLUDE constraints, and primary keys with INCLUDE columns, are reported as
 * unmanaged `constraint`s, and so are foreign keys to a table pormg does not manage (ignored, in
 * another schema, a partitioned table: `splitExternalForeignKeys`). Clauses the IR carries are read in full: DEFERRABLE, MATCH FULL, ON DELETE
 * column lists, NO INHERIT, NOT VALID, NULLS NOT DISTINCT, storage parameters (tables, their TOAST
 * tables, indexes and the indexes of keys), column collations.
 */
export async function introspectPostgres(driver: Driver, options: PostgresIntrospectOptions): Promise<LiveSchema> {
  if (driver.dialect !== "postgresql") {
    throw new PormgError(
      "INTERNAL",
      `introspectPostgres was given a ${driver.dialect} connection; use the SQLite introspector`,
    );
  }
  const params = [options.schema];
  const scope = options.tables;
  const [relations, tableRows, inventory, dependents, sequenceRows] = await driver.transaction(async (tx) => {
    // Transaction-local, and put back afterwards in case the caller's transaction goes on (savepoint).
    // The schema alone: pg_catalog is then searched first, as when the plan runs (see postgres-catalog.ts).
    // Sent together: the client pipelines them on the transaction's connection, in order, so the
    // search_path is set before the catalog queries run, and the server runs them back to back.
    const [[saved], relations, tableRows, inventory, dependents, sequences] = await together([
      tx.query<{ previous: string }>(
        "SELECT pg_catalog.current_setting('search_path') AS previous, pg_catalog.set_config('search_path', $1, true) AS current",
        [quoteIdent(options.schema)],
      ),
      tx.query<RelationRow>(relationsQuery, params),
      readTableRows(tx, options.schema, scope),
      tx.query<InventoryRow>(inventoryQuery, params),
      scope ? Promise.resolve([]) : tx.query<DependentRow>(dependentsQuery, params),
      scope ? Promise.resolve([]) : tx.query<SequenceRow>(sequencesQuery, params),
    ] as const);
    await tx.query("SELECT pg_catalog.set_config('search_path', $1, true)", [saved?.previous ?? ""]);
    return [relations, tableRows, inventory, dependents, sequences] as const;
  });

  const heads: TableHead[] = [];
  const managed = new Set<string>();
  const inScope = scope ? new Set(scope) : undefined;
  const ignored: string[] = [];
  const unmanaged: UnmanagedObject[] = [];
  for (const r of relations) {
    if (r.extension_member) continue;
    if (r.kind === "r" && !r.is_partition) {
      if (isIgnored(r.name, POSTGRES_IGNORED_PREFIXES, options.ignoreTables)) ignored.push(r.name);
      else {
        managed.add(r.name);
        if (inScope && !inScope.has(r.name)) continue;
        const storage = canonicalStorage({
          ...parseReloptions(r.options),
          ...parseReloptions(r.toast_options, "toast."),
        });
        heads.push({ name: r.name, ...(storage && { storage }) });
      }
    } else {
      const object = relationObject(r);
      if (object) unmanaged.push(object);
    }
  }
  const tables = tablesFromRows(heads, tableRows, unmanaged, managed);
  // The sequences serial columns of managed tables own (identity columns own theirs implicitly).
  const ownedSequences: OwnedSequence[] = tableRows.columns.flatMap((row) =>
    tables.has(row.table) && row.serial && row.sequence !== null && row.identity === ""
      ? [{ table: row.table, column: row.name, sql: row.sequence }]
      : [],
  );
  // PostgreSQL 18+: the names of the NOT NULL constraints (a rename renames the default-named ones).
  const notNulls: NamedNotNull[] = tableRows.columns.flatMap((row) =>
    tables.has(row.table) && row.not_null_name !== null
      ? [{ table: row.table, column: row.name, name: row.not_null_name }]
      : [],
  );
  const ignoredSet = new Set(ignored);
  for (const row of inventory) {
    if (row.kind === "trigger" && row.table !== null && ignoredSet.has(row.table)) continue;
    if (row.kind === "function" && row.name === `${APPEND_ONLY_FUNCTION}()`) continue; // pormg's own (history)
    unmanaged.push(
      row.table === null ? { kind: row.kind, name: row.name } : { kind: row.kind, name: row.name, table: row.table },
    );
  }

  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    schema: {
      dialect: "postgresql",
      tables: [...tables.values()].sort((a, b) => byName(a.name, b.name)),
    },
    unmanaged: unmanaged.sort(
      (a, b) => byName(a.kind, b.kind) || byName(a.table ?? "", b.table ?? "") || byName(a.name, b.name),
    ),
    ignored: ignored.sort(byName),
    dependents: foldDependents(dependents, options.schema, new Set(tables.keys())),
    ...(ownedSequences.length > 0 && { ownedSequences }),
    ...(sequenceRows.length > 0 && { sequences: sequenceRows.map((r) => liveSequence(r, options.schema)) }),
    ...(notNulls.length > 0 && { notNulls }),
  };
}

function liveSequence(row: SequenceRow, schema: string): LiveSequence {
  return {
    name: row.name,
    sql: row.sql,
    ...(row.owner && { owner: { table: row.owner.table, column: row.owner.column } }),
    ...(row.owner?.identity && { identity: true }),
    readers: (row.readers ?? []).map((r) =>
      r.schema === schema
        ? { table: r.table, column: r.column }
        : { table: r.table, column: r.column, schema: r.schema },
    ),
  };
}

/** A table before its rows are folded in: its name, and what the relation itself carries. */
export interface TableHead {
  readonly name: string;
  readonly storage?: StorageParameters;
}

/** The rows of the per-table catalog queries ({@link columnsQuery}, {@link constraintsQuery}, {@link indexesQuery}). */
export interface TableRows {
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
}

/**
 * Runs the per-table catalog queries on the namespace `schema` (three, pipelined, whatever the
 * number of tables), on the `tables` named alone when given. The caller sets `search_path`, which
 * decides how expressions name objects.
 */
export async function readTableRows(tx: Driver, schema: string, tables?: readonly string[]): Promise<TableRows> {
  const major = Number.parseInt(tx.serverVersion, 10) || 0;
  const scoped = tables !== undefined;
  const params = scoped ? [schema, [...tables]] : [schema];
  const [columns, constraints, indexes] = await together([
    tx.query<ColumnRow>(columnsQuery(major, scoped), params),
    tx.query<ConstraintRow>(constraintsQuery(major, scoped), params),
    tx.query<IndexRow>(indexesQuery(major, scoped), params),
  ] as const);
  return { columns, constraints, indexes };
}

/**
 * Awaits queries sent together on one connection (the client pipelines them, in order) and
 * throws the first failure in sending order, once every one has settled: when a statement fails
 * (a lock timeout …) the transaction is aborted and those after it fail only for that, so the
 * first error is the one that says what happened, and none of the others is left unhandled.
 */
async function together<T extends readonly unknown[]>(queries: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(queries);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Folds catalog rows into the IR tables `heads` names (rows of other tables are skipped):
 * columns with their cleaned defaults, identity, keys, uniques, indexes and checks. Indexes and
 * constraints the IR cannot express are pushed to `unmanaged`. A foreign key to a table outside
 * `managed` (default: the heads) is unmanaged. Introspection and the server-side
 * normalizer of the models' expressions (`postgres-print.ts`) share it, so both read alike.
 */
export function tablesFromRows(
  heads: readonly TableHead[],
  rows: TableRows,
  unmanaged: UnmanagedObject[],
  managed?: ReadonlySet<string>,
): Map<string, Table> {
  const tables = new Map<string, TableDraft>();
  for (const head of heads)
    tables.set(head.name, { ...head, columns: [], foreignKeys: [], uniques: [], indexes: [], checks: [] });
  for (const row of rows.columns) tables.get(row.table)?.columns.push(toColumn(row));
  for (const row of rows.constraints) {
    const table = tables.get(row.table);
    if (table) addConstraint(table, row, unmanaged);
  }
  for (const row of rows.indexes) {
    const table = tables.get(row.table);
    if (table && !row.backs_constraint) addIndex(table, row, unmanaged);
  }
  // A foreign key to a table this schema does not manage (ignored, another schema's, a partition) is unmanaged.
  const split = splitExternalForeignKeys([...tables.values()].map(freeze), (t) => (managed ?? tables).has(t));
  unmanaged.push(...split.external);
  return new Map(split.tables.map((t) => [t.name, t]));
}

function relationObject(r: RelationRow): UnmanagedObject | undefined {
  if (r.is_partition)
    return r.parent === null
      ? { kind: "partition", name: r.name }
      : { kind: "partition", name: r.name, table: r.parent };
  switch (r.kind) {
    case "p":
      return { kind: "partition", name: r.name };
    case "v":
      return { kind: "view", name: r.name };
    case "m":
      return { kind: "materialized_view", name: r.name };
    case "f":
      return { kind: "foreign_table", name: r.name };
    case "S":
      return r.owned_by_column ? undefined : { kind: "sequence", name: r.name };
    default:
      return undefined;
  }
}

function toColumn(row: ColumnRow): Column {
  const base = parsePostgresType(row.type);
  const column: Column = {
    name: row.name,
    type: base,
    nullable: !row.not_null,
    ...(row.collation !== null && { collation: row.collation }),
  };
  if ((row.generated === "s" || row.generated === "v") && row.default !== null) {
    return { ...column, generated: { expression: canonicalExpression(row.default), stored: row.generated === "s" } };
  }
  if (row.identity === "a" || row.identity === "d") return { ...column, identity: { always: row.identity === "a" } };
  if (row.serial) return { ...column, identity: { always: false, serial: true } };
  const cleaned = cleanPostgresDefault(row.default, base);
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
    ...(t.storage && { storage: t.storage }),
  };
}
