/**
 * readCreateIndex (the text from the key list on read once per distinct text) against
 * parseCreateIndex, its token-by-token reference: the same keys and predicate, key for key, over
 * the conformance corpus, the fixtures, the benchmark DDL and random statements.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteBenchDdl } from "../../../scripts/bench/sqlite-schema.ts";
import { parseCreateIndex, readCreateIndex } from "../../../src/dialect/sqlite/sqlite-create-index.ts";
import { ALL_CASES } from "../../conformance/cases/index.ts";
import { randomPieces } from "./random-sql.ts";

function same(sql: string): void {
  const ours = JSON.stringify(readCreateIndex(sql));
  const theirs = JSON.stringify(parseCreateIndex(sql));
  if (ours !== theirs) expect({ sql, ours }).toEqual({ sql, ours: theirs });
}

const pieces = [
  "CREATE INDEX i ",
  "CREATE UNIQUE INDEX ",
  "IF NOT EXISTS ",
  '"on(x"',
  "[i(]",
  "ON t ",
  "ON ",
  "(",
  ")",
  ",",
  " ",
  "a",
  "lower(b)",
  "'('",
  "-- (\n",
  "/* ON ( */",
  "COLLATE NOCASE",
  "DESC",
  "ASC",
  "WHERE",
  "x > 0",
  "--",
  "/*",
  "'",
  '"',
];

function randomStatement(seed: number): string {
  return randomPieces(pieces, seed, 16);
}

describe("readCreateIndex reads what parseCreateIndex reads", () => {
  test("the conformance corpus, the fixtures and the benchmark DDL", () => {
    const root = join(import.meta.dir, "../../..");
    const texts = [
      ...ALL_CASES.filter((c) => c.dialect === "sqlite").flatMap((c) => [c.before, c.after]),
      readFileSync(join(root, "test/fixtures/chinook/Chinook_Sqlite.sql"), "utf8"),
      sqliteBenchDdl(12),
    ];
    let count = 0;
    for (const text of texts)
      for (const sql of text.split(";").map((s) => s.trim()))
        if (/^CREATE\s+(?:UNIQUE\s+)?INDEX/i.test(sql)) {
          same(sql);
          count++;
        }
    expect(count).toBeGreaterThan(20);
  });

  test("names, quotes and comments that look like ON or (", () => {
    for (const sql of [
      'CREATE INDEX "on(x" ON t (a DESC, lower(b) ASC) WHERE a > 0',
      "CREATE INDEX [i(] ON t (a) -- WHERE x",
      "CREATE INDEX i /* ON ( */ ON t (a COLLATE NOCASE, b)",
      "CREATE INDEX i ON t",
      "CREATE INDEX i t (a) ON u (b)",
      "CREATE INDEX i ON t (a",
    ])
      same(sql);
  });

  test("random statements", () => {
    for (let seed = 1; seed <= 6000; seed++) same(randomStatement(seed));
  });

  test("a reading given twice is two copies", () => {
    const a = readCreateIndex("CREATE INDEX a ON t (x DESC)");
    const b = readCreateIndex("CREATE INDEX b ON u (x DESC)");
    expect(b).toEqual(a);
    expect(b.keys[0]).not.toBe(a.keys[0] as object);
  });
});
