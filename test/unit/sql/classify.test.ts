import { describe, expect, test } from "bun:test";
import type { DialectName } from "../../../src/core/dialect-name.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { mysqlSql } from "../../../src/dialect/mysql/mysql-sql.ts";
import { postgresSql } from "../../../src/dialect/postgres/postgres-sql.ts";
import { sqliteSql } from "../../../src/dialect/sqlite/sqlite-sql.ts";
import { classifySql, summarizeSql } from "../../../src/sql/classify.ts";
import { DIALECTS } from "../../lib/dialects.ts";

const both: DialectName[] = DIALECTS.map((d) => d.name);
const destructive = (sql: string, dialect: DialectName = "postgresql") =>
  classifySql(sql, dialectNamed(dialect).sql).statements.map((s) => s.destructive);
const reasons = (sql: string, dialect: DialectName = "postgresql") =>
  classifySql(sql, dialectNamed(dialect).sql).statements.map((s) => s.reason);
const transactional = (sql: string, dialect: DialectName = "postgresql") =>
  classifySql(sql, dialectNamed(dialect).sql).statements.map((s) => s.transactional);

describe("classifySql: destructive statements", () => {
  test.each(both)(
    "DROP TABLE is destructive; DROP of an index, view or trigger is not (docs/design.md §10) (%s)",
    (dialect) => {
      expect(destructive('DROP TABLE "users"', dialect)).toEqual([true]);
      expect(destructive("drop table if exists users cascade", dialect)).toEqual([true]);
      for (const sql of ["DROP INDEX users_email_idx", "DROP VIEW v", "DROP TRIGGER trg", "drop index if exists i"]) {
        expect([sql, ...destructive(sql, dialect)]).toEqual([sql, false]);
      }
      expect(reasons('DROP TABLE IF EXISTS "users"', dialect)).toEqual(['DROP TABLE IF EXISTS "users"']);
    },
  );

  test("PostgreSQL-only DROPs: what holds data or cascades is destructive", () => {
    for (const sql of [
      "DROP MATERIALIZED VIEW mv",
      "DROP SCHEMA s",
      "DROP SCHEMA s CASCADE",
      "DROP DATABASE app",
      "DROP EXTENSION hstore",
      "DROP SEQUENCE s",
      "DROP OWNED BY bob",
      "DROP FOREIGN TABLE ft",
      "DROP TYPE mood CASCADE",
      "DROP FUNCTION f(int) CASCADE",
      "DROP VIEW v CASCADE",
      "DROP INDEX CONCURRENTLY i CASCADE",
    ]) {
      expect([sql, ...destructive(sql)]).toEqual([sql, true]);
    }
    expect(reasons("drop materialized view public.mv")).toEqual(["drop materialized view public.mv"]);
    expect(reasons("DROP VIEW v CASCADE")).toEqual(["DROP VIEW v … CASCADE"]);
  });

  test("PostgreSQL DROPs of objects that hold no data, without CASCADE, are not destructive", () => {
    for (const sql of [
      "DROP TYPE mood",
      "DROP FUNCTION f(int)",
      "DROP FUNCTION IF EXISTS a(), b(text) RESTRICT",
      "DROP PROCEDURE p",
      "DROP DOMAIN d",
      "DROP TRIGGER trg ON t",
      "DROP INDEX CONCURRENTLY i",
      "DROP VIEW IF EXISTS public.v",
    ]) {
      expect([sql, ...destructive(sql)]).toEqual([sql, false]);
    }
  });

  test("the serial sequence pormg drops after the column's default is not destructive; any other DROP SEQUENCE is", () => {
    expect(destructive('ALTER TABLE "t" ALTER COLUMN "id" DROP DEFAULT;\nDROP SEQUENCE "t_id_seq";')).toEqual([
      false,
      false,
    ]);
    expect(destructive('ALTER TABLE "t" ALTER COLUMN "id" DROP DEFAULT; DROP SEQUENCE "t_id_seq" CASCADE')).toEqual([
      false,
      true,
    ]);
    expect(destructive('ALTER TABLE "t" ALTER COLUMN "id" DROP DEFAULT; DROP SEQUENCE a, b')).toEqual([false, true]);
    expect(destructive('SELECT 1; DROP SEQUENCE "t_id_seq"')).toEqual([false, true]);
    expect(destructive('DROP SEQUENCE "t_id_seq"')).toEqual([true]);
  });

  test.each(both)("ALTER TABLE … DROP COLUMN / DROP CONSTRAINT is destructive (%s)", (dialect) => {
    const q = dialectNamed(dialect).quoteIdent;
    expect(destructive(`ALTER TABLE ${q("t")} DROP COLUMN ${q("c")}`, dialect)).toEqual([true]);
    expect(destructive("ALTER TABLE t DROP c", dialect)).toEqual([true]);
    expect(reasons(`ALTER TABLE ${q("t")} DROP COLUMN ${q("c")}`, dialect)).toEqual([
      `ALTER TABLE ${q("t")} … DROP COLUMN ${q("c")}`,
    ]);
  });

  test("ALTER … DROP CONSTRAINT keeps every value unless it cascades; a DROP COLUMN in a later action counts", () => {
    expect(destructive('ALTER TABLE "t" DROP CONSTRAINT "t_fk"')).toEqual([false]);
    expect(destructive('ALTER TABLE "t" DROP CONSTRAINT IF EXISTS "t_fk"', "sqlite")).toEqual([false]);
    expect(destructive("ALTER TABLE ONLY t ADD COLUMN a int, DROP CONSTRAINT c")).toEqual([false]);
    expect(destructive("ALTER DOMAIN d DROP CONSTRAINT positive")).toEqual([false]);
    expect(destructive("ALTER TABLE t DROP CONSTRAINT t_pkey CASCADE")).toEqual([true]);
    expect(reasons("ALTER TABLE t DROP CONSTRAINT t_pkey CASCADE")).toEqual([
      "ALTER TABLE t … DROP CONSTRAINT t_pkey … CASCADE",
    ]);
    expect(destructive("ALTER TABLE t DROP CONSTRAINT c, DROP COLUMN b")).toEqual([true]);
    expect(destructive("ALTER TABLE t ALTER COLUMN a TYPE int, DROP COLUMN b")).toEqual([true]);
    expect(destructive("ALTER TYPE addr DROP ATTRIBUTE zip")).toEqual([true]);
  });

  test("property drops keep every value", () => {
    for (const sql of [
      'ALTER TABLE "t" ALTER COLUMN "c" DROP NOT NULL',
      "ALTER TABLE t ALTER c DROP DEFAULT",
      "ALTER TABLE t ALTER COLUMN id DROP IDENTITY IF EXISTS",
      "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION",
      'ALTER TABLE t ALTER COLUMN "drop" DROP NOT NULL, ALTER COLUMN b DROP DEFAULT',
      "ALTER DOMAIN d DROP NOT NULL",
    ]) {
      expect(destructive(sql)).toEqual([false]);
    }
  });

  test("a SQLite column named like a property is still dropped", () => {
    expect(destructive("ALTER TABLE t DROP identity", "sqlite")).toEqual([true]);
    expect(destructive("ALTER TABLE t DROP COLUMN expression", "sqlite")).toEqual([true]);
    expect(destructive('ALTER TABLE t DROP "default"')).toEqual([true]);
  });

  test.each(both)("TRUNCATE and DELETE without WHERE are destructive (%s)", (dialect) => {
    expect(destructive("TRUNCATE t", dialect === "sqlite" ? "postgresql" : dialect)).toEqual([true]);
    expect(destructive("DELETE FROM t", dialect)).toEqual([true]);
    expect(destructive('delete from "t" -- WHERE id = 1', dialect)).toEqual([true]);
    expect(destructive("DELETE FROM t /* WHERE id = 1 */", dialect)).toEqual([true]);
    expect(destructive('DELETE FROM "where"', dialect)).toEqual([true]);
    expect(reasons("DELETE FROM t", dialect)).toEqual(["DELETE FROM t without WHERE"]);
  });

  test.each(both)("UPDATE without WHERE is destructive like DELETE; upserts and FK clauses are not (%s)", (dialect) => {
    expect(destructive("UPDATE t SET x = 1", dialect)).toEqual([true]);
    expect(reasons("UPDATE t SET x = 1", dialect)).toEqual(["UPDATE t without WHERE"]);
    expect(destructive("UPDATE t SET x = (SELECT y FROM u WHERE u.id = 1)", dialect)).toEqual([true]);
    expect(destructive("UPDATE t SET x = 1 WHERE x IS NULL", dialect)).toEqual([false]);
    expect(destructive("UPDATE t SET x = u.y FROM u WHERE t.id = u.id", dialect)).toEqual([false]);
    expect(
      destructive("WITH s AS (UPDATE t SET x = 1 RETURNING *) SELECT count(*) FROM s WHERE true", dialect),
    ).toEqual([true]);
    expect(destructive("INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET x = 2", dialect)).toEqual([false]);
    expect(destructive("UPDATE t SET note = 'no where here'", dialect)).toEqual([true]);
    expect(destructive("CREATE TRIGGER tr BEFORE UPDATE ON t BEGIN UPDATE u SET n = 1; END", "sqlite")).toEqual([
      false,
    ]);
  });

  test("EXPLAIN ANALYZE runs an UPDATE too", () => {
    expect(destructive("EXPLAIN ANALYZE UPDATE t SET x = 1")).toEqual([true]);
    expect(destructive("SELECT * FROM t FOR UPDATE")).toEqual([false]);
  });

  test("a WHERE nested deeper than the DELETE does not count", () => {
    expect(destructive("DELETE FROM t RETURNING (SELECT 1 WHERE true)")).toEqual([true]);
    expect(destructive("DELETE FROM t USING (SELECT id FROM u WHERE u.x) s")).toEqual([true]);
  });

  test("data-modifying CTEs, WITH … DELETE and EXPLAIN ANALYZE are seen", () => {
    expect(destructive("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d WHERE true")).toEqual([true]);
    expect(destructive("WITH x AS (SELECT 1) DELETE FROM t")).toEqual([true]);
    expect(destructive("WITH x AS (SELECT id FROM u WHERE a) DELETE FROM t WHERE id IN (SELECT id FROM x)")).toEqual([
      false,
    ]);
    expect(destructive("EXPLAIN ANALYZE DELETE FROM t")).toEqual([true]);
    expect(destructive("EXPLAIN (ANALYZE, BUFFERS) DROP TABLE t")).toEqual([true]);
    expect(destructive("COPY (DELETE FROM t RETURNING *) TO STDOUT")).toEqual([true]);
  });

  test("DO blocks are read: drops, truncates, deletes and dynamic SQL inside are destructive", () => {
    expect(destructive("DO $$ BEGIN DROP TABLE t; END $$")).toEqual([true]);
    expect(destructive("DO $body$ BEGIN TRUNCATE t; END $body$ LANGUAGE plpgsql")).toEqual([true]);
    expect(destructive("DO $$ BEGIN DELETE FROM t; END $$")).toEqual([true]);
    expect(reasons("DO $$ BEGIN EXECUTE 'DR' || 'OP TABLE t'; END $$")).toEqual([
      "DO block runs dynamic SQL (EXECUTE), which pormg cannot check",
    ]);
    expect(destructive("DO $$ BEGIN ALTER TABLE t ALTER COLUMN c DROP NOT NULL; END $$")).toEqual([false]);
    expect(destructive("DO $$ BEGIN IF true THEN ALTER TABLE t DROP COLUMN c; END IF; END $$")).toEqual([true]);
    expect(destructive("DO $$ BEGIN DELETE FROM t WHERE id = 1; RAISE NOTICE 'drop'; END $$")).toEqual([false]);
  });

  test("DO blocks follow the same rules; constant EXECUTE SQL is read, built SQL cannot be", () => {
    expect(destructive("DO $$ BEGIN DROP INDEX IF EXISTS i; DROP VIEW v; END $$")).toEqual([false]);
    expect(destructive("DO $$ BEGIN ALTER TABLE t DROP CONSTRAINT c; END $$")).toEqual([false]);
    expect(destructive("DO $$ BEGIN DROP VIEW v CASCADE; END $$")).toEqual([true]);
    expect(destructive("DO $$ BEGIN EXECUTE 'DROP INDEX i'; END $$")).toEqual([false]);
    expect(reasons("DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$")).toEqual(["DO block runs DROP TABLE t"]);
    expect(reasons("DO $$ BEGIN EXECUTE 'DELETE FROM t'; END $$")).toEqual([
      "DO block runs DELETE FROM t without WHERE",
    ]);
    expect(reasons("DO $$ BEGIN EXECUTE format('DROP INDEX %I', 'i'); END $$")).toEqual([
      "DO block runs dynamic SQL (EXECUTE), which pormg cannot check",
    ]);
    expect(destructive("DO $$ DECLARE q text := 'x'; BEGIN EXECUTE q; END $$")).toEqual([true]);
  });
});

