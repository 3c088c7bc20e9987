/**
 * SQLite compares identifiers case-insensitively: a table `USERS` and a model table `users` are
 * one table, and so are columns `Name` and `name`. pormg keeps the database's spelling (SQLite
 * cannot even rename a table to a case-only different name in one statement, and no query can tell
 * the spellings apart): before the models are compared with or planned against a SQLite database,
 * every model name that matches a live one but for case takes the live spelling. Every later step
 * (diff, rename detection, lowering, rendering, `check`) then compares names exactly.
 */
import { type ExpressionNames, renameInExpression } from "./expression-names.ts";
import type { Check, Column, ForeignKey, Index, IndexKey, Schema, Table, Unique } from "./ir.ts";
import { normalizeSchema } from "./normalize.ts";
import type { NormalizeRules } from "./normalize-rules.ts";

/** What aligning names needs of a dialect: how it reads names in expressions and normalizes. A Dialect fits. */
export interface AlignDialect extends ExpressionNames {
  readonly normalize: NormalizeRules;
}

const fold = (name: string) => name.toLowerCase();

/** Whether two lists hold the same names in the same order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** No respelling: what {@link spellings} answers for names the database spells alike. */
const NO_SPELLINGS: ReadonlyMap<string, string> = new Map();

/**
 * The live spelling of each name in `names` that matches exactly one name of `live` but for case
 * and none exactly; names with an exact or ambiguous match are left out.
 */
function spellings(names: readonly string[], live: readonly string[]): ReadonlyMap<string, string> {
  if (names.length === 0 || sameList(names, live)) return NO_SPELLINGS;
  const exact = new Set(live);
  // The usual case, every name spelled as the database does, needs no case folding at all.
  if (names.every((name) => exact.has(name))) return NO_SPELLINGS;
  const byFold = new Map<string, string[]>();
  for (const name of live) byFold.set(fold(name), [...(byFold.get(fold(name)) ?? []), name]);
  const out = new Map<string, string>();
  for (const name of names) {
    const candidates = byFold.get(fold(name)) ?? [];
    const [only] = candidates;
    if (!exact.has(name) && candidates.length === 1 && only !== undefined) out.set(name, only);
  }
  return out;
}

/** The explicit names of `items`, in order. */
function namesOf(items: readonly { readonly name?: string }[]): string[] {
  const out: string[] = [];
  for (const item of items) if (item.name !== undefined) out.push(item.name);
  return out;
}

/** {@link spellings} of the explicit names of `items` against those of `live`. */
function nameSpellings(
  items: readonly { readonly name?: string }[],
  live: readonly { readonly name?: string }[],
): ReadonlyMap<string, string> {
  return spellings(namesOf(items), namesOf(live));
}

/** Whether two column lists carry the same names in the same order. */
function sameColumnNames(a: readonly Column[], b: readonly Column[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i] as Column).name !== (b[i] as Column).name) return false;
  return true;
}

