import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { sqliteSql } from "../../../src/dialect/sqlite/sqlite-sql.ts";
import { splitStatements } from "../../../src/sql/split-statements.ts";

const texts = (sql: string, dialect: "postgresql" | "sqlite") =>
  splitStatements(sql, dialectNamed(dialect).sql).map((s) => s.sql);

describe("splitStatements", () => {
  test("splits on top-level semicolons and trims", () => {
    expect(texts("CREATE TABLE a (x int);\n  INSERT INTO a VALUES (1) ;", "sqlite")).toEqual([
      "CREATE TABLE a (x int)",
      "INSERT INTO a VALUES (1)",
    ]);
  });

  test("a last statement without a semicolon is kept", () => {
    expect(texts("SELECT 1; SELECT 2", "postgresql")).toEqual(["SELECT 1", "SELECT 2"]);
  });

  test("semicolons in strings, identifiers and comments do not split", () => {
    const sql = `SELECT 'a;b', "c;d" -- e;f
    /* g;h */ FROM t; SELECT [i;j], \`k;l\``;
    expect(texts(sql, "sqlite")).toEqual([`SELECT 'a;b', "c;d" -- e;f\n    /* g;h */ FROM t`, "SELECT [i;j], `k;l`"]);
  });

  test("dollar-quoted function bodies and escape strings do not split", () => {
    const sql = `CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
SELECT E'\\';', 2;`;
    expect(texts(sql, "postgresql")).toEqual([
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql",
      "SELECT E'\\';', 2",
    ]);
  });

  test("nested block comments on PostgreSQL hide semicolons", () => {
    expect(texts("SELECT 1 /* a /* b; */ c; */ ; SELECT 2", "postgresql")).toEqual([
      "SELECT 1 /* a /* b; */ c; */",
      "SELECT 2",
    ]);
  });

  test("SQLite trigger bodies stay whole, CASE … END inside included", () => {
    const sql = `CREATE TRIGGER tr AFTER INSERT ON a BEGIN
  UPDATE a SET x = CASE WHEN NEW.x > 0 THEN 1 ELSE 0 END WHERE rowid = NEW.rowid;
  DELETE FROM b;
END;
CREATE TEMP TRIGGER t2 BEFORE DELETE ON a BEGIN SELECT 1; END; SELECT 3`;
    const parts = texts(sql, "sqlite");
    expect(parts).toHaveLength(3);
    expect(parts[0]?.endsWith("DELETE FROM b;\nEND")).toBe(true);
    expect(parts[1]).toBe("CREATE TEMP TRIGGER t2 BEFORE DELETE ON a BEGIN SELECT 1; END");
    expect(parts[2]).toBe("SELECT 3");
  });

  test("BEGIN outside a trigger is an ordinary statement", () => {
    expect(texts("BEGIN; SELECT 1; COMMIT;", "sqlite")).toEqual(["BEGIN", "SELECT 1", "COMMIT"]);
  });

  test("PostgreSQL BEGIN ATOMIC bodies stay whole", () => {
    const sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3";
    expect(texts(sql, "postgresql")).toEqual([
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END",
      "SELECT 3",
    ]);
  });

  test("comment-only and empty statements are dropped", () => {
    expect(texts(";; -- nothing\n; /* x */ ;", "sqlite")).toEqual([]);
  });

  test("statements carry their start offset and tokens", () => {
    const [, second] = splitStatements("SELECT 1;  DROP TABLE x;", sqliteSql);
    expect(second?.start).toBe(11);
    expect(second?.tokens.map((t) => t.text)).toEqual(["DROP", "TABLE", "x"]);
  });
});
