import { canonicalExpression } from "../../schema/expression.ts";
import type { Check } from "../../schema/ir.ts";
import { isComment, isKeyword, isName } from "../../sql/token-predicates.ts";
import { closingParen, sourceText, splitTopLevel } from "../../sql/token-ranges.ts";
import { type Token, tokenize } from "../../sql/tokenize.ts";
import { sqliteSql } from "./sqlite-sql.ts";

/** A NamedColumns is a constraint name found in the SQL text together with the columns it covers. */
export interface NamedColumns {
  readonly name: string;
  /** Column names as written (unquoted). */
  readonly columns: readonly string[];
}

/**
 * TableSqlFacts are what only the `CREATE TABLE` text tells about a SQLite table: the catalog
 * pragmas report neither AUTOINCREMENT, nor CHECK constraints, nor constraint names.
 */
export interface TableSqlFacts {
  /** The column declared `PRIMARY KEY AUTOINCREMENT`, if any. */
  readonly autoincrement?: string;
  /** The `CONSTRAINT <name>` of the primary key, when the text names it. */
  readonly primaryKeyName?: string;
  /** Column-level and table-level CHECK constraints, in declaration order, canonical. */
  readonly checks: readonly Check[];
  /** Named UNIQUE constraints (column-level ones cover their column). */
  readonly uniqueNames: readonly NamedColumns[];
  /** Named FOREIGN KEY constraints (column-level `REFERENCES` covers its column). */
  readonly foreignKeyNames: readonly NamedColumns[];
  /** The columns of each foreign key declared `DEFERRABLE INITIALLY DEFERRED`, as written. */
  readonly deferredForeignKeys: readonly (readonly string[])[];
  /** Whether the table is `WITHOUT ROWID` (its primary key columns are then NOT NULL). */
  readonly withoutRowid: boolean;
  /** Whether the table is `STRICT`. */
  readonly strict: boolean;
  /** Each column's `COLLATE <name>` (the name unquoted, as written), keyed by the column as written. */
  readonly collations: ReadonlyMap<string, string>;
  /** Generated columns (`[GENERATED ALWAYS] AS (expr) [STORED|VIRTUAL]`; VIRTUAL unless STORED), when there are any. */
  readonly generated?: readonly GeneratedColumnSql[];
}

/** A GeneratedColumnSql is a generated column as its `CREATE TABLE` text declares it. */
export interface GeneratedColumnSql {
  /** The column name as written (unquoted). */
  readonly column: string;
  readonly expression: string;
  readonly stored: boolean;
}

const tableConstraintStarts = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

/** The tokens of a SQLite statement without its comments: what the statement readers here walk. */
export function sqliteCode(sql: string): Token[] {
  const tokens = tokenize(sql, sqliteSql);
  for (let k = 0; k < tokens.length; k++) if (isComment(tokens[k] as Token)) return tokens.filter((t) => !isComment(t));
  return tokens;
}

function punct(t: Token | undefined, text: string): boolean {
  return t?.kind === "punctuation" && t.text === text;
}

/** The first name of each comma-separated part of a `( a COLLATE x DESC, b )` column list. */
function columnList(tokens: readonly Token[], open: number): string[] {
  const close = closingParen(tokens, open);
  if (close < 0) return [];
  return splitTopLevel(tokens, open + 1, close)
    .map((part) => part[0])
    .filter(isName)
    .map((t) => (t as Token).value);
}

/**
 * A TableItems is a `CREATE TABLE`'s column definitions and table constraints (its top-level
 * comma-separated parts inside the first parentheses), and the index of the closing `)`.
 */
export interface TableItems {
  readonly close: number;
  readonly items: readonly (readonly Token[])[];
}

/** The items of a `CREATE TABLE`'s code, or undefined when it has no closed `(…)`. */
export function tableItems(tokens: readonly Token[]): TableItems | undefined {
  const open = tokens.findIndex((t) => punct(t, "("));
  const close = open < 0 ? -1 : closingParen(tokens, open);
  return close < 0 ? undefined : { close, items: splitTopLevel(tokens, open + 1, close) };
}

