import { describe, expect, test } from "bun:test";
import { parseCreateIndex } from "../../../src/dialect/sqlite/sqlite-create-index.ts";
import { parseSqliteDefault } from "../../../src/dialect/sqlite/sqlite-defaults.ts";
import { parseCreateTable } from "../../../src/dialect/sqlite/sqlite-table-sql.ts";
import { parseSqliteType } from "../../../src/dialect/sqlite/sqlite-types.ts";

describe("parseSqliteType", () => {
  test.each([
    ["NVARCHAR(40)", { kind: "varchar", length: 40 }],
    ["INTEGER", { kind: "bigint" }],
    ["integer  unsigned", { kind: "integer" }],
    ["DATETIME", { kind: "timestamp", withTimeZone: false }],
    ["NUMERIC(10, 2)", { kind: "decimal", precision: 10, scale: 2 }],
    ["Double Precision", { kind: "double" }],
    ["TEXT(5)", { kind: "varchar", length: 5 }],
    ["VARCHAR", { kind: "text" }],
    ["BOOLEAN(1)", { kind: "native", sql: "boolean(1)" }],
    ["Geometry", { kind: "native", sql: "geometry" }],
    ["", { kind: "native", sql: "" }],
  ] as const)("%p", (declared, expected) => {
    expect(parseSqliteType(declared)).toEqual(expected);
  });
});

describe("parseSqliteDefault", () => {
  test("literals, booleans and expressions", () => {
    expect(parseSqliteDefault("'a''b'", { kind: "text" })).toEqual({ kind: "literal", value: "a'b" });
    expect(parseSqliteDefault("+3", { kind: "bigint" })).toEqual({ kind: "literal", value: 3 });
    expect(parseSqliteDefault("1", { kind: "boolean" })).toEqual({ kind: "literal", value: true });
    expect(parseSqliteDefault("1", { kind: "bigint" })).toEqual({ kind: "literal", value: 1 });
    expect(parseSqliteDefault("null", { kind: "text" })).toBeUndefined();
    expect(parseSqliteDefault(null, { kind: "text" })).toBeUndefined();
    expect(parseSqliteDefault("current_time", { kind: "time" })).toEqual({ kind: "expression", sql: "CURRENT_TIME" });
    expect(parseSqliteDefault("( 'a' || 'b' )", { kind: "text" })).toEqual({ kind: "expression", sql: "'a' || 'b'" });
    expect(parseSqliteDefault("'a' || 'b'", { kind: "text" })).toEqual({ kind: "expression", sql: "'a' || 'b'" });
  });
});

describe("parseCreateTable", () => {
  test("AUTOINCREMENT, names, checks and WITHOUT ROWID", () => {
    const facts = parseCreateTable(`CREATE TABLE "t" (
      "id" INTEGER CONSTRAINT pk PRIMARY KEY AUTOINCREMENT,
      [v] VARCHAR(10) CONSTRAINT v_u UNIQUE CHECK (v <> 'x,)') DEFAULT ('(,'),
      w INTEGER CONSTRAINT w_fk REFERENCES other (id),
      CONSTRAINT c2 CHECK (w > 0), -- trailing comment, with a comma
      CONSTRAINT "fk two" FOREIGN KEY (w, v) REFERENCES p (a, b),
      CONSTRAINT u2 UNIQUE (w COLLATE NOCASE, [v] DESC)
    ) WITHOUT ROWID, STRICT`);
    expect(facts).toEqual({
      autoincrement: "id",
      primaryKeyName: "pk",
      checks: [{ expression: "v <> 'x,)'" }, { name: "c2", expression: "w > 0" }],
      uniqueNames: [
        { name: "v_u", columns: ["v"] },
        { name: "u2", columns: ["w", "v"] },
      ],
      foreignKeyNames: [
        { name: "w_fk", columns: ["w"] },
        { name: "fk two", columns: ["w", "v"] },
      ],
      deferredForeignKeys: [],
      withoutRowid: true,
      strict: true,
      collations: new Map(),
    });
  });

  test("deferred foreign keys, on a column or the table", () => {
    const facts = parseCreateTable(`CREATE TABLE t (
      a INTEGER REFERENCES p (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
      b INTEGER REFERENCES p (id) NOT DEFERRABLE INITIALLY DEFERRED,
      c INTEGER REFERENCES p (id) DEFERRABLE INITIALLY IMMEDIATE NOT NULL,
      d INTEGER REFERENCES p DEFERRABLE INITIALLY DEFERRED,
      e INTEGER, f INTEGER,
      FOREIGN KEY (e, f) REFERENCES q (x, y) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
    )`);
    expect(facts.deferredForeignKeys).toEqual([["a"], ["d"], ["e", "f"]]);
  });

  test("column collations and STRICT", () => {
    const facts = parseCreateTable(`CREATE TABLE t (
      a TEXT COLLATE NOCASE NOT NULL, "b c" TEXT CONSTRAINT x COLLATE "rtrim", d TEXT, UNIQUE (d COLLATE binary)
    ) STRICT`);
    expect(facts.collations).toEqual(
      new Map([
        ["a", "NOCASE"],
        ["b c", "rtrim"],
      ]),
    );
    expect(facts).toMatchObject({ strict: true, withoutRowid: false });
  });

  test("generated columns: expression and STORED / VIRTUAL (the default)", () => {
    const facts = parseCreateTable(`CREATE TABLE g (
      a INT,
      "b" INTEGER GENERATED ALWAYS AS ( a * 2 ) STORED,
      c TEXT AS (upper('as (x)')) NOT NULL,
      d AS (a + 1) VIRTUAL,
      e INT DEFAULT (CAST(1 AS INT)) CHECK (a > 0)
    )`);
    expect(facts.generated).toEqual([
      { column: "b", expression: "a * 2", stored: true },
      { column: "c", expression: "upper('as (x)')", stored: false },
      { column: "d", expression: "a + 1", stored: false },
    ]);
    expect(facts.checks).toEqual([{ expression: "a > 0" }]);
  });

  test("a table created AS SELECT yields no facts", () => {
    expect(parseCreateTable("CREATE TABLE t AS SELECT 1 AS x")).toEqual({
      checks: [],
      uniqueNames: [],
      foreignKeyNames: [],
      deferredForeignKeys: [],
      withoutRowid: false,
      strict: false,
      collations: new Map(),
    });
  });

  test("the word AUTOINCREMENT in a string is not AUTOINCREMENT", () => {
    const facts = parseCreateTable("CREATE TABLE t (id INTEGER PRIMARY KEY DEFAULT 'AUTOINCREMENT')");
    expect(facts.autoincrement).toBeUndefined();
  });
});

describe("parseCreateIndex", () => {
  test("keys, directions and predicate", () => {
    expect(
      parseCreateIndex("CREATE UNIQUE INDEX IF NOT EXISTS [i] ON t (a DESC, lower(b) ASC, c) WHERE a > 0"),
    ).toEqual({
      keys: [
        { text: "a", descending: true },
        { text: "lower(b)", descending: false },
        { text: "c", descending: false },
      ],
      where: "a > 0",
    });
  });
});
