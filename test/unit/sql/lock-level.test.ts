/**
 * The lock table against PostgreSQL's documented lock level per command ("Explicit Locking",
 * 13.3.1, and each command's reference page): every row is one statement and the mode the
 * documentation names for it.
 */
import { describe, expect, test } from "bun:test";
import { postgresSql } from "../../../src/dialect/postgres/postgres-sql.ts";
import { statementLocks } from "../../../src/sql/lock-level.ts";
import { type LockMode, strongerLock } from "../../../src/sql/lock-modes.ts";
import { splitStatements } from "../../../src/sql/split-statements.ts";
import { isComment } from "../../../src/sql/token-predicates.ts";

const locks = (sql: string) =>
  statementLocks((splitStatements(sql, postgresSql)[0]?.tokens ?? []).filter((t) => !isComment(t)));

const DOCUMENTED: readonly (readonly [string, LockMode | undefined])[] = [
  ["SELECT * FROM t", undefined],
  ["INSERT INTO t (a) VALUES (1)", "ROW EXCLUSIVE"],
  ["UPDATE t SET a = 1", "ROW EXCLUSIVE"],
  ["DELETE FROM t WHERE a = 1", "ROW EXCLUSIVE"],
  ["MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE", "ROW EXCLUSIVE"],
  ["CREATE INDEX i ON t (a)", "SHARE"],
  ["CREATE UNIQUE INDEX i ON public.t (a)", "SHARE"],
  ["CREATE INDEX CONCURRENTLY i ON t (a)", "SHARE UPDATE EXCLUSIVE"],
  ["CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", "SHARE UPDATE EXCLUSIVE"],
  ["DROP INDEX i", "ACCESS EXCLUSIVE"],
  ["DROP INDEX CONCURRENTLY i", "SHARE UPDATE EXCLUSIVE"],
  ["REINDEX TABLE t", "SHARE"],
  ["REINDEX TABLE CONCURRENTLY t", "SHARE UPDATE EXCLUSIVE"],
  ["VACUUM t", "SHARE UPDATE EXCLUSIVE"],
  ["VACUUM FULL t", "ACCESS EXCLUSIVE"],
  ["ANALYZE t", "SHARE UPDATE EXCLUSIVE"],
  ["CLUSTER t USING i", "ACCESS EXCLUSIVE"],
  ["REFRESH MATERIALIZED VIEW m", "ACCESS EXCLUSIVE"],
  ["REFRESH MATERIALIZED VIEW CONCURRENTLY m", "EXCLUSIVE"],
  ["TRUNCATE t", "ACCESS EXCLUSIVE"],
  ["DROP TABLE t", "ACCESS EXCLUSIVE"],
  ["CREATE TABLE t (a int)", "ACCESS EXCLUSIVE"],
  ["CREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "SHARE ROW EXCLUSIVE"],
  ["DROP TRIGGER g ON t", "ACCESS EXCLUSIVE"],
  ["CREATE STATISTICS s ON a, b FROM t", "SHARE UPDATE EXCLUSIVE"],
  ["COMMENT ON TABLE t IS 'x'", "SHARE UPDATE EXCLUSIVE"],
  ["LOCK TABLE t IN ACCESS SHARE MODE", "ACCESS SHARE"],
  ["LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE", "SHARE ROW EXCLUSIVE"],
  ["LOCK t", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t ADD COLUMN c int", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t DROP COLUMN c", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t ALTER COLUMN c TYPE bigint", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t ALTER COLUMN c SET NOT NULL", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t ALTER COLUMN c SET DEFAULT 1", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t ALTER COLUMN c SET STATISTICS 100", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t ALTER COLUMN c SET (n_distinct = 10)", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0)", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0) NOT VALID", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES u (id)", "SHARE ROW EXCLUSIVE"],
  ["ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES u (id) NOT VALID", "SHARE ROW EXCLUSIVE"],
  ["ALTER TABLE t VALIDATE CONSTRAINT f", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t SET (fillfactor = 70)", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t CLUSTER ON i", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t SET WITHOUT CLUSTER", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t DISABLE TRIGGER g", "SHARE ROW EXCLUSIVE"],
  ["ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1)", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t DETACH PARTITION p", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t DETACH PARTITION p CONCURRENTLY", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t RENAME COLUMN a TO b", "ACCESS EXCLUSIVE"],
  ["ALTER TABLE t RENAME TO u", "ACCESS EXCLUSIVE"],
  ["ALTER INDEX i RENAME TO j", "SHARE UPDATE EXCLUSIVE"],
  // Several subcommands: the strongest.
  ["ALTER TABLE t SET (fillfactor = 70), ALTER COLUMN c SET STATISTICS 10", "SHARE UPDATE EXCLUSIVE"],
  ["ALTER TABLE t VALIDATE CONSTRAINT f, ADD COLUMN d int", "ACCESS EXCLUSIVE"],
  ["CREATE VIEW v AS SELECT 1", undefined],
  ["CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", undefined],
];

describe("lock per statement, as PostgreSQL documents it", () => {
  for (const [sql, mode] of DOCUMENTED) test(sql, () => expect(locks(sql).lock).toBe(mode));
});

test("the locks name each table: a foreign key locks both, a qualified or quoted name by its last part", () => {
  expect(
    locks(`ALTER TABLE "public"."Post" ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES public.author (id)`).locks,
  ).toEqual([
    { table: "Post", mode: "SHARE ROW EXCLUSIVE" },
    { table: "author", mode: "SHARE ROW EXCLUSIVE" },
  ]);
  expect(locks(`CREATE TABLE c (id int REFERENCES p (id))`).locks).toEqual([
    { table: "c", mode: "ACCESS EXCLUSIVE" },
    { table: "p", mode: "SHARE ROW EXCLUSIVE" },
  ]);
});

test("the actions the rules read", () => {
  expect(locks(`ALTER TABLE t ALTER COLUMN "N" TYPE bigint USING "N"::bigint`).actions).toEqual([
    { kind: "retype", table: "t", column: "N", type: "bigint" },
  ]);
  expect(locks(`ALTER TABLE t ALTER COLUMN c SET DATA TYPE varchar(20)`).actions).toEqual([
    { kind: "retype", table: "t", column: "c", type: "varchar(20)" },
  ]);
  expect(locks(`ALTER TABLE t ADD COLUMN u uuid DEFAULT gen_random_uuid()`).actions[0]).toMatchObject({
    kind: "add-column",
    rewrite: "the volatile default gen_random_uuid() is evaluated for every existing row",
  });
  expect(locks(`ALTER TABLE t ADD COLUMN at timestamptz NOT NULL DEFAULT now()`).actions[0]).not.toHaveProperty(
    "rewrite",
  );
  expect(locks(`ALTER TABLE t ADD COLUMN k bigserial`).actions[0]).toHaveProperty("rewrite");
  expect(locks(`ALTER TABLE t ADD CONSTRAINT t_c_nn CHECK (("c" IS NOT NULL)) NOT VALID`).actions).toEqual([
    { kind: "add-check", table: "t", name: "t_c_nn", notValid: true, notNullOf: "c" },
  ]);
  expect(locks(`ALTER TABLE t RENAME COLUMN a TO b`).actions).toEqual([
    { kind: "rename-column", table: "t", column: "a", to: "b" },
  ]);
  expect(locks(`ALTER TABLE t DROP COLUMN IF EXISTS c`).actions).toEqual([
    { kind: "drop-column", table: "t", column: "c" },
  ]);
  expect(locks(`CREATE INDEX CONCURRENTLY i ON t (a)`).actions).toEqual([
    { kind: "create-index", table: "t", concurrent: true },
  ]);
});

test("strongerLock orders the modes by strength", () => {
  expect(strongerLock("SHARE", "SHARE UPDATE EXCLUSIVE")).toBe("SHARE");
  expect(strongerLock(undefined, "ROW EXCLUSIVE")).toBe("ROW EXCLUSIVE");
  expect(strongerLock("ACCESS EXCLUSIVE", "EXCLUSIVE")).toBe("ACCESS EXCLUSIVE");
});