describe("classifySql: things that only look destructive", () => {
  test.each(both)("strings, comments and identifiers spelling DROP (%s)", (dialect) => {
    for (const sql of [
      "SELECT 'DROP TABLE x'",
      "INSERT INTO notes (body) VALUES ('TRUNCATE t; DELETE FROM t')",
      "-- DROP TABLE users\nSELECT 1",
      "/* DROP TABLE users */ SELECT 1",
      "ALTER TABLE t ADD COLUMN drop_table int",
      'ALTER TABLE t ADD COLUMN "drop table" int',
      'UPDATE t SET "drop" = 1 WHERE "drop" IS NULL',
      "SELECT drop_table FROM t",
    ]) {
      expect(destructive(sql, dialect)).toEqual([false]);
    }
  });

  test("PostgreSQL escape strings, dollar quotes and function bodies", () => {
    expect(destructive("SELECT E'it\\'s DROP TABLE x'")).toEqual([false]);
    expect(destructive("SELECT $$DROP TABLE x; DELETE FROM y$$")).toEqual([false]);
    expect(destructive("CREATE FUNCTION f() RETURNS void AS $f$ DROP TABLE x $f$ LANGUAGE sql")).toEqual([false]);
    expect(destructive("CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM t; END")).toEqual([
      false,
    ]);
    expect(destructive("CREATE RULE r AS ON INSERT TO t DO INSTEAD DELETE FROM u")).toEqual([false]);
  });

  test("DELETE … WHERE, ON DELETE actions and DELETE triggers are not destructive", () => {
    expect(destructive("DELETE FROM t WHERE id = 1")).toEqual([false]);
    expect(destructive("DELETE FROM t WHERE CURRENT OF c")).toEqual([false]);
    expect(destructive("ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id) ON DELETE CASCADE")).toEqual([
      false,
    ]);
    expect(destructive("GRANT DELETE, TRUNCATE ON t TO bob")).toEqual([false]);
    expect(destructive("CREATE TRIGGER trg AFTER DELETE ON t BEGIN DELETE FROM audit; END", "sqlite")).toEqual([false]);
    expect(destructive("CREATE TEMP TABLE x (a int) ON COMMIT DROP")).toEqual([false]);
  });

  test("a column dropped and re-added as a generated column in the same ALTER TABLE is re-created, not lost", () => {
    expect(
      destructive('ALTER TABLE "g" DROP COLUMN "b", ADD COLUMN "b" integer GENERATED ALWAYS AS (a * 3) STORED'),
    ).toEqual([false]);
    expect(
      destructive("alter table g drop column b, add column if not exists B int generated always as (a) stored"),
    ).toEqual([false]);
    // Another column, a plain re-add, two statements, or a different quoted name: still a drop.
    for (const sql of [
      'ALTER TABLE "g" DROP COLUMN "b", ADD COLUMN "c" integer GENERATED ALWAYS AS (a) STORED',
      'ALTER TABLE "g" DROP COLUMN "b", ADD COLUMN "b" integer',
      'ALTER TABLE "g" DROP COLUMN "b"; ALTER TABLE "g" ADD COLUMN "b" integer GENERATED ALWAYS AS (a) STORED',
      'ALTER TABLE "g" DROP COLUMN "B", ADD COLUMN "b" integer GENERATED ALWAYS AS (a) STORED',
      'ALTER TABLE "g" DROP COLUMN "b", ADD COLUMN "b" integer GENERATED ALWAYS AS (a) STORED, DROP COLUMN "c"',
      'ALTER TABLE "g" DROP "b", ADD COLUMN "b" integer GENERATED ALWAYS AS (a) STORED',
    ])
      expect(destructive(sql)).toContain(true);
  });

  test("renames are not destructive", () => {
    expect(destructive('ALTER TABLE "a" RENAME TO "b"')).toEqual([false]);
    expect(destructive('ALTER TABLE "a" RENAME COLUMN "x" TO "y"', "sqlite")).toEqual([false]);
  });
});