function alignTable(
  table: Table,
  live: Table | undefined,
  tables: ReadonlyMap<string, string>,
  columnsOf: (t: string) => ReadonlyMap<string, string>,
  dialect: ExpressionNames,
): Table {
  const own = columnsOf(table.name);
  const indexNames = nameSpellings(table.indexes, live?.indexes ?? []);
  const uniqueNames = nameSpellings(table.uniques, live?.uniques ?? []);
  const unchanged =
    own.size === 0 &&
    !tables.has(table.name) &&
    indexNames.size === 0 &&
    uniqueNames.size === 0 &&
    table.foreignKeys.every((f) => !tables.has(f.references.table) && columnsOf(f.references.table).size === 0);
  if (unchanged) return table;
  const col = (c: string) => own.get(c) ?? c;
  const expr = (sql: string) => {
    let out = sql;
    for (const [from, to] of own) out = renameInExpression(out, from, to, dialect);
    return out;
  };
  const key = (k: IndexKey): IndexKey =>
    "column" in k ? { ...k, column: col(k.column) } : { ...k, expression: expr(k.expression) };
  const named = <T extends { readonly name?: string }>(item: T, names: ReadonlyMap<string, string>): T =>
    item.name !== undefined && names.has(item.name) ? { ...item, name: names.get(item.name) as string } : item;
  const index = (i: Index): Index => ({
    ...named(i, indexNames),
    keys: i.keys.map(key),
    ...(i.where !== undefined && { where: expr(i.where) }),
  });
  const unique = (u: Unique): Unique => ({ ...named(u, uniqueNames), columns: u.columns.map(col) });
  const foreignKey = (f: ForeignKey): ForeignKey => {
    const parent = tables.get(f.references.table) ?? f.references.table;
    const parentColumns = columnsOf(f.references.table);
    return {
      ...f,
      columns: f.columns.map(col),
      references: { table: parent, columns: f.references.columns.map((c) => parentColumns.get(c) ?? c) },
    };
  };
  const check = (c: Check): Check => ({ ...c, expression: expr(c.expression) });
  return {
    ...table,
    name: tables.get(table.name) ?? table.name,
    columns: table.columns.map((c) => ({ ...c, name: col(c.name) })),
    ...(table.primaryKey && { primaryKey: { ...table.primaryKey, columns: table.primaryKey.columns.map(col) } }),
    foreignKeys: table.foreignKeys.map(foreignKey),
    uniques: table.uniques.map(unique),
    indexes: table.indexes.map(index),
    checks: table.checks.map(check),
  };
}

/**
 * `target` (the models' schema) with its names spelled as `live` spells them where they differ
 * only in case, on a dialect whose names compare case-insensitively (SQLite, `identifierCase`):
 * tables, their columns (in keys, constraints, index keys and expressions too), foreign-key targets
 * and explicit index and unique-constraint names. A schema of a dialect whose quoted names are
 * case-sensitive (PostgreSQL) is returned as it is. `dialect` is the schemas' dialect. Pure.
 */
export function alignNames(target: Schema, live: Schema, dialect: AlignDialect): Schema {
  if (dialect.capabilities.identifierCase !== "insensitive") return target;
  // `check` aligns the same two schemas twice (its description, then its plan): the IR is never
  // changed in place, so the answer for the same objects is kept.
  let byLive = alignedSchemas.get(target);
  if (byLive === undefined) {
    byLive = new WeakMap();
    alignedSchemas.set(target, byLive);
  }
  const known = byLive.get(live);
  if (known !== undefined && known.dialect === dialect) return known.aligned;
  const aligned = alignSchema(target, live, dialect);
  byLive.set(live, { dialect, aligned });
  return aligned;
}

/** The schemas `alignNames` made, by the target and the live schema they were made from. */
const alignedSchemas = new WeakMap<Schema, WeakMap<Schema, { dialect: AlignDialect; aligned: Schema }>>();

function alignSchema(target: Schema, live: Schema, dialect: AlignDialect): Schema {
  const tables = spellings(
    target.tables.map((t) => t.name),
    live.tables.map((t) => t.name),
  );
  const liveByName = new Map(live.tables.map((t) => [t.name, t]));
  const targetByName = new Map<string, Table>();
  for (const t of target.tables) if (!targetByName.has(t.name)) targetByName.set(t.name, t);
  const columnMaps = new Map<string, ReadonlyMap<string, string>>();
  const columnsOf = (name: string) => {
    let map = columnMaps.get(name);
    if (map === undefined) {
      const model = targetByName.get(name);
      const other = liveByName.get(tables.get(name) ?? name);
      // The usual case, both sides listing the same column names in order, needs no name lists.
      map =
        model !== undefined && other !== undefined && sameColumnNames(model.columns, other.columns)
          ? NO_SPELLINGS
          : spellings(model?.columns.map((c) => c.name) ?? [], other?.columns.map((c) => c.name) ?? []);
      columnMaps.set(name, map);
    }
    return map;
  };
  const aligned = target.tables.map((t) =>
    alignTable(t, liveByName.get(tables.get(t.name) ?? t.name), tables, columnsOf, dialect),
  );
  return normalizeSchema({ dialect: target.dialect, tables: aligned }, dialect);
}