/** MutableFacts are the facts of a `CREATE TABLE` while its items are read, in declaration order. */
export type MutableFacts = {
  generated: GeneratedColumnSql[];
  checks: Check[];
  deferredForeignKeys: string[][];
  collations: Map<string, string>;
  uniqueNames: NamedColumns[];
  foreignKeyNames: NamedColumns[];
  autoincrement: string | undefined;
  primaryKeyName: string | undefined;
};

/** Facts with nothing read yet. */
export function emptyFacts(): MutableFacts {
  return {
    generated: [],
    checks: [],
    uniqueNames: [],
    foreignKeyNames: [],
    deferredForeignKeys: [],
    collations: new Map<string, string>(),
    autoincrement: undefined,
    primaryKeyName: undefined,
  };
}

/** The TableSqlFacts of the items read into `facts`, with the options `tail` (the code after the `)`) declares. */
export function finishFacts(facts: MutableFacts, tail: readonly Token[]): TableSqlFacts {
  const { autoincrement, primaryKeyName, generated } = facts;
  return {
    checks: facts.checks,
    uniqueNames: facts.uniqueNames,
    foreignKeyNames: facts.foreignKeyNames,
    deferredForeignKeys: facts.deferredForeignKeys,
    withoutRowid: tail.some((t, k) => isKeyword(t, "WITHOUT") && isKeyword(tail[k + 1], "ROWID")),
    strict: tail.some((t) => isKeyword(t, "STRICT")),
    collations: facts.collations,
    ...(autoincrement !== undefined && { autoincrement }),
    ...(primaryKeyName !== undefined && { primaryKeyName }),
    ...(generated.length > 0 && { generated }),
  };
}

/** The facts of a statement the readers cannot follow (no closed `(…)`): none. */
export function noFacts(): TableSqlFacts {
  return finishFacts(emptyFacts(), []);
}

/**
 * The column an item (one column definition or table constraint, as code) defines: its first
 * name, or undefined for a table constraint (or an empty item).
 */
export function itemColumn(item: readonly Token[]): string | undefined {
  const first = item[0];
  const isConstraint = first?.kind === "word" && tableConstraintStarts.includes(first.text.toUpperCase());
  return isConstraint ? undefined : first?.value;
}

/** Reads one item's facts (`sql` is the text its tokens index) into `facts`. */
export function readItemFacts(sql: string, item: readonly Token[], facts: MutableFacts): void {
  readConstraints(sql, item, itemColumn(item), facts);
}

/**
 * Reads the facts the catalog does not give from a SQLite `CREATE TABLE` statement (as stored in
 * `sqlite_master.sql`), token by token. Pure; a statement it cannot follow (e.g. `CREATE TABLE …
 * AS SELECT`) yields no facts rather than an error. Introspection reads the same facts item by
 * item (`readCreateTable` in sqlite-create-table.ts); this is its reference.
 */
export function parseCreateTable(sql: string): TableSqlFacts {
  const tokens = sqliteCode(sql);
  const parts = tableItems(tokens);
  if (parts === undefined) return noFacts();
  const facts = emptyFacts();
  for (const item of parts.items) readItemFacts(sql, item, facts);
  return finishFacts(facts, tokens.slice(parts.close + 1));
}

/**
 * Walks one column definition (`column` set) or table constraint (`column` undefined) and records
 * its PRIMARY KEY / UNIQUE / CHECK / REFERENCES facts with their CONSTRAINT names, and a column's
 * generation expression.
 */
