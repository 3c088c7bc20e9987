/**
 * The linter's pure rules on a golden set of plans: each plan is its SQL statements and the live
 * facts, and the findings (id and severity per statement) are what docs/lint.md says they are.
 */
import { describe, expect, test } from "bun:test";
import { postgresSql } from "../../../src/dialect/postgres/postgres-sql.ts";
import { retypeWithoutRewrite } from "../../../src/plan/lint-coercible.ts";
import { atLeast, type LintFacts, lintStatements, type TableFacts } from "../../../src/plan/lint-rules.ts";
import { statementLocks } from "../../../src/sql/lock-level.ts";
import { splitStatements } from "../../../src/sql/split-statements.ts";
import { isComment } from "../../../src/sql/token-predicates.ts";

const table = (
  rows: number | null,
  columns: Record<string, string> = {},
  notNullChecks: string[] = [],
): TableFacts => ({
  rows,
  columns,
  notNullChecks,
});
const FACTS: LintFacts = {
  tables: {
    big: table(1_000_000, {
      id: "bigint",
      n: "integer",
      name: "character varying(50)",
      price: "numeric(8,2)",
      c: "integer",
    }),
    small: table(500, { id: "integer", n: "integer", c: "integer" }),
    empty: table(0, { n: "integer" }),
    fresh: table(null, { n: "integer" }),
    proven: table(50_000, { c: "integer" }, ["c"]),
    author: table(20_000, { id: "bigint" }),
  },
  readers: [{ view: "big_names", table: "big", columns: ["name", "id"] }],
};

/** Each statement's findings as `id:severity`. */
function lint(sql: string, facts: LintFacts | "none" = FACTS, rowThreshold?: number): string[][] {
  const statements = splitStatements(sql, postgresSql).map((s) =>
    statementLocks(s.tokens.filter((t) => !isComment(t))),
  );
  return lintStatements(
    statements,
    facts === "none" ? undefined : facts,
    rowThreshold === undefined ? {} : { rowThreshold },
  ).map((s) => s.findings.map((f) => `${f.id}:${f.severity}`));
}

const GOLDEN: readonly (readonly [string, string, string[][]])[] = [
  ["int → bigint on a large table rewrites", `ALTER TABLE big ALTER COLUMN n TYPE bigint`, [["table-rewrite:error"]]],
  [
    "int → bigint on a small table: a warning",
    `ALTER TABLE small ALTER COLUMN n TYPE bigint`,
    [["table-rewrite:warning"]],
  ],
  ["an empty table: nothing", `ALTER TABLE empty ALTER COLUMN n TYPE bigint`, [[]]],
  [
    "never analyzed: size unknown, a warning",
    `ALTER TABLE fresh ALTER COLUMN n TYPE bigint`,
    [["table-rewrite:warning"]],
  ],
  ["varchar(50) → varchar(100): no rewrite", `ALTER TABLE big ALTER COLUMN name TYPE varchar(100)`, [[]]],
  ["varchar(50) → text: no rewrite", `ALTER TABLE big ALTER COLUMN name TYPE text`, [[]]],
  [
    "varchar(50) → varchar(20): rewrite",
    `ALTER TABLE big ALTER COLUMN name TYPE varchar(20)`,
    [["table-rewrite:error"]],
  ],
  ["numeric(8,2) → numeric(12,2): no rewrite", `ALTER TABLE big ALTER COLUMN price TYPE numeric(12,2)`, [[]]],
  ["DEFAULT now() is stable: no rewrite", `ALTER TABLE big ADD COLUMN at timestamptz NOT NULL DEFAULT now()`, [[]]],
  ["DEFAULT random() is volatile", `ALTER TABLE big ADD COLUMN r float8 DEFAULT random()`, [["table-rewrite:error"]]],
  [
    "DEFAULT clock_timestamp() is volatile",
    `ALTER TABLE big ADD COLUMN t timestamptz DEFAULT clock_timestamp()`,
    [["table-rewrite:error"]],
  ],
  [
    "DEFAULT gen_random_uuid() is volatile",
    `ALTER TABLE big ADD COLUMN u uuid DEFAULT gen_random_uuid()`,
    [["table-rewrite:error"]],
  ],
  [
    "a CHECK scans under ACCESS EXCLUSIVE",
    `ALTER TABLE big ADD CONSTRAINT k CHECK (n > 0)`,
    [["scan-under-lock:warning"]],
  ],
  ["a CHECK on a small table: info", `ALTER TABLE small ADD CONSTRAINT k CHECK (n > 0)`, [["scan-under-lock:info"]]],
  [
    "NOT VALID, then VALIDATE: no finding",
    `ALTER TABLE big ADD CONSTRAINT k CHECK (n > 0) NOT VALID; ALTER TABLE big VALIDATE CONSTRAINT k`,
    [[], []],
  ],
  [
    "a foreign key scans",
    `ALTER TABLE big ADD CONSTRAINT f FOREIGN KEY (n) REFERENCES author (id)`,
    [["scan-under-lock:warning"]],
  ],
  [
    "a foreign key NOT VALID + VALIDATE: none",
    `ALTER TABLE big ADD CONSTRAINT f FOREIGN KEY (n) REFERENCES author (id) NOT VALID; ALTER TABLE big VALIDATE CONSTRAINT f`,
    [[], []],
  ],
  ["SET NOT NULL scans", `ALTER TABLE big ALTER COLUMN c SET NOT NULL`, [["scan-under-lock:warning"]]],
  ["SET NOT NULL with a validated check in the database: none", `ALTER TABLE proven ALTER COLUMN c SET NOT NULL`, [[]]],
  [
    "the online SET NOT NULL (check NOT VALID, VALIDATE, SET NOT NULL, drop the check): none",
    `ALTER TABLE big ADD CONSTRAINT big_c_nn CHECK ("c" IS NOT NULL) NOT VALID;
     ALTER TABLE big VALIDATE CONSTRAINT big_c_nn;
     ALTER TABLE big ALTER COLUMN c SET NOT NULL;
     ALTER TABLE big DROP CONSTRAINT big_c_nn`,
    [[], [], [], []],
  ],
  [
    "SET NOT NULL after a NOT VALID check that was not validated: scans",
    `ALTER TABLE big ADD CONSTRAINT big_c_nn CHECK (c IS NOT NULL) NOT VALID; ALTER TABLE big ALTER COLUMN c SET NOT NULL`,
    [[], ["scan-under-lock:warning"]],
  ],
  ["CREATE INDEX on a large table", `CREATE INDEX i ON big (n)`, [["index-not-concurrent:warning"]]],
  ["CREATE INDEX CONCURRENTLY: none", `CREATE INDEX CONCURRENTLY i ON big (n)`, [[]]],
  ["CREATE INDEX on a small table: none", `CREATE INDEX i ON small (n)`, [[]]],
  ["CREATE INDEX on a never-analyzed table: info", `CREATE INDEX i ON fresh (n)`, [["index-not-concurrent:info"]]],
  [
    "ADD UNIQUE builds an index under ACCESS EXCLUSIVE",
    `ALTER TABLE big ADD CONSTRAINT u UNIQUE (n)`,
    [["index-not-concurrent:warning"]],
  ],
  [
    "the online unique (index CONCURRENTLY, then USING INDEX): none",
    `CREATE UNIQUE INDEX CONCURRENTLY u ON big (n); ALTER TABLE big ADD CONSTRAINT u UNIQUE USING INDEX u`,
    [[], []],
  ],
  ["dropping a column a view reads", `ALTER TABLE big DROP COLUMN name`, [["drop-column-in-view:error"]]],
  ["dropping a column no view reads: none", `ALTER TABLE big DROP COLUMN n`, [[]]],
  [
    "renaming a column: the expand/contract hint",
    `ALTER TABLE big RENAME COLUMN n TO m`,
    [["rename-column-read:info"]],
  ],
  ["renaming a table", `ALTER TABLE big RENAME TO huge`, [["rename-table-read:info"]]],
  [
    "a table the plan creates is empty: nothing on it",
    `CREATE TABLE t (n int); CREATE INDEX i ON t (n); ALTER TABLE t ALTER COLUMN n TYPE bigint; ALTER TABLE t RENAME COLUMN n TO m`,
    [[], [], [], []],
  ],
  ["VACUUM FULL rewrites", `VACUUM FULL big`, [["table-rewrite:error"]]],
];

