import type {
  Check,
  Column,
  ForeignKey,
  Index,
  PrimaryKey,
  Schema,
  StorageParameters,
  Table,
  TableOptions,
  Unique,
} from "./ir.ts";
import { defaultName } from "./names.ts";
import type { NormalizeRules } from "./normalize-rules.ts";
import { exactNumber, isNumericType, NUMBER_TEXT } from "./number-text.ts";
import { canonicalStorage } from "./storage.ts";

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/*
 * Shapes are identities: two items of one kind with the same shape are the same constraint or index
 * (names do not count). A shape holds what can only change by dropping and re-creating the item;
 * what PostgreSQL alters in place (storage parameters, a foreign key's timing, validating a NOT VALID
 * constraint) is compared between matched items instead (src/schema/match.ts).
 */

/** The identity of a primary key: columns in key order, timing (DEFERRABLE …) and collations inside the key. */
export function primaryKeyShape(pk: PrimaryKey | undefined): string {
  if (pk === undefined) return "none";
  const collations = pk.collations === undefined ? [] : [{ collations: pk.collations }];
  return JSON.stringify([pk.columns, pk.deferrable ?? null, ...collations]);
}

/** The identity of a unique constraint: columns in key order, timing, NULLS NOT DISTINCT, INCLUDE columns and collations inside the key. */
export function uniqueShape(u: Unique): string {
  const include = u.include === undefined ? [] : [{ include: u.include }];
  const collations = u.collations === undefined ? [] : [{ collations: u.collations }];
  if (u.deferrable === undefined && u.nullsNotDistinct === undefined && include.length + collations.length === 0)
    return JSON.stringify(u.columns);
  return JSON.stringify([u.columns, u.deferrable ?? null, u.nullsNotDistinct === true, ...include, ...collations]);
}

/** The identity of an index: unique flag, keys, method, predicate, NULLS NOT DISTINCT and INCLUDE columns. */
export function indexShape(i: Index): string {
  const base = [i.unique, i.keys, i.method ?? "btree", i.where ?? null];
  const nulls = i.nullsNotDistinct ? [...base, "nulls not distinct"] : base;
  return JSON.stringify(i.include === undefined ? nulls : [...nulls, { include: i.include }]);
}

/** The identity of a foreign key: columns, target, actions (with their column list) and MATCH. */
export function foreignKeyShape(f: ForeignKey): string {
  const base = [f.columns, f.references.table, f.references.columns, f.onDelete, f.onUpdate];
  if (f.match === undefined && f.onDeleteColumns === undefined) return JSON.stringify(base);
  return JSON.stringify([...base, f.match ?? "simple", f.onDeleteColumns ?? null]);
}

/** The identity of a check: its canonical expression, and NO INHERIT. */
export function checkShape(c: Check): string {
  return c.noInherit ? `${c.expression} /* no inherit */` : c.expression;
}

/** The timing of a foreign key in words: `not deferrable`, `deferrable initially immediate` or `… deferred`. */
export function foreignKeyTiming(f: ForeignKey): string {
  if (f.deferred) return "deferrable initially deferred";
  return f.deferrable ? "deferrable initially immediate" : "not deferrable";
}

/** `items` stably sorted by `key`, each item's key computed once (not twice per comparison). */
function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  if (items.length < 2) return [...items];
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => byText(a.key, b.key));
  return keyed.map((k) => k.item);
}

/**
 * Puts a schema in canonical form so that equal schemas are deep-equal and print identically:
 * tables by name; columns as declared; foreign keys, uniques, indexes and checks by shape; and every
 * constraint or index name that equals its default (`defaultName`) left out; collations and
 * numeric defaults as the schema's dialect spells them (its `normalize` rules). Pure: never changes
 * its input; a table it returned before, under the same rules, comes back as it is (normalizing is
 * idempotent, so the planner's repeated passes over one schema cost one).
 */
export function normalizeSchema(schema: Schema, dialect: { readonly normalize: NormalizeRules }): Schema {
  return {
    dialect: schema.dialect,
    tables: sortBy(schema.tables, (t) => t.name).map((t) => normalizeTable(t, dialect.normalize)),
  };
}

/**
 * `item` without its name when the name is the default one of its kind on `table` (`fallback`,
 * built only for an item with a name).
 */
function withoutDefaultName<T extends { readonly name?: string }>(
  item: T,
  table: string,
  fallback: (table: string, item: T) => string,
): T {
  if (item.name === undefined || item.name !== fallback(table, item)) return item;
  const { name: _, ...rest } = item;
  return rest as T;
}

/**
 * A column's collation as the dialect spells it (`rules.collation`: SQLite uppercases its
 * case-insensitive names and leaves out `BINARY`, its default; PostgreSQL keeps them).
 */
function normalizeCollation(column: Column, rules: NormalizeRules): Column {
  if (column.collation === undefined) return column;
  const collation = rules.collation(column.collation);
  if (collation !== undefined) return collation === column.collation ? column : { ...column, collation };
  const { collation: _, ...rest } = column;
  return rest;
}

