import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import type { Column, ColumnType } from "../../../src/schema/ir.ts";
import type { ColumnChange, LossyFinding, Operation } from "../../../src/schema/operation.ts";
import { DIALECTS } from "../../lib/dialects.ts";
import { col, table } from "./fixtures.ts";

const t = (kind: string, extra: object = {}) => ({ kind, ...extra }) as ColumnType;
const alter = (from: Column, to: Column, changes: ColumnChange[]): Operation => ({
  kind: "alterColumn",
  table: "t",
  from,
  to,
  changes,
});
const kinds = (findings: LossyFinding[]) => findings.map((f) => `${f.kind} ${f.reason.split(" ")[0]}`);
const retype = (from: ColumnType, to: ColumnType, dialect: "postgresql" | "sqlite" = "postgresql") =>
  kinds(classifyChanges([alter(col("c", from), col("c", to), ["type"])], dialectNamed(dialect)));

describe("lossy classification", () => {
  test("NOT NULL over NULLs counts the NULLs, on every dialect (names quoted its way)", () => {
    const op = alter(col("c"), col("c", { kind: "text" }, { nullable: false }), ["nullable"]);
    for (const { name: dialect } of DIALECTS) {
      const q = dialectNamed(dialect).quoteIdent;
      expect(classifyChanges([op], dialectNamed(dialect))).toEqual([
        {
          table: "t",
          column: "c",
          kind: "rows",
          reason: "set_not_null: rows where it is NULL fail",
          countSql: `SELECT count(*) AS n FROM ${q("t")} WHERE ${q("c")} IS NULL`,
        },
      ]);
    }
  });

  test("PostgreSQL precision, time zones and length-less varchar", () => {
    const ts = (precision?: number) =>
      t("timestamp", { withTimeZone: true, ...(precision !== undefined && { precision }) });
    expect(retype(ts(), ts(3))).toEqual(["silent time_precision"]);
    expect(retype(ts(6), ts())).toEqual([]);
    expect(retype(ts(3), ts(6))).toEqual([]);
    expect(retype(t("time", { precision: 4 }), t("time", { precision: 2 }))).toEqual(["silent time_precision"]);
    expect(retype(t("time", { withTimeZone: true }), t("time"))).toEqual(["silent drop_timezone"]);
    expect(retype(t("time"), t("time", { withTimeZone: true }))).toEqual([]);
    expect(retype(t("varchar"), t("varchar", { length: 5 }))).toEqual(["rows varchar_length"]);
    expect(retype(t("varchar", { length: 5 }), t("varchar"))).toEqual([]);
    expect(retype(t("text"), t("varchar"))).toEqual([]);
  });

  test("generated columns: a plain column made generated loses its values; a recomputed one loses nothing", () => {
    const gen = (expression: string, type: ColumnType = t("integer")) =>
      col("c", type, { generated: { expression, stored: true } });
    const plain = col("c", t("integer"));
    expect(kinds(classifyChanges([alter(plain, gen("a * 2"), ["generated"])], postgresDialect))).toEqual([
      "silent to_generated:",
    ]);
    expect(classifyChanges([alter(gen("a * 2"), gen("a * 3"), ["generated"])], postgresDialect)).toEqual([]);
    expect(classifyChanges([alter(gen("a * 2"), gen("a * 2", t("text")), ["type"])], postgresDialect)).toEqual([]);
    expect(classifyChanges([alter(gen("a * 2"), plain, ["generated"])], postgresDialect)).toEqual([]);
    const added = {
      kind: "addColumn",
      table: "t",
      column: col("g", t("integer"), { nullable: false, generated: { expression: "a", stored: true } }),
    } as const;
    expect(classifyChanges([added], postgresDialect)).toEqual([]);
  });

  test("PostgreSQL type changes", () => {
    expect(retype(t("varchar", { length: 10 }), t("varchar", { length: 5 }))).toEqual(["rows varchar_length"]);
    expect(retype(t("varchar", { length: 5 }), t("varchar", { length: 10 }))).toEqual([]);
    expect(retype(t("text"), t("integer"))).toEqual(["rows text_cast"]);
    expect(retype(t("bigint"), t("integer"))).toEqual(["rows integer_range"]);
    expect(retype(t("integer"), t("bigint"))).toEqual([]);
    expect(retype(t("double"), t("integer"))).toEqual(["rows integer_range", "silent to_integer"]);
    expect(retype(t("decimal", { precision: 10, scale: 4 }), t("decimal", { precision: 12, scale: 2 }))).toEqual([
      "rows decimal_precision",
      "silent decimal_scale",
    ]);
    expect(retype(t("decimal", { precision: 10, scale: 2 }), t("decimal", { precision: 8, scale: 2 }))).toEqual([
      "rows decimal_precision",
    ]);
    expect(retype(t("decimal", { precision: 8, scale: 2 }), t("decimal", { precision: 10, scale: 2 }))).toEqual([]);
    expect(retype(t("timestamp", { withTimeZone: true }), t("timestamp", { withTimeZone: false }))).toEqual([
      "silent drop_timezone",
    ]);
    expect(retype(t("timestamp", { withTimeZone: false }), t("date"))).toEqual(["silent to_date"]);
    expect(retype(t("integer"), t("boolean"))).toEqual(["silent to_boolean"]);
  });

  test("SQLite enforces no lengths or ranges; text to a numeric affinity is silent", () => {
    expect(retype(t("varchar", { length: 10 }), t("varchar", { length: 5 }), "sqlite")).toEqual([]);
    expect(retype(t("bigint"), t("smallint"), "sqlite")).toEqual([]);
    expect(retype(t("text"), t("decimal", { precision: 10, scale: 2 }), "sqlite")).toEqual(["silent text_affinity"]);
    expect(retype(t("text"), t("bytes"), "sqlite")).toEqual([]);
  });

  test("a dropped default is silent; adding NOT NULL without a default counts every row", () => {
    const dropped = classifyChanges(
      [alter(col("c", t("integer"), { default: { kind: "literal", value: 1 } }), col("c", t("integer")), ["default"])],
      postgresDialect,
    );
    expect(kinds(dropped)).toEqual(["silent drop_default:"]);
    const added = classifyChanges(
      [{ kind: "addColumn", table: "t", column: col("c", t("text"), { nullable: false }) }],
      postgresDialect,
    );
    expect(added).toMatchObject([{ kind: "rows", countSql: 'SELECT count(*) AS n FROM "t"' }]);
  });

  test("constraint findings count duplicates, orphans and failing checks", () => {
    const findings = classifyChanges(
      [
        { kind: "addUnique", table: "t", unique: { columns: ["a", "b"] } },
        {
          kind: "addForeignKey",
          table: "t",
          foreignKey: {
            columns: ["p"],
            references: { table: "parent", columns: ["id"] },
            onDelete: "NO ACTION",
            onUpdate: "NO ACTION",
            deferred: false,
          },
        },
        { kind: "addCheck", table: "t", check: { expression: "a > 0" } },
      ],
      postgresDialect,
    );
    expect(findings.map((f) => f.countSql)).toEqual([
      'SELECT CAST(coalesce(sum(d.k), 0) AS bigint) AS n FROM (SELECT count(*) AS k FROM "t" WHERE "a" IS NOT NULL AND "b" IS NOT NULL GROUP BY "a", "b" HAVING count(*) > 1) AS d',
      'SELECT count(*) AS n FROM "t" AS c LEFT JOIN "parent" AS p ON p."id" = c."p" WHERE c."p" IS NOT NULL AND p."id" IS NULL',
      'SELECT count(*) AS n FROM "t" WHERE NOT (a > 0)',
    ]);
  });

  test("MySQL: the duplicate count casts to SIGNED (its CAST has no bigint); orphans and checks in backquotes", () => {
    const findings = classifyChanges(
      [
        { kind: "addUnique", table: "t", unique: { columns: ["a", "b"] } },
        { kind: "createIndex", table: "t", index: { keys: [{ column: "a" }], unique: true } },
        {
          kind: "addForeignKey",
          table: "t",
          foreignKey: {
            columns: ["p"],
            references: { table: "parent", columns: ["id"] },
            onDelete: "NO ACTION",
            onUpdate: "NO ACTION",
            deferred: false,
          },
        },
        { kind: "addCheck", table: "t", check: { expression: "`a` > 0" } },
      ],
      mysqlDialect,
    );
    expect(findings.map((f) => f.countSql)).toEqual([
      "SELECT CAST(coalesce(sum(d.k), 0) AS SIGNED) AS n FROM (SELECT count(*) AS k FROM `t` WHERE `a` IS NOT NULL AND `b` IS NOT NULL GROUP BY `a`, `b` HAVING count(*) > 1) AS d",
      "SELECT CAST(coalesce(sum(d.k), 0) AS SIGNED) AS n FROM (SELECT count(*) AS k FROM `t` WHERE `a` IS NOT NULL GROUP BY `a` HAVING count(*) > 1) AS d",
      "SELECT count(*) AS n FROM `t` AS c LEFT JOIN `parent` AS p ON p.`id` = c.`p` WHERE c.`p` IS NOT NULL AND p.`id` IS NULL",
      "SELECT count(*) AS n FROM `t` WHERE NOT (`a` > 0)",
    ]);
  });

  test("a foreign key on a column just added as nullable with no default cannot fail: no finding", () => {
    const fk = (columns: string[], match?: "full") => ({
      kind: "addForeignKey" as const,
      table: "race",
      foreignKey: {
        columns,
        references: { table: "driver", columns: columns.map((_, k) => `id${k}`) },
        onDelete: "SET NULL" as const,
        onUpdate: "NO ACTION" as const,
        deferred: false,
        ...(match && { match }),
      },
    });
    const add = (name: string, extra: Partial<Column> = {}): Operation => ({
      kind: "addColumn",
      table: "race",
      column: col(name, t("bigint"), extra),
    });
    const reasons = (ops: Operation[]) => classifyChanges(ops, postgresDialect).map((f) => f.reason.split(" ")[0]);
    // Every existing row holds NULL in the new column, and no foreign key checks a NULL key.
    expect(reasons([add("winner"), fk(["winner"])])).toEqual([]);
    // A default, or a column that existed already, can hold values without a parent row.
    expect(reasons([add("winner", { default: { kind: "literal", value: 1 } }), fk(["winner"])])).toEqual([
      "add_foreign_key",
    ]);
    expect(reasons([fk(["winner"])])).toEqual(["add_foreign_key"]);
    // Two columns, one of them new: MATCH SIMPLE skips a partly NULL key; MATCH FULL rejects it.
    expect(reasons([add("b"), fk(["a", "b"])])).toEqual([]);
    expect(reasons([add("b"), fk(["a", "b"], "full")])).toEqual(["add_foreign_key"]);
    expect(reasons([add("a"), add("b"), fk(["a", "b"], "full")])).toEqual([]);
  });

  test("a SQLite rebuild adding a nullable foreign key column has no orphan finding; a defaulted one has", () => {
    const key = (column: string) => ({
      columns: [column],
      references: { table: "driver", columns: ["id"] },
      onDelete: "NO ACTION" as const,
      onUpdate: "NO ACTION" as const,
      deferred: false,
    });
    const from = table("race", [col("year", t("integer"))]);
    const rebuild = (winner: Column): Operation => ({
      kind: "rebuildTable",
      from,
      to: { ...table("race", [col("year", t("integer"), { nullable: false }), winner]), foreignKeys: [key("winner")] },
      columns: ["id", "year"].map((c) => ({ to: c, from: c })),
    });
    const reasons = (op: Operation) => classifyChanges([op], sqliteDialect).map((f) => f.reason.split(" ")[0]);
    expect(reasons(rebuild(col("winner", t("bigint"))))).toEqual(["set_not_null:"]);
    expect(reasons(rebuild(col("winner", t("bigint"), { default: { kind: "literal", value: 1 } })))).toEqual([
      "set_not_null:",
      "add_foreign_key",
    ]);
  });

  test("counts name the live table and columns; tables and columns the plan creates are not counted", () => {
    const findings = classifyChanges(
      [
        { kind: "renameTable", from: "old_t", to: "t" },
        { kind: "renameColumn", table: "t", from: "old_c", to: "c" },
        alter(col("c"), col("c", t("text"), { nullable: false }), ["nullable"]),
        { kind: "addColumn", table: "t", column: col("n") },
        alter(col("n"), col("n", t("text"), { nullable: false }), ["nullable"]),
        { kind: "createTable", table: table("fresh", []) },
        { kind: "addUnique", table: "fresh", unique: { columns: ["id"] } },
      ],
      postgresDialect,
    );
    expect(findings).toEqual([
      {
        table: "t",
        column: "c",
        kind: "rows",
        reason: "set_not_null: rows where it is NULL fail",
        countSql: 'SELECT count(*) AS n FROM "old_t" WHERE "old_c" IS NULL',
      },
      { table: "t", column: "n", kind: "rows", reason: "set_not_null: rows where it is NULL fail" },
    ]);
  });

  test("a SQLite rebuild is classified by comparing its tables through the mapping", () => {
    const from = table("t", [col("a"), col("b", t("text")), col("gone")]);
    const to = {
      ...table("t", [
        col("a", t("text"), { nullable: false }),
        col("b", t("bigint")),
        col("fresh", t("text"), { nullable: false }),
      ]),
      uniques: [{ columns: ["a"] }],
    };
    const findings = classifyChanges(
      [{ kind: "rebuildTable", from, to, columns: ["id", "a", "b"].map((c) => ({ to: c, from: c })) }],
      sqliteDialect,
    );
    expect(kinds(findings)).toEqual([
      "rows set_not_null:",
      "silent text_affinity",
      "rows add_not_null:",
      "rows add_unique",
    ]);
    expect(findings[1]?.countSql).toBe(
      `SELECT count(*) AS n FROM "t" WHERE typeof("b") = 'text' AND "b" = CAST("b" AS NUMERIC)`,
    );
  });
});
