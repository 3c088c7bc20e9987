import type { Token } from "../../sql/tokenize.ts";
import { readItemClauses, type UncarriedClause } from "./sqlite-clauses.ts";
import { tableLayout } from "./sqlite-table-layout.ts";
import {
  emptyFacts,
  finishFacts,
  type MutableFacts,
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

/** What one item's text gives: its facts (read into empty facts) and its uncarried clauses. */
interface ItemReading {
  readonly facts: MutableFacts;
  readonly clauses: readonly UncarriedClause[];
}

// Tables of one schema repeat most of their column definitions (`id INTEGER PRIMARY KEY`,
// `created_at … DEFAULT CURRENT_TIMESTAMP` …): each distinct item text is read once per process.
// What an item gives depends on its text alone. Bounded, as parseSqliteType's cache is.
const itemReadings = new Map<string, ItemReading>();

function readItem(text: string): ItemReading {
  let reading = itemReadings.get(text);
  if (reading === undefined) {
    if (itemReadings.size >= 4096) itemReadings.clear();
    const code = sqliteCode(text);
    const facts = emptyFacts();
    readItemFacts(text, code, facts);
    reading = { facts, clauses: readItemClauses(text, code) };
    itemReadings.set(text, reading);
  }
  return reading;
}

/** Adds one item's facts to the table's, copied (no two tables share a fact's objects). */
function addItem(facts: MutableFacts, item: MutableFacts): void {
  for (const g of item.generated) facts.generated.push({ ...g });
  for (const c of item.checks) facts.checks.push({ ...c });
  for (const u of item.uniqueNames) facts.uniqueNames.push({ name: u.name, columns: [...u.columns] });
  for (const f of item.foreignKeyNames) facts.foreignKeyNames.push({ name: f.name, columns: [...f.columns] });
  for (const d of item.deferredForeignKeys) facts.deferredForeignKeys.push([...d]);
  for (const [column, collation] of item.collations) facts.collations.set(column, collation);
  if (item.autoincrement !== undefined) facts.autoincrement = item.autoincrement;
  if (item.primaryKeyName !== undefined) facts.primaryKeyName = item.primaryKeyName;
}

/**
 * Reads a SQLite `CREATE TABLE` text (as stored in `sqlite_master.sql`) item by item: the same
 * facts as `parseCreateTable` and the same clauses as `uncarriedClauses` (their token-by-token
 * readings are the reference; a unit test compares them), with the text cut by `tableLayout`
 * instead of tokenized whole, and each distinct item text read once. Pure.
 */
export function readCreateTable(sql: string): CreateTableReading {
  const layout = tableLayout(sql);
  if (layout === undefined) return { facts: noFacts(), clauses: [] };
  const facts = emptyFacts();
  const clauses: UncarriedClause[] = [];
  for (const text of layout.items) {
    const item = readItem(text);
    addItem(facts, item.facts);
    for (const c of item.clauses) clauses.push({ ...c });
  }
  const tail: Token[] = layout.tail.trim() === "" ? [] : sqliteCode(layout.tail);
  return { facts: finishFacts(facts, tail), clauses };
}
