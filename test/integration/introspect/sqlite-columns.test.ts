import { describe, expect, test } from "bun:test";
import { introspectDdl, tableOf } from "./sqlite-helpers.ts";

describe("sqlite introspection: generated columns", () => {
  test("STORED (hidden 3) and VIRTUAL (hidden 2) columns carry their expression from the CREATE TABLE text", async () => {
    const live = await introspectDdl(`CREATE TABLE g (
      a INTEGER,
      "B c" INTEGER GENERATED ALWAYS AS (a * 2) STORED,
      t TEXT AS (upper('x' || a)) NOT NULL,
      v REAL GENERATED ALWAYS AS (a / 2.0) VIRTUAL
    )`);
    expect(tableOf(live, "g").columns).toEqual([
      { name: "a", type: { kind: "bigint" }, nullable: true },
      { name: "B c", type: { kind: "bigint" }, nullable: true, generated: { expression: "a * 2", stored: true } },
      {
        name: "t",
        type: { kind: "text" },
        nullable: false,
        generated: { expression: "upper('x' || a)", stored: false },
      },
      { name: "v", type: { kind: "double" }, nullable: true, generated: { expression: "a / 2.0", stored: false } },
    ]);
  });
});

describe("sqlite introspection: columns", () => {
  test("declared types map to canonical kinds; unknown types stay native", async () => {
    const live = await introspectDdl(`CREATE TABLE t (
      a INTEGER, b INT, c BIGINT, d INT8, e SMALLINT, f INTEGER UNSIGNED, g REAL, h FLOAT, i DOUBLE PRECISION,
      j NUMERIC(10,2), k DECIMAL( 8 ), l decimal, m BOOLEAN, n BOOL, o NVARCHAR(40), p VARCHAR (255), q CHAR(3),
      r CHARACTER(10), s TEXT(12), t TEXT, u CLOB, v VARCHAR, w DATE, x TIME, y DATETIME, z TIMESTAMP,
      aa INTERVAL, ab UUID, ac JSON, ad JSONB, ae BLOB, af MEDIUMINT, ag Unsigned  Big   Int, ah, ai VARCHAR(10, 2)
    )`);
    const types = Object.fromEntries(tableOf(live, "t").columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      a: { kind: "bigint" },
      b: { kind: "bigint" },
      c: { kind: "bigint" },
      d: { kind: "bigint" },
      e: { kind: "smallint" },
      f: { kind: "integer" },
      g: { kind: "double" },
      h: { kind: "double" },
      i: { kind: "double" },
      j: { kind: "decimal", precision: 10, scale: 2 },
      k: { kind: "decimal", precision: 8 },
      l: { kind: "decimal" },
      m: { kind: "boolean" },
      n: { kind: "boolean" },
      o: { kind: "varchar", length: 40 },
      p: { kind: "varchar", length: 255 },
      q: { kind: "varchar", length: 3 },
      r: { kind: "varchar", length: 10 },
      s: { kind: "varchar", length: 12 },
      t: { kind: "text" },
      u: { kind: "text" },
      v: { kind: "text" },
      w: { kind: "date" },
      x: { kind: "time" },
      y: { kind: "timestamp", withTimeZone: false },
      z: { kind: "timestamp", withTimeZone: false },
      aa: { kind: "interval" },
      ab: { kind: "uuid" },
      ac: { kind: "json", binary: false },
      ad: { kind: "json", binary: false },
      ae: { kind: "bytes" },
      af: { kind: "native", sql: "mediumint" },
      ag: { kind: "native", sql: "unsigned big int" },
      ah: { kind: "native", sql: "" },
      ai: { kind: "native", sql: "varchar(10,2)" },
    });
  });

  test("AUTOINCREMENT is an identity; a rowid alias and a plain key are not", async () => {
    const live = await introspectDdl(`
      CREATE TABLE auto (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
      CREATE TABLE alias (id INTEGER PRIMARY KEY, v TEXT);
      CREATE TABLE plain (id INT PRIMARY KEY, v TEXT);
      CREATE TABLE textkey (code TEXT PRIMARY KEY);
      CREATE TABLE strict_key (code TEXT NOT NULL PRIMARY KEY);
      CREATE TABLE norowid (code TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
    `);
    expect(tableOf(live, "auto").columns[0]).toEqual({
      name: "id",
      type: { kind: "bigint" },
      nullable: false,
      identity: { always: false },
    });
    expect(tableOf(live, "alias").columns[0]).toEqual({ name: "id", type: { kind: "bigint" }, nullable: false });
    // INT PRIMARY KEY is not a rowid alias, and SQLite lets its key hold NULL. Only the declared
    // spelling says it is not an alias, so it stays native: rendered as INTEGER it would become one.
    expect(tableOf(live, "plain").columns[0]).toEqual({
      name: "id",
      type: { kind: "native", sql: "int" },
      nullable: true,
    });
    expect(tableOf(live, "textkey").columns[0]?.nullable).toBe(true);
    expect(tableOf(live, "strict_key").columns[0]?.nullable).toBe(false);
    expect(tableOf(live, "norowid").columns[0]?.nullable).toBe(false);
    for (const name of ["auto", "alias", "plain", "textkey", "norowid"]) {
      expect(tableOf(live, name).primaryKey).toEqual({
        columns: [name === "textkey" || name === "norowid" ? "code" : "id"],
      });
    }
  });

  test("the nullable truth about a PRIMARY KEY without NOT NULL holds on the database", async () => {
    const live = await introspectDdl(`CREATE TABLE k (code TEXT PRIMARY KEY); INSERT INTO k VALUES (NULL);`);
    expect(tableOf(live, "k").columns[0]?.nullable).toBe(true);
  });

  test("defaults: literals, booleans, NULL, time keywords and expressions", async () => {
    const live = await introspectDdl(`CREATE TABLE d (
      s TEXT DEFAULT 'it''s', e TEXT DEFAULT '', n INTEGER DEFAULT 42, neg INTEGER DEFAULT -7, f REAL DEFAULT 1.5,
      big INTEGER DEFAULT 9007199254740993, b1 BOOLEAN DEFAULT TRUE, b2 BOOLEAN DEFAULT false, b3 BOOLEAN DEFAULT 1,
      b4 BOOLEAN DEFAULT 0, i1 INTEGER DEFAULT 1, nul TEXT DEFAULT NULL, none TEXT,
      ts DATETIME DEFAULT CURRENT_TIMESTAMP, dt DATE DEFAULT current_date, tm TIME DEFAULT CURRENT_TIME,
      ex TEXT DEFAULT (datetime( 'now' ,  'localtime' )), ex2 INTEGER DEFAULT (1 + 2), blob BLOB DEFAULT X'00ff'
    )`);
    const defaults = Object.fromEntries(tableOf(live, "d").columns.map((c) => [c.name, c.default]));
    expect(defaults).toEqual({
      s: { kind: "literal", value: "it's" },
      e: { kind: "literal", value: "" },
      n: { kind: "literal", value: 42 },
      neg: { kind: "literal", value: -7 },
      f: { kind: "literal", value: 1.5 },
      big: { kind: "expression", sql: "9007199254740993" },
      b1: { kind: "literal", value: true },
      b2: { kind: "literal", value: false },
      b3: { kind: "literal", value: true },
      b4: { kind: "literal", value: false },
      i1: { kind: "literal", value: 1 },
      nul: undefined,
      none: undefined,
      ts: { kind: "expression", sql: "CURRENT_TIMESTAMP" },
      dt: { kind: "expression", sql: "CURRENT_DATE" },
      tm: { kind: "expression", sql: "CURRENT_TIME" },
      ex: { kind: "expression", sql: "datetime('now','localtime')" },
      ex2: { kind: "expression", sql: "1 + 2" },
      blob: { kind: "expression", sql: "X'00ff'" },
    });
    expect(tableOf(live, "d").columns.find((c) => c.name === "nul")).not.toHaveProperty("default");
  });

  test("quoted, mixed-case and reserved-word identifiers keep their exact spelling", async () => {
    const live = await introspectDdl(`
      CREATE TABLE [Order Items] ([Select] INTEGER NOT NULL, \`From\` TEXT, "we""ird" TEXT, "group" TEXT, MixedCase TEXT);
      CREATE TABLE "table" ("order" INTEGER PRIMARY KEY AUTOINCREMENT, "where" TEXT);
    `);
    expect(tableOf(live, "Order Items").columns.map((c) => c.name)).toEqual([
      "Select",
      "From",
      'we"ird',
      "group",
      "MixedCase",
    ]);
    const reserved = tableOf(live, "table");
    expect(reserved.columns[0]?.identity).toEqual({ always: false });
    expect(reserved.primaryKey).toEqual({ columns: ["order"] });
  });
});