describe("golden plans", () => {
  for (const [name, sql, expected] of GOLDEN) test(name, () => expect(lint(sql)).toEqual(expected));
});

test("the row threshold decides what is large", () => {
  expect(lint(`CREATE INDEX i ON author (id)`)).toEqual([["index-not-concurrent:warning"]]);
  expect(lint(`CREATE INDEX i ON author (id)`, FACTS, 50_000)).toEqual([[]]);
  expect(lint(`CREATE INDEX i ON small (n)`, FACTS, 100)).toEqual([["index-not-concurrent:warning"]]);
});

test("without a database, every existing table's size and types are unknown", () => {
  expect(lint(`ALTER TABLE big ALTER COLUMN n TYPE bigint; CREATE INDEX i ON big (n)`, "none")).toEqual([
    ["table-rewrite:warning"],
    ["index-not-concurrent:info"],
  ]);
});

test("reasons say what happens, under which lock", () => {
  const statements = [`ALTER TABLE big ALTER COLUMN n TYPE bigint`, `CREATE INDEX i ON big (n)`].map((sql) =>
    statementLocks(splitStatements(sql, postgresSql)[0]?.tokens ?? []),
  );
  const [retype, index] = lintStatements(statements, FACTS);
  expect(retype?.findings[0]?.reason).toBe(
    'integer → bigint is not binary-coercible: PostgreSQL rewrites "big" and its indexes under ACCESS EXCLUSIVE, blocking reads and writes (~1000000 rows)',
  );
  expect(index?.lock).toBe("SHARE");
  expect(index?.findings[0]?.reason).toContain('locks "big" SHARE, blocking writes');
});

test("binary-coercible type changes", () => {
  expect(retypeWithoutRewrite("character varying(10)", "varchar(20)")).toBe(true);
  expect(retypeWithoutRewrite("character varying(10)", "character varying")).toBe(true);
  expect(retypeWithoutRewrite("character varying(10)", "text")).toBe(true);
  expect(retypeWithoutRewrite("text", "varchar")).toBe(true);
  expect(retypeWithoutRewrite("numeric(8,2)", "numeric")).toBe(true);
  expect(retypeWithoutRewrite("cidr", "inet")).toBe(true);
  expect(retypeWithoutRewrite("integer", "int4")).toBe(true);
  expect(retypeWithoutRewrite("timestamp(3) with time zone", "timestamptz")).toBe(true);
  expect(retypeWithoutRewrite("integer", "bigint")).toBe(false);
  expect(retypeWithoutRewrite("text", "varchar(10)")).toBe(false);
  expect(retypeWithoutRewrite("numeric(8,2)", "numeric(8,3)")).toBe(false);
  expect(retypeWithoutRewrite("timestamp without time zone", "timestamptz")).toBe(false);
});

test("severity order", () => {
  expect(atLeast("error", "warning")).toBe(true);
  expect(atLeast("warning", "warning")).toBe(true);
  expect(atLeast("info", "warning")).toBe(false);
});