function readConstraints(sql: string, item: readonly Token[], column: string | undefined, facts: MutableFacts) {
  let name: string | undefined;
  for (let k = column === undefined ? 0 : 1; k < item.length; k++) {
    const t = item[k] as Token;
    if (t.kind === "punctuation") {
      if (t.text === "(") k = Math.max(k, closingParen(item, k));
      continue;
    }
    if (t.kind !== "word") continue;
    // The word uppercased once, then compared with each keyword (what isKeyword does, word by word).
    const next = item[k + 1];
    switch (t.text.toUpperCase()) {
      case "AS":
        if (column !== undefined && punct(next, "(")) {
          const end = closingParen(item, k + 1);
          const expression = canonicalExpression(
            sourceText(sql, item.slice(k + 2, end < 0 ? item.length : end), sqliteSql),
          );
          facts.generated.push({ column, expression, stored: isKeyword(item[end + 1], "STORED") });
          name = undefined;
          k = end < 0 ? item.length : end;
        }
        break;
      case "CONSTRAINT":
        if (isName(next)) {
          name = (next as Token).value;
          k++;
        }
        break;
      case "PRIMARY":
        if (isKeyword(next, "KEY")) {
          if (name !== undefined) facts.primaryKeyName = name;
          if (column !== undefined && item.some((u) => isKeyword(u, "AUTOINCREMENT"))) facts.autoincrement = column;
          name = undefined;
          k++;
        }
        break;
      case "UNIQUE": {
        const columns = column !== undefined ? [column] : punct(next, "(") ? columnList(item, k + 1) : [];
        if (name !== undefined) facts.uniqueNames.push({ name, columns });
        name = undefined;
        break;
      }
      case "CHECK":
        if (punct(next, "(")) {
          const end = closingParen(item, k + 1);
          const expression = canonicalExpression(
            sourceText(sql, item.slice(k + 2, end < 0 ? item.length : end), sqliteSql),
          );
          facts.checks.push({ ...(name !== undefined && { name }), expression });
          name = undefined;
          k = end < 0 ? item.length : end;
        }
        break;
      case "FOREIGN":
        if (isKeyword(next, "KEY") && punct(item[k + 2], "(")) {
          const columns = columnList(item, k + 2);
          if (name !== undefined) facts.foreignKeyNames.push({ name, columns });
          if (isDeferred(item, k)) facts.deferredForeignKeys.push(columns);
          name = undefined;
          k = Math.max(k, closingParen(item, k + 2));
        }
        break;
      case "REFERENCES":
        if (column !== undefined) {
          if (name !== undefined) facts.foreignKeyNames.push({ name, columns: [column] });
          if (isDeferred(item, k)) facts.deferredForeignKeys.push([column]);
          name = undefined;
        }
        break;
      case "COLLATE":
        if (column !== undefined && isName(next)) facts.collations.set(column, (next as Token).value);
        name = undefined;
        break;
      case "NOT":
      case "NULL":
      case "DEFAULT":
        name = undefined;
        break;
    }
  }
}

const foreignKeyClauseEnds = new Set([
  "CONSTRAINT",
  "PRIMARY",
  "UNIQUE",
  "CHECK",
  "DEFAULT",
  "COLLATE",
  "NOT",
  "NULL",
  "GENERATED",
  "AS",
]);

/**
 * Whether the foreign-key clause starting at `item[from]` (its REFERENCES or FOREIGN KEY) is
 * `DEFERRABLE INITIALLY DEFERRED` (SQLite: every other combination is immediate). The clause ends
 * at the next constraint of the column definition.
 */
function isDeferred(item: readonly Token[], from: number): boolean {
  for (let k = from + 1; k < item.length; k++) {
    const t = item[k] as Token;
    if (punct(t, "(")) {
      k = Math.max(k, closingParen(item, k));
      continue;
    }
    if (t.kind !== "word") continue;
    const word = t.text.toUpperCase();
    if (word === "DEFERRABLE")
      return (
        !isKeyword(item[k - 1], "NOT") && isKeyword(item[k + 1], "INITIALLY") && isKeyword(item[k + 2], "DEFERRED")
      );
    const action = isKeyword(item[k - 1], "SET"); // ON DELETE SET NULL / SET DEFAULT
    if (foreignKeyClauseEnds.has(word) && !action && !isKeyword(item[k + 1], "DEFERRABLE")) return false;
  }
  return false;
}
