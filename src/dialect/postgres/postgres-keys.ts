/**
 * Folding PostgreSQL constraint and index rows into the IR of their table: keys, uniques, foreign
 * keys, checks and indexes with every clause the IR carries, and what it cannot express reported as
 * unmanaged.
 */
import { canonicalExpression } from "../../schema/expression.ts";
import type {
  Check,
  Column,
  Deferrable,
  ForeignKey,
  Index,
  IndexKey,
  PrimaryKey,
  ReferentialAction,
  StorageParameters,
  Unique,
  UnmanagedObject,
} from "../../schema/ir.ts";
import { canonicalStorage, parseReloptions } from "../../schema/storage.ts";
import type { ConstraintRow, IndexKeyRow, IndexRow } from "./postgres-catalog.ts";

/** Mutable table parts while rows are folded in. */
export interface TableDraft {
  name: string;
  columns: Column[];
  primaryKey?: PrimaryKey;
  foreignKeys: ForeignKey[];
  uniques: Unique[];
  indexes: Index[];
  checks: Check[];
  storage?: StorageParameters;
}

const actions: Readonly<Record<string, ReferentialAction>> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** The DEFERRABLE clause of a constraint row, as the IR spells it. */
function deferrableOf(row: ConstraintRow): { deferrable?: Deferrable } {
  if (!row.deferrable) return {};
  return { deferrable: row.deferred ? "deferred" : "immediate" };
}

/** The storage parameters of an index's reloptions, when it has any. */
function storageOf(options: readonly string[] | null): { storage?: StorageParameters } {
  const storage = canonicalStorage(parseReloptions(options));
  return storage ? { storage } : {};
}

/** `{ include }` when the row's index has INCLUDE columns. */
function includeOf(include: readonly string[] | null): { include?: readonly string[] } {
  return include !== null && include.length > 0 ? { include } : {};
}

/**
 * Folds one constraint row into its table. A primary key whose index has INCLUDE columns has no IR
 * form, so it is reported as an unmanaged `constraint` (never half-described); a unique's INCLUDE
 * columns are part of it.
 */
export function addConstraint(table: TableDraft, row: ConstraintRow, unmanaged: UnmanagedObject[]): void {
  const columns = row.columns ?? [];
  // Clauses the IR does not carry (INCLUDE on a primary key; from 18 NOT ENFORCED, WITHOUT OVERLAPS,
  // PERIOD) make the constraint unmanaged rather than half-described.
  if ((row.type === "p" && row.has_include) || !row.enforced || row.period) {
    unmanaged.push({ kind: "constraint", name: row.name, table: table.name });
    return;
  }
  switch (row.type) {
    case "p":
      table.primaryKey = { name: row.name, columns, ...deferrableOf(row), ...storageOf(row.index_options) };
      return;
    case "u":
      table.uniques.push({
        name: row.name,
        columns,
        ...deferrableOf(row),
        ...(row.nulls_not_distinct && { nullsNotDistinct: true }),
        ...includeOf(row.include),
        ...storageOf(row.index_options),
      });
      return;
    case "f":
      table.foreignKeys.push({
        name: row.name,
        columns,
        // A table of another schema is named with its schema: it is never one of this schema's tables.
        references: {
          table: row.ref_schema === null ? (row.ref_table ?? "") : `${row.ref_schema}.${row.ref_table ?? ""}`,
          columns: row.ref_columns ?? [],
        },
        onDelete: actions[row.on_delete] ?? "NO ACTION",
        onUpdate: actions[row.on_update] ?? "NO ACTION",
        deferred: row.deferrable && row.deferred,
        ...(row.deferrable && !row.deferred && { deferrable: true }),
        ...(row.match === "f" && { match: "full" }),
        ...(row.on_delete_columns !== null &&
          row.on_delete_columns.length > 0 && { onDeleteColumns: row.on_delete_columns }),
        ...(!row.validated && { notValid: true }),
      });
      return;
    case "c":
      table.checks.push({
        name: row.name,
        expression: canonicalExpression(row.expression ?? ""),
        ...(row.no_inherit && { noInherit: true }),
        ...(!row.validated && { notValid: true }),
      });
      return;
    case "x":
      unmanaged.push({ kind: "constraint", name: row.name, table: table.name });
      return;
  }
}

/**
 * One key of an index row in the IR: `indoption` bit 1 is DESC, bit 2 NULLS FIRST (kept only when it
 * is not the direction's default); a non-default operator class and collation by name.
 */
function indexKeyOf(k: IndexKeyRow): IndexKey {
  const descending = (k.option & 1) === 1;
  const nullsFirst = (k.option & 2) === 2;
  const base = k.column !== null ? { column: k.column } : { expression: canonicalExpression(k.expression ?? "") };
  return {
    ...base,
    ...(descending && { descending: true }),
    ...(nullsFirst !== descending && { nulls: nullsFirst ? ("first" as const) : ("last" as const) }),
    ...(!k.defaultOpclass && k.opclass !== null && { opclass: k.opclass }),
    ...(k.defaultCollation !== true && k.collation !== null && { collation: k.collation }),
  };
}

/** A key that is just its column, ascending, as a UNIQUE constraint's are. */
const plainKey = (k: IndexKey) =>
  "column" in k && !k.descending && k.nulls === undefined && k.opclass === undefined && k.collation === undefined;

/**
 * Folds one index row (not one backing a constraint) into its table: a plain unique index is a
 * Unique, anything else an Index (its keys' order, NULLS order, operator classes and collations
 * included); an invalid index (left by a failed `CREATE INDEX CONCURRENTLY`), and one whose operator
 * class takes parameters (`gist_trgm_ops(siglen = 32)`, not carried), is reported as unmanaged.
 */
export function addIndex(table: TableDraft, row: IndexRow, unmanaged: UnmanagedObject[]): void {
  const keys = row.keys ?? [];
  if (!row.valid || keys.length === 0 || keys.some((k) => k.opclassOptions === true)) {
    unmanaged.push({ kind: "index", name: row.name, table: table.name });
    return;
  }
  const irKeys: IndexKey[] = keys.map(indexKeyOf);
  const plainUnique = row.unique && row.method === "btree" && row.predicate === null && irKeys.every(plainKey);
  const nulls = row.unique && row.nulls_not_distinct ? { nullsNotDistinct: true as const } : {};
  if (plainUnique) {
    table.uniques.push({
      name: row.name,
      columns: irKeys.map((k) => ("column" in k ? k.column : "")),
      ...nulls,
      ...includeOf(row.include),
      ...storageOf(row.options),
    });
    return;
  }
  table.indexes.push({
    name: row.name,
    keys: irKeys,
    unique: row.unique,
    ...(row.method !== "btree" && { method: row.method }),
    ...(row.predicate !== null && { where: canonicalExpression(row.predicate) }),
    ...nulls,
    ...includeOf(row.include),
    ...storageOf(row.options),
  });
}
