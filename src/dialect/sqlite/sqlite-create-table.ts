import type { Check } from "../../schema/ir.ts";
import type { Token } from "../../sql/tokenize.ts";
import { readItemClauses, type UncarriedClause } from "./sqlite-clauses.ts";
import { tableLayout } from "./sqlite-table-layout.ts";
import {
  emptyFacts,
  finishFacts,
  type GeneratedColumnSql,
  type MutableFacts,
  type NamedColumns,
  noFacts,
  readItemFacts,
  sqliteCode,
  type TableSqlFacts,
} from "./sqlite-table-sql.ts";

/** A CreateTableReading is what a `CREATE TABLE` text tells beyond the catalog: its facts and the clauses the IR does not carry. */
export interface CreateTableReading {
  readonly facts: TableSqlFacts;
  readonly clauses: readonly UncarriedClause[];
}

/**
 * What one item's text gives: its facts (read into empty facts) and its uncarried clauses (an item
 * that gives nothing, as most column definitions, is cached as null).
 */
interface ItemReading {
  readonly facts: MutableFacts;
  /** The item's collations, as [column, collation] pairs. */
  readonly collations: readonly (readonly [string, string])[];
  readonly clauses: readonly UncarriedClause[];
}

// Tables of one schema repeat most of their column definitions (`id INTEGER PRIMARY KEY`,
// `created_at … DEFAULT CURRENT_TIMESTAMP` …): each distinct item text is read once per process.
// What an item gives depends on its text alone. Bounded, as parseSqliteType's cache is.
const itemReadings = new Map<string, ItemReading | null>();

function readItem(text: string): ItemReading | null {
  let reading = itemReadings.get(text);
  if (reading === undefined) {
    if (itemReadings.size >= 4096) itemReadings.clear();
    const code = sqliteCode(text);
    const facts = emptyFacts();
    readItemFacts(text, code, facts);
    const clauses = readItemClauses(text, code);
    const { generated, checks, uniqueNames, foreignKeyNames, deferredForeignKeys, collations } = facts;
    const some =
      generated.length + checks.length + uniqueNames.length + foreignKeyNames.length + deferredForeignKeys.length > 0 ||
      collations.size > 0 ||
      facts.autoincrement !== undefined ||
      facts.primaryKeyName !== undefined ||
      clauses.length > 0;
    reading = some ? { facts, collations: collations.size === 0 ? [] : [...collations], clauses } : null;
    itemReadings.set(text, reading);
  }
  return reading;
}

/** Adds one item's facts to the table's, copied (no two tables share a fact's objects). */
function addItem(facts: MutableFacts, reading: ItemReading): void {
  const item = reading.facts;
  for (let k = 0; k < item.generated.length; k++)
    facts.generated.push({ ...(item.generated[k] as GeneratedColumnSql) });
  for (let k = 0; k < item.checks.length; k++) facts.checks.push({ ...(item.checks[k] as Check) });
  for (let k = 0; k < item.uniqueNames.length; k++) facts.uniqueNames.push(copyNamed(item.uniqueNames[k]));
  for (let k = 0; k < item.foreignKeyNames.length; k++) facts.foreignKeyNames.push(copyNamed(item.foreignKeyNames[k]));
  for (let k = 0; k < item.deferredForeignKeys.length; k++)
    facts.deferredForeignKeys.push([...(item.deferredForeignKeys[k] as string[])]);
  for (let k = 0; k < reading.collations.length; k++) {
    const [column, collation] = reading.collations[k] as readonly [string, string];
    facts.collations.set(column, collation);
  }
  if (item.autoincrement !== undefined) facts.autoincrement = item.autoincrement;
  if (item.primaryKeyName !== undefined) facts.primaryKeyName = item.primaryKeyName;
}

function copyNamed(named: NamedColumns | undefined): NamedColumns {
  const { name, columns } = named as NamedColumns;
  return { name, columns: [...columns] };
}

/**
 * Reads a SQLite `CREATE TABLE` text (as stored in `sqlite_master.sql`) item by item: the same
 * facts as `parseCreateTable` and the same clauses as `uncarriedClauses` (their token-by-token
 * readings are the reference; a unit test compares them), with the text cut by `tableLayout`
 * instead of tokenized whole, and each distinct item text read once. Pure (the cache holds only
 * what a text gives).
 */
export function readCreateTable(sql: string): CreateTableReading {
  const layout = tableLayout(sql);
  if (layout === undefined) return { facts: noFacts(), clauses: [] };
  const facts = emptyFacts();
  const clauses: UncarriedClause[] = [];
  for (let k = 0; k < layout.items.length; k++) {
    const reading = readItem(layout.items[k] as string);
    if (reading === null) continue;
    addItem(facts, reading);
    for (let c = 0; c < reading.clauses.length; c++) clauses.push({ ...(reading.clauses[c] as UncarriedClause) });
  }
  const tail: Token[] = layout.tail.trim() === "" ? [] : sqliteCode(layout.tail);
  return { facts: finishFacts(facts, tail), clauses };
}
