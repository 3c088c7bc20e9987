/**
 * quoteIdent and quoteLiteral against a real MariaDB / MySQL server: hostile names and strings
 * survive CREATE TABLE, INSERT and SELECT exactly, the SQL tokenizer decodes every literal to the
 * value the server reads, and with NO_BACKSLASH_ESCAPES on a quoted literal still ends where it
 * should (its value then has its backslashes doubled, which is why pormg keeps that mode off).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { quoteIdent, quoteLiteral } from "../../../src/dialect/mysql/mysql-quote.ts";
import { lexerModeConflicts, mysqlSql } from "../../../src/dialect/mysql/mysql-sql.ts";
import { tokenize } from "../../../src/sql/tokenize.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

const hostileNames = [
  "plain",
  "a`b",
  "``",
  "`lead",
  'dq"name',
  "it's",
  "back\\slash",
  "trail\\",
  "semi;colon",
  "-- dash",
  "# hash",
  "/* c */",
  "/*!50000 x */",
  "x`); DROP TABLE t; --",
  "select",
  "Ünïcödé 中文 ελληνικά",
  "$dollar",
  "1starts_with_digit",
];

const hostileStrings = [
  "",
  "plain",
  "it's",
  "''",
  "\\",
  "\\\\",
  "\\'",
  "'\\",
  "a\\'; SELECT 'pwned",
  "\\'); DROP TABLE t; -- ",
  'double "quotes" \\"',
  "\\n is not a newline",
  "real\nnewline\r\ttab",
  "percent % underscore _ \\% \\_",
  "ctrl-z \x1a and bell \x07",
  "*/ closes nothing /*! 1 */",
  "# not a comment -- nor this",
  "emoji 😀 and 中文 and é",
  "x\0y",
];

let db: MysqlTestDatabase;
let driver: Driver;

beforeAll(async () => {
  db = await freshMysqlDatabase("sql");
  driver = db.driver;
});
afterAll(async () => {
  await db?.dispose();
});

describe("quoteIdent on the server", () => {
  test("hostile table and column names round-trip through CREATE TABLE, INSERT and SELECT", async () => {
    for (const [k, name] of hostileNames.entries()) {
      const table = quoteIdent(`t ${name}`);
      const column = quoteIdent(name);
      await driver.execute(`CREATE TABLE ${table} (${column} int, ${quoteIdent(`${name}2`)} int)`);
      await driver.execute(`INSERT INTO ${table} (${column}) VALUES (${k})`);
      const rows = await driver.query(`SELECT ${column} FROM ${table}`);
      expect(rows).toEqual([{ [name]: k }]);
    }
    const tables = await driver.query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    );
    expect(tables.map((t) => t.name).sort()).toEqual(hostileNames.map((n) => `t ${n}`).sort());
    const columns = await driver.query<{ name: string }>(
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      ["t a`b"],
    );
    expect(columns.map((c) => c.name)).toEqual(["a`b", "a`b2"]);
  });
});

describe("quoteLiteral on the server", () => {
  test("hostile strings round-trip through INSERT and SELECT, and compare equal to themselves", async () => {
    await driver.execute(
      "CREATE TABLE strings (k int PRIMARY KEY, v longtext) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
    );
    for (const [k, value] of hostileStrings.entries())
      await driver.execute(`INSERT INTO strings VALUES (${k}, ${quoteLiteral(value)})`);
    const rows = await driver.query<{ k: number; v: string }>("SELECT k, v FROM strings ORDER BY k");
    expect(rows.map((r) => r.v)).toEqual(hostileStrings);
    for (const [k, value] of hostileStrings.entries()) {
      const found = await driver.query(`SELECT k FROM strings WHERE v = ${quoteLiteral(value)}`);
      expect([value, ...found.map((r) => r.k)]).toEqual([value, k]);
    }
  });

  test("a quoted literal is also a column comment and a default, where only a literal may stand", async () => {
    const value = "it's a \\ comment -- with `ticks`";
    await driver.execute(
      `CREATE TABLE commented (a varchar(100) DEFAULT ${quoteLiteral(value)} COMMENT ${quoteLiteral(value)}) COMMENT ${quoteLiteral(value)}`,
    );
    const [column] = await driver.query<{ c: string }>(
      "SELECT COLUMN_COMMENT AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'commented'",
    );
    expect(column?.c).toBe(value);
    await driver.execute("INSERT INTO commented VALUES ()");
    expect(await driver.query("SELECT a FROM commented")).toEqual([{ a: value }]);
  });

  test("the tokenizer decodes every literal, quoted by us or written by hand, to the value the server reads", async () => {
    const handWritten = [
      "'a\\'b'",
      '"a\\"b"',
      "'a''b'",
      '"a""b"',
      "'\\0\\b\\n\\r\\t\\Z'",
      "'\\%\\_\\q\\\\'",
      "N'n\\'x'",
      "'tab\there'",
    ];
    for (const literal of [...hostileStrings.map(quoteLiteral), ...handWritten]) {
      const tokens = tokenize(`SELECT ${literal} AS v`, mysqlSql);
      expect(tokens.map((t) => t.kind)).toEqual(["word", "string", "word", "word"]);
      const [row] = await driver.query<{ v: string }>(`SELECT ${literal} AS v`);
      expect([literal, tokens[1]?.value]).toEqual([literal, row?.v]);
    }
  });

  test("with NO_BACKSLASH_ESCAPES on, every quoted literal still ends where it should: nothing is injected", async () => {
    const other = await db.open();
    const mode = async () => (await other.query<{ m: string }>("SELECT @@SESSION.sql_mode AS m"))[0]?.m ?? "";
    expect(lexerModeConflicts(await mode())).toEqual([]);
    await other.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
    expect(lexerModeConflicts(await mode())).toEqual(["NO_BACKSLASH_ESCAPES"]);
    for (const value of hostileStrings) {
      // One row of two columns: had the literal ended early, the rest would be a syntax error or more SQL.
      const rows = await other.query<{ v: string; after: number }>(`SELECT ${quoteLiteral(value)} AS v, 42 AS after`);
      const expected = value.replaceAll("\\", "\\\\").replaceAll("\0", "\\0");
      expect(rows).toEqual([{ v: expected, after: 42 }]);
    }
    await other.execute("SET SESSION sql_mode = 'ANSI'");
    expect(lexerModeConflicts(await mode())).toEqual(["ANSI", "ANSI_QUOTES"]);
    await other.close();
  });
});