describe("classifySql: statements and transactions", () => {
  test("splits several statements and keeps their offsets", () => {
    const sql = "SELECT 1;\n-- note; not a statement\nDROP TABLE t;\nSELECT ';'";
    const statements = classifySql(sql, postgresSql).statements;
    expect(statements.map((s) => [s.sql, s.destructive, s.verb])).toEqual([
      ["SELECT 1", false, "SELECT"],
      ["-- note; not a statement\nDROP TABLE t", true, "DROP"],
      ["SELECT ';'", false, "SELECT"],
    ]);
    expect(statements.map((s) => sql.slice(s.start, s.start + s.sql.length))).toEqual(statements.map((s) => s.sql));
  });

  test("PostgreSQL statements that cannot run in a transaction", () => {
    for (const sql of [
      "CREATE INDEX CONCURRENTLY i ON t (a)",
      "create unique index concurrently if not exists i on t (a)",
      "DROP INDEX CONCURRENTLY IF EXISTS i",
      "REINDEX INDEX CONCURRENTLY i",
      "REINDEX DATABASE app",
      "VACUUM FULL t",
      "CREATE DATABASE app",
      "DROP DATABASE app",
      "ALTER SYSTEM SET work_mem = '64MB'",
      "CREATE TABLESPACE ts LOCATION '/x'",
      "ALTER DATABASE app SET TABLESPACE ts",
      "ALTER TABLE p DETACH PARTITION c CONCURRENTLY",
      "CLUSTER",
      "DISCARD ALL",
    ]) {
      expect([sql, ...transactional(sql)]).toEqual([sql, false]);
    }
  });

  test("look-alikes that do run in a transaction", () => {
    for (const sql of [
      "CREATE INDEX i ON t (a)",
      'CREATE INDEX "concurrently" ON t (a)',
      "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
      "SELECT 'VACUUM'",
      "ALTER DATABASE app SET work_mem = '1MB'",
      "CLUSTER t USING i",
      "ANALYZE t",
    ]) {
      expect([sql, ...transactional(sql)]).toEqual([sql, true]);
    }
  });

  test("SQLite statements that cannot run in a transaction", () => {
    expect(transactional("VACUUM", "sqlite")).toEqual([false]);
    expect(transactional("ATTACH DATABASE 'x.db' AS x", "sqlite")).toEqual([false]);
    expect(transactional("DETACH x", "sqlite")).toEqual([false]);
    expect(transactional("CREATE INDEX i ON t (a)", "sqlite")).toEqual([true]);
  });

  test("transaction control is recognized; savepoints are not", () => {
    const control = (sql: string, dialect: DialectName = "postgresql") =>
      classifySql(sql, dialectNamed(dialect).sql).statements.map((s) => s.transactionControl);
    expect(control("BEGIN; COMMIT; ROLLBACK; END; START TRANSACTION; ABORT; PREPARE TRANSACTION 'x'")).toEqual(
      Array(7).fill(true),
    );
    expect(control("SAVEPOINT a; ROLLBACK TO SAVEPOINT a; RELEASE a")).toEqual([false, false, false]);
    expect(control("BEGIN IMMEDIATE; COMMIT", "sqlite")).toEqual([true, true]);
    expect(control("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END", "sqlite")).toEqual([false]);
  });

  test("empty input and comment-only input hold no statements", () => {
    expect(classifySql("", postgresSql).statements).toEqual([]);
    expect(classifySql("-- DROP TABLE x;\n/* ; */ ;;", sqliteSql).statements).toEqual([]);
  });
});