/**
 * JSON column defaults compare as JSON: `{"a": []}` and `{"a":[]}` are the same default. With
 * `rules.numericTextDefaults` (PostgreSQL) a numeric column's default written as a numeric string is the number when the number
 * prints back the same (`"20.5"` is `20.5`), and keeps its digits otherwise (`"20.0"`), as
 * `exactNumber` does for the database's side.
 */
function normalizeColumn(column: Column, rules: NormalizeRules): Column {
  const collated = normalizeCollation(column, rules);
  const value = collated.default?.kind === "literal" ? collated.default.value : undefined;
  if (rules.numericTextDefaults && typeof value === "string" && isNumericType(collated.type) && NUMBER_TEXT.test(value))
    return { ...collated, default: { kind: "literal", value: exactNumber(value) } };
  if (collated.type.kind !== "json" || typeof value !== "string") return collated;
  try {
    return { ...collated, default: { kind: "literal", value: JSON.stringify(JSON.parse(value)) } };
  } catch {
    return collated;
  }
}

/** Canonical storage parameters on an item: through `canonicalStorage`, left out when there are none. */
function withStorage<T extends { readonly storage?: StorageParameters }>(item: T): T {
  if (item.storage === undefined) return item;
  const { storage, ...rest } = item;
  const canonical = canonicalStorage(storage);
  return (canonical === undefined ? rest : { ...rest, storage: canonical }) as T;
}

/**
 * A foreign key in canonical form: `deferrable` only beside `deferred: false` (DEFERRED implies it);
 * an ON DELETE column list only for SET NULL / SET DEFAULT and only when it is not every column
 * (sorted: it is a set).
 */
function normalizeForeignKey(f: ForeignKey): ForeignKey {
  let out = f;
  if (out.deferred && out.deferrable !== undefined) {
    const { deferrable: _, ...rest } = out;
    out = rest;
  }
  const list = out.onDeleteColumns;
  if (list !== undefined) {
    const { onDeleteColumns: _, ...rest } = out;
    const applies = out.onDelete === "SET NULL" || out.onDelete === "SET DEFAULT";
    const partial = new Set(list).size < new Set(out.columns).size || list.some((c) => !out.columns.includes(c));
    out = applies && partial ? { ...rest, onDeleteColumns: [...new Set(list)].sort(byText) } : rest;
  }
  return out;
}

/** Table options with the false ones left out, or undefined when none is set. */
function normalizeOptions(options: TableOptions | undefined): TableOptions | undefined {
  if (options === undefined) return undefined;
  const out: TableOptions = {
    ...(options.strict === true && { strict: true }),
    ...(options.withoutRowid === true && { withoutRowid: true }),
  };
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * The tables `normalizeTable` returned, each with the rules it was normalized by. The IR is never
 * changed in place, and normalizing a normalized table gives an equal one, so such a table is
 * returned as it is.
 */
const normalizedTables = new WeakMap<Table, NormalizeRules>();

/** One table in canonical form (see `normalizeSchema`), by the dialect's `rules`. */
export function normalizeTable(table: Table, rules: NormalizeRules): Table {
  if (normalizedTables.get(table) === rules) return table;
  const out = canonicalTable(table, rules);
  normalizedTables.set(out, rules);
  return out;
}

function canonicalTable(table: Table, rules: NormalizeRules): Table {
  const t = table.name;
  const primaryKey = table.primaryKey && withStorage(withoutDefaultName(table.primaryKey, t, primaryKeyDefault));
  const storage = canonicalStorage(table.storage);
  const options = normalizeOptions(table.options);
  // Loops, not callbacks: this runs for every table of a schema.
  const columns: Column[] = [];
  for (let k = 0; k < table.columns.length; k++) columns.push(normalizeColumn(table.columns[k] as Column, rules));
  const foreignKeys: ForeignKey[] = [];
  for (let k = 0; k < table.foreignKeys.length; k++)
    foreignKeys.push(normalizeForeignKey(withoutDefaultName(table.foreignKeys[k] as ForeignKey, t, foreignKeyDefault)));
  const uniques: Unique[] = [];
  for (let k = 0; k < table.uniques.length; k++)
    uniques.push(withStorage(withoutDefaultName(table.uniques[k] as Unique, t, uniqueDefault)));
  const indexes: Index[] = [];
  for (let k = 0; k < table.indexes.length; k++)
    indexes.push(withStorage(withoutDefaultName(table.indexes[k] as Index, t, indexDefault)));
  return {
    name: t,
    columns,
    ...(primaryKey && { primaryKey }),
    foreignKeys: sortBy(foreignKeys, foreignKeyShape),
    uniques: sortBy(uniques, uniqueShape),
    indexes: sortBy(indexes, indexShape),
    checks: sortBy(table.checks, checkShape),
    ...(storage && { storage }),
    ...(options && { options }),
  };
}

const primaryKeyDefault = (table: string) => defaultName.primaryKey(table);
const foreignKeyDefault = (table: string, f: ForeignKey) => defaultName.foreignKey(table, f.columns);
const uniqueDefault = (table: string, u: Unique) => defaultName.unique(table, u.columns);
const indexDefault = (table: string, i: Index) => defaultName.index(table, i.keys);
