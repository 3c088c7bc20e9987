import { describe, expect, test } from "bun:test";
import { uncarriedClauses } from "../../../src/dialect/sqlite/sqlite-clauses.ts";

describe("uncarriedClauses: what a SQLite rebuild would lose", () => {
  test("ON CONFLICT, MATCH, PRIMARY KEY DESC and a collated key that also sorts", () => {
    const sql = `CREATE TABLE t (
      id INTEGER PRIMARY KEY DESC,
      a TEXT NOT NULL ON CONFLICT REPLACE,
      b INTEGER REFERENCES p (id) MATCH FULL,
      e TEXT, f TEXT,
      UNIQUE (e COLLATE NOCASE DESC, f) ON CONFLICT IGNORE,
      PRIMARY KEY (f COLLATE RTRIM, e DESC)
    )`;
    expect(uncarriedClauses(sql)).toEqual([
      { column: "id", clause: "PRIMARY KEY DESC" },
      { column: "a", clause: "ON CONFLICT REPLACE" },
      { column: "b", clause: "MATCH FULL" },
      { clause: "UNIQUE (e COLLATE NOCASE DESC, f)" },
      { clause: "ON CONFLICT IGNORE" },
      { clause: "PRIMARY KEY (f COLLATE RTRIM, e DESC)" },
    ]);
  });

  test("collations inside a table-level key are carried (KeyCollations), so not listed", () => {
    expect(
      uncarriedClauses(
        "CREATE TABLE t (e TEXT, f TEXT, UNIQUE (e COLLATE NOCASE, f), PRIMARY KEY (f COLLATE RTRIM, e))",
      ),
    ).toEqual([]);
  });

  test("what the IR carries is not listed", () => {
    const sql = `CREATE TABLE t (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      a TEXT COLLATE NOCASE NOT NULL DEFAULT ('as (x)') CHECK (a <> 'ON CONFLICT'),
      b INTEGER REFERENCES p (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
      c INT GENERATED ALWAYS AS (a || 'x') VIRTUAL,
      d INT AS (b * 2) STORED,
      v AS (b + 1),
      UNIQUE (a, b), CHECK (b > 0), FOREIGN KEY (b) REFERENCES q (x) NOT DEFERRABLE
    ) WITHOUT ROWID, STRICT`;
    expect(uncarriedClauses(sql)).toEqual([]);
    expect(uncarriedClauses("CREATE TABLE t AS SELECT 1")).toEqual([]);
  });
});
