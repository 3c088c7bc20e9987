/**
 * readCreateTable (item by item, the text cut by tableLayout, each distinct item read once) against
 * the token-by-token readers it replaced in introspection (parseCreateTable, uncarriedClauses): the
 * same facts, key for key, and the same clauses, over the conformance corpus, the fixtures, the
 * benchmark DDL and random statements built from every construct's pieces.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteBenchDdl } from "../../../scripts/bench/sqlite-schema.ts";
import { uncarriedClauses } from "../../../src/dialect/sqlite/sqlite-clauses.ts";
import { readCreateTable } from "../../../src/dialect/sqlite/sqlite-create-table.ts";
import { tableLayout } from "../../../src/dialect/sqlite/sqlite-table-layout.ts";
import { parseCreateTable, sqliteCode, tableItems } from "../../../src/dialect/sqlite/sqlite-table-sql.ts";
import { ALL_CASES } from "../../conformance/cases/index.ts";
import { randomPieces } from "./random-sql.ts";

function same(sql: string): void {
  const reading = readCreateTable(sql);
  const facts = parseCreateTable(sql);
  const ours = JSON.stringify([reading.facts, [...reading.facts.collations], reading.clauses]);
  const theirs = JSON.stringify([facts, [...facts.collations], uncarriedClauses(sql)]);
  if (ours !== theirs) expect({ sql, ours }).toEqual({ sql, ours: theirs });
  // The layout cuts where the tokens' items are: the same number of items, each the same code.
  const layout = tableLayout(sql);
  const items = tableItems(sqliteCode(sql));
  if ((layout === undefined) !== (items === undefined))
    expect({ sql, cut: layout !== undefined }).toEqual({ sql, cut: items !== undefined });
  if (layout === undefined || items === undefined) return;
  const cut = layout.items.map((text) => sqliteCode(text).map((t) => t.text)).filter((code) => code.length > 0);
  const split = items.items.map((item) => item.map((t) => t.text)).filter((code) => code.length > 0);
  if (JSON.stringify(cut) !== JSON.stringify(split)) expect({ sql, cut }).toEqual({ sql, cut: split });
}

/** The `CREATE TABLE` statements of a SQL text (cut at `;` — a statement cut short is still a test). */
function createTables(sql: string): string[] {
  return sql
    .split(";")
    .map((s) => s.trim())
    .filter((s) => /^CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TABLE/i.test(s));
}

const pieces = [
  "CREATE TABLE t ",
  "(",
  ")",
  ",",
  " ",
  "a",
  "'",
  "''",
  '"',
  "`",
  "[",
  "]",
  "--",
  "\n",
  "/*",
  "*/",
  "CONSTRAINT",
  "c",
  "PRIMARY KEY",
  "UNIQUE",
  "CHECK",
  "(x)",
  "FOREIGN KEY",
  "REFERENCES p",
  "COLLATE NOCASE",
  "DEFERRABLE INITIALLY DEFERRED",
  "ON CONFLICT REPLACE",
  "MATCH FULL",
  "AS",
  "GENERATED ALWAYS AS",
  "STORED",
  "DESC",
  "AUTOINCREMENT",
  "WITHOUT ROWID",
  "STRICT",
  "NOT",
  "NULL",
  "DEFAULT",
  "x'00'",
  "é",
  "prımary",
  "-",
  "/",
  "*",
];

function randomStatement(seed: number): string {
  const out = randomPieces(pieces, seed, 25, "CREATE TABLE t (");
  return seed % 2 === 0 ? `${out})` : out;
}

describe("readCreateTable reads what parseCreateTable and uncarriedClauses read", () => {
  test("the conformance corpus, the fixtures and the benchmark DDL", () => {
    const root = join(import.meta.dir, "../../..");
    const texts = [
      ...ALL_CASES.filter((c) => c.dialect === "sqlite").flatMap((c) => [c.before, c.after]),
      readFileSync(join(root, "test/fixtures/chinook/Chinook_Sqlite.sql"), "utf8"),
      sqliteBenchDdl(12),
    ];
    let count = 0;
    for (const text of texts)
      for (const sql of createTables(text)) {
        same(sql);
        count++;
      }
    expect(count).toBeGreaterThan(100);
  });

  test("statements the readers must agree on: comments, quotes, nesting, options", () => {
    for (const sql of [
      `CREATE TABLE "a(b" ( -- (,
        "x,y" TEXT /* ) */ COLLATE "RTRIM", [p(q] INT CONSTRAINT u1 UNIQUE ON CONFLICT REPLACE,
        z AS (x || ',(') STORED, CHECK (z <> ')'), CONSTRAINT fk FOREIGN KEY (z) REFERENCES p (a) DEFERRABLE INITIALLY DEFERRED
      ) WITHOUT ROWID, STRICT`,
      "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, b INTEGER PRIMARY KEY DESC) -- WITHOUT ROWID",
      "CREATE TABLE t AS SELECT 1 AS x",
      "CREATE TABLE t (a, b,)",
      "CREATE TABLE t ()",
      "CREATE TABLE t ('unclosed, b)",
      "CREATE TABLE t (a /* unclosed",
      "CREATE TABLE t (a TEXT) /* STRICT */",
    ])
      same(sql);
  });

  test("random statements from every construct's pieces", () => {
    for (let seed = 1; seed <= 6000; seed++) same(randomStatement(seed));
  });

  test("an item read before gives copies: two tables share no fact's objects", () => {
    const a = readCreateTable("CREATE TABLE a (x INT CHECK (x > 0), CONSTRAINT u UNIQUE (x))");
    const b = readCreateTable("CREATE TABLE b (x INT CHECK (x > 0), CONSTRAINT u UNIQUE (x))");
    expect(b.facts).toEqual(a.facts);
    expect(b.facts.checks[0]).not.toBe(a.facts.checks[0] as object);
    expect(b.facts.uniqueNames[0]?.columns).not.toBe(a.facts.uniqueNames[0]?.columns as object);
  });
});