describe("classifySql: MySQL and MariaDB", () => {
  const my = (sql: string) => classifySql(sql, mysqlSql).statements;
  const myDestructive = (sql: string) => my(sql).map((s) => s.destructive);
  const myReasons = (sql: string) => my(sql).map((s) => s.reason);

  test("what holds data is destructive: tables, databases, truncates, MariaDB's CREATE OR REPLACE TABLE", () => {
    for (const [sql, reason] of [
      ["DROP TABLE `t`", "DROP TABLE `t`"],
      ["DROP DATABASE app", "DROP DATABASE app"],
      ["DROP SCHEMA IF EXISTS app", "DROP SCHEMA IF EXISTS app"],
      ["TRUNCATE TABLE `t`", "TRUNCATE TABLE `t`"],
      ["CREATE OR REPLACE TABLE t (id int)", "CREATE OR REPLACE TABLE t (replaces the table and its rows)"],
      ["ALTER TABLE t TRUNCATE PARTITION p0", "ALTER TABLE t … TRUNCATE PARTITION"],
      ["ALTER TABLE t DISCARD TABLESPACE", "ALTER TABLE t … DISCARD TABLESPACE"],
      ["ALTER TABLE t ENGINE = BLACKHOLE", "ALTER TABLE t … ENGINE = BLACKHOLE"],
      ["ALTER TABLE `t` DROP COLUMN `c`", "ALTER TABLE `t` … DROP COLUMN `c`"],
    ] as const)
      expect([sql, ...myReasons(sql)]).toEqual([sql, reason]);
    expect(myDestructive("ALTER TABLE t ENGINE=InnoDB")).toEqual([false]);
  });

  test("dropping keys, indexes, foreign keys and checks keeps every value; renames do too", () => {
    for (const sql of [
      "ALTER TABLE `t` DROP INDEX `i`, DROP FOREIGN KEY `f`, DROP PRIMARY KEY, DROP CHECK `k`, DROP CONSTRAINT `c2`",
      "ALTER TABLE `t` DROP KEY `k`",
      "DROP INDEX `i` ON `t`",
      "DROP VIEW v",
      "DROP TRIGGER trg",
      "DROP PROCEDURE p",
      "RENAME TABLE `a` TO `b`",
      "ALTER TABLE `a` RENAME COLUMN `x` TO `y`",
      "ALTER TABLE a CHANGE COLUMN x y int",
    ])
      expect([sql, ...myDestructive(sql)]).toEqual([sql, false]);
  });

  test("DELETE and UPDATE without WHERE, multi-table forms and MariaDB's ANALYZE of a statement included", () => {
    for (const [sql, reason] of [
      ["DELETE FROM `t`", "DELETE FROM `t` without WHERE"],
      ["DELETE FROM t LIMIT 10", "DELETE FROM t without WHERE"],
      ["DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "DELETE t1 without WHERE"],
      ["DELETE LOW_PRIORITY FROM t", "DELETE LOW_PRIORITY without WHERE"],
      ["UPDATE `t` SET `x` = 1", "UPDATE `t` without WHERE"],
      ["UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.x = t2.y", "UPDATE t1 without WHERE"],
      ["ANALYZE DELETE FROM t", "ANALYZE runs DELETE FROM t without WHERE"],
    ] as const)
      expect([sql, ...myReasons(sql)]).toEqual([sql, reason]);
    for (const sql of [
      "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.gone",
      "DELETE FROM t WHERE id = 1 LIMIT 1",
      "INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE x = 2",
      "ANALYZE TABLE t",
    ])
      expect([sql, ...myDestructive(sql)]).toEqual([sql, false]);
  });

  test("backquotes, double-quoted strings, backslash escapes, # and -- comments hide what they spell", () => {
    for (const sql of [
      "SELECT `drop table` FROM `delete`",
      "SELECT 'it\\'s; DROP TABLE x'",
      'SELECT "DROP TABLE x; DELETE FROM y"',
      "# DROP TABLE x\nSELECT 1",
      "SELECT 1 # ; DROP TABLE x",
      "-- DROP TABLE x\nSELECT 1",
    ])
      expect([sql, ...myDestructive(sql)]).toEqual([sql, false]);
    // A doubled backslash ends the string; `--` without a space is no comment; an executable comment is code.
    expect(myDestructive("SELECT 'a\\\\'; DROP TABLE t")).toEqual([false, true]);
    expect(my("SELECT 1 --DROP TABLE x")).toHaveLength(1);
    expect(myDestructive("SELECT 1 /*!50100 ; DROP TABLE t */")).toEqual([false, true]);
  });

  test("a stored program's body is one statement and runs later; MariaDB's BEGIN NOT ATOMIC runs now", () => {
    expect(myDestructive("CREATE PROCEDURE p() BEGIN DELETE FROM t; DROP TABLE u; END")).toEqual([false]);
    expect(
      myDestructive(
        "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW BEGIN IF NEW.x < 0 THEN SET NEW.x = 0; END IF; DELETE FROM audit; END",
      ),
    ).toEqual([false]);
    expect(
      myDestructive(
        "CREATE DEFINER = 'u'@'%' FUNCTION f() RETURNS int DETERMINISTIC BEGIN DECLARE n int; SELECT count(*) INTO n FROM t; RETURN n; END; DROP TABLE t",
      ),
    ).toEqual([false, true]);
    expect(myDestructive("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM log")).toEqual([false]);
    const block = my("BEGIN NOT ATOMIC DELETE FROM t; END");
    expect(block.map((s) => [s.destructive, s.transactionControl, s.reason])).toEqual([
      [true, false, "DELETE FROM t without WHERE"],
    ]);
  });

  test("transaction control, and the statements that refuse or end a transaction", () => {
    expect(my("START TRANSACTION; COMMIT; ROLLBACK; BEGIN").map((s) => s.transactionControl)).toEqual(
      Array(4).fill(true),
    );
    for (const sql of [
      "LOCK TABLES t WRITE",
      "UNLOCK TABLES",
      "XA START 'x'",
      "SET autocommit = 0",
      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
    ])
      expect([sql, ...my(sql).map((s) => s.transactional)]).toEqual([sql, false]);
    for (const sql of ["SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", "CREATE INDEX i ON t (a)"])
      expect([sql, ...my(sql).map((s) => s.transactional)]).toEqual([sql, true]);
  });
});

describe("summarizeSql", () => {
  test("a step is destructive if any statement is, transactional only if all are", () => {
    expect(summarizeSql("SELECT 1; DROP TABLE t; DELETE FROM u", sqliteSql)).toEqual({
      destructive: true,
      transactional: true,
      reasons: ["DROP TABLE t", "DELETE FROM u without WHERE"],
    });
    expect(summarizeSql("VACUUM", postgresSql)).toEqual({ destructive: false, transactional: false, reasons: [] });
  });
});
