import { describe, expect, test } from "bun:test";
import { type Case, converges } from "./lib/case.ts";
import type { TableRows } from "./lib/databases.ts";
import { type CaseResult, comparable, lostRows, withDataSteps } from "./lib/run-case.ts";
import { summaryLine } from "./lib/summary.ts";

// The corpus runner's own checks: each must be able to fail, or a case could pass without proof.

const base: Case = { name: "c", dialect: "postgresql", class: "types", before: "", after: "", expect: converges() };
const rows = (columns: string[], ...values: (string | null)[][]): TableRows => ({
  columns,
  rows: values.map((v) => Object.fromEntries(columns.map((c, i) => [c, v[i] ?? null]))),
});

describe("lostRows", () => {
  const before = new Map([["t", rows(["id", "a"], ["1", "x"], ["2", "y"])]]);

  test("the same rows in another order, and a dropped table, lose nothing", () => {
    expect(lostRows(base, before, new Map([["t", rows(["id", "a", "b"], ["2", "y", null], ["1", "x", "z"])]]))).toEqual(
      [],
    );
    expect(lostRows(base, before, new Map())).toEqual([]);
  });

  test("a missing row or a changed value is reported", () => {
    expect(lostRows(base, before, new Map([["t", rows(["id", "a"], ["1", "x"])]]))).toEqual([
      "t: 2 row(s) before, 1 after",
    ]);
    expect(lostRows(base, before, new Map([["t", rows(["id", "a"], ["1", "x"], ["2", "Y"])]]))[0]).toContain(
      "t: values changed in id, a",
    );
  });

  test("renames are followed, valuesChange is left out, SQLite names fold", () => {
    const renamed = { ...base, renames: ["t=u", "u.a=u.b"] };
    expect(lostRows(renamed, before, new Map([["u", rows(["id", "b"], ["1", "x"], ["2", "y"])]]))).toEqual([]);
    expect(lostRows(renamed, before, new Map([["u", rows(["id", "b"], ["1", "x"], ["2", "q"])]]))).toHaveLength(1);
    const changed = { ...base, valuesChange: ["t.a"] };
    expect(lostRows(changed, before, new Map([["t", rows(["id", "a"], ["1", "1"], ["2", "2"])]]))).toEqual([]);
    const lite = { ...base, dialect: "sqlite" as const };
    expect(lostRows(lite, before, new Map([["T", rows(["ID", "A"], ["1", "x"], ["2", "y"])]]))).toEqual([]);
    expect(lostRows(base, before, new Map([["T", rows(["id", "a"], ["1", "x"])]]))).toEqual([]);
  });
});

describe("comparable", () => {
  const ddl = (cols: string) => `CREATE TABLE "t" (\n${cols}\n);\n`;
  test("column order does not count; a column, a constraint or an unmanaged object does", () => {
    const r = (stdout: string, stderr = "") => ({ code: 0, stdout, stderr });
    const a = comparable(r(ddl(`  "a" integer,\n  "b" text,\n  CONSTRAINT "t_pkey" PRIMARY KEY ("a")`)), "postgresql");
    const b = comparable(r(ddl(`  "b" text,\n  "a" integer,\n  CONSTRAINT "t_pkey" PRIMARY KEY ("a")`)), "postgresql");
    expect(a).toBe(b);
    expect(comparable(r(ddl(`  "a" integer,\n  "b" text`)), "postgresql")).not.toBe(a);
    const withIndex = r(ddl(`  "a" integer`), "-- Not managed by pormg:\n--   index t_x (on t)\n--   schema s1\n");
    const withoutIndex = r(ddl(`  "a" integer`), "-- Not managed by pormg:\n--   schema s2\n");
    expect(comparable(withIndex, "postgresql")).not.toBe(comparable(withoutIndex, "postgresql"));
    expect(comparable(r(ddl(`  "A" integer`)), "sqlite")).toBe(comparable(r(ddl(`  "a" integer`)), "sqlite"));
    expect(comparable(r(ddl(`  "A" integer`)), "postgresql")).not.toBe(
      comparable(r(ddl(`  "a" integer`)), "postgresql"),
    );
  });
});

test("withDataSteps appends the steps and marks only rows findings handled", () => {
  const plan = [
    '-- pormg-lossy: {"table":"t","kind":"rows","reason":"r"}',
    '-- pormg-lossy: {"table":"t","kind":"silent","reason":"s"}',
    "-- step: t | Alter field: a",
    "ALTER TABLE t ALTER a SET NOT NULL;",
  ].join("\n");
  const out = withDataSteps(plan, { ...base, dataPre: "UPDATE t SET a = 1;", dataPost: "SELECT 1;" });
  expect(out).toContain('{"table":"t","kind":"rows","reason":"r","handled":"pre"}');
  expect(out).toContain('{"table":"t","kind":"silent","reason":"s"}\n');
  expect(
    out.endsWith("-- step: Data (pre): corpus c\nUPDATE t SET a = 1;\n-- step: Data (post): corpus c\nSELECT 1;\n"),
  ).toBe(true);
});

test("summaryLine counts outcomes, known failures and classes", () => {
  const cases: Case[] = [
    { ...base, name: "a" },
    { ...base, name: "b", class: "views" },
    { ...base, name: "c", dialect: "sqlite" },
    { ...base, name: "d", dialect: "sqlite" },
  ];
  const r = (id: string, outcome: CaseResult["outcome"]): [string, CaseResult] => [
    id,
    { id, outcome, failures: [], ms: 1 },
  ];
  const results = new Map([
    r("pg/a", "converged"),
    r("pg/b", "refused"),
    r("sqlite/c", "failed"),
    r("sqlite/d", "failed"),
  ]);
  expect(summaryLine(cases, results, { "sqlite/c": "why" }, 12)).toBe(
    "conformance: 4 cases (postgresql 2, sqlite 2): 1 converged, 1 refused-by-design, 1 known-failing, 1 failed in 12 s; by class: types 3, views 1",
  );
});

test("summaryLine counts MySQL cases by their my/ ids, and names them only when there are some", () => {
  const cases: Case[] = [
    { ...base, name: "a" },
    { ...base, name: "m", dialect: "mysql" },
    { ...base, name: "k", dialect: "mysql" },
  ];
  const results = new Map<string, CaseResult>([
    ["pg/a", { id: "pg/a", outcome: "converged", failures: [], ms: 1 }],
    ["my/m", { id: "my/m", outcome: "converged", failures: [], ms: 1 }],
    ["my/k", { id: "my/k", outcome: "failed", failures: ["x"], ms: 1 }],
  ]);
  expect(summaryLine(cases, results, { "my/k": "why" }, 3)).toBe(
    "conformance: 3 cases (postgresql 1, sqlite 0, mysql 2): 2 converged, 0 refused-by-design, 1 known-failing, 0 failed in 3 s; by class: types 3",
  );
});
