/**
 * What the MySQL rendering tests share: IR builders, the MySQL PlanDialect, and a place on the test
 * server where rendered steps run one by one (as the deferred-step executor runs them) and
 * information_schema is read back.
 */
import { expect } from "bun:test";
import { lowerForMysql } from "../../../src/dialect/mysql/mysql-auto-increment.ts";
import { mysqlLossy } from "../../../src/dialect/mysql/mysql-lossy.ts";
import { quoteIdent } from "../../../src/dialect/mysql/mysql-quote.ts";
import { mysqlRenderer } from "../../../src/dialect/mysql/mysql-render.ts";
import { orderOperations } from "../../../src/plan/order.ts";
import type { PlanDialect } from "../../../src/plan/plan-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { RenderContext } from "../../../src/plan/render-context.ts";
import type { Column, ForeignKey, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import type { MysqlTestDatabase } from "../../lib/mysql.ts";

export const mysql: PlanDialect = { quoteIdent, renderer: mysqlRenderer, lossy: mysqlLossy };

export const col = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable: true,
  ...extra,
});

/** An AUTO_INCREMENT `id int`. */
export const id = col("id", { kind: "integer" }, { nullable: false, identity: { always: false } });

export const fkTo = (columns: string[], table: string, onDelete: ForeignKey["onDelete"] = "NO ACTION"): ForeignKey => ({
  columns,
  references: { table, columns: ["id"] },
  onDelete,
  onUpdate: "NO ACTION",
  deferred: false,
});

/** A table keyed by `id`. */
export const table = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  columns,
  primaryKey: { columns: ["id"] },
  foreignKeys: [],
  uniques: [],
  indexes: [],
  checks: [],
  ...extra,
});

type ColumnRow = {
  name: string;
  type: string;
  nullable: string;
  dflt: string | null;
  extra: string;
  collation: string | null;
  generation: string | null;
};

/** Runs rendered steps in `db` and reads its catalog back. */
export function renderPlace(place: () => MysqlTestDatabase) {
  const db = () => place().driver;
  /** Renders `ops` as a plan and runs its steps one by one, each non-transactional. */
  async function apply(ops: Operation[], context: RenderContext = { unmanaged: [], tables: [] }) {
    const steps = renderOperations(ops, mysql, context);
    for (const step of steps) {
      expect(step.transactional).toBe(false);
      await db().execute(step.sql);
    }
    return steps;
  }
  /** Lowers and orders `ops` as the planner does (live → target), renders them against `live` and runs them. */
  async function plan(ops: Operation[], live: Table[], target: Table[]) {
    const lowered = lowerForMysql(ops, { dialect: "mysql", tables: live }, { dialect: "mysql", tables: target });
    return apply(orderOperations(lowered, mysqlRenderer), { unmanaged: [], tables: live });
  }
  const columns = async (t: string) =>
    Object.fromEntries(
      (
        await db().query<ColumnRow>(
          "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLLATION_NAME AS collation, GENERATION_EXPRESSION AS generation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
          [t],
        )
      ).map((r) => [r.name, r]),
    );
  const indexes = async (t: string) =>
    (
      await db().query<{ name: string; cols: string; kind: string; uniq: string }>(
        "SELECT INDEX_NAME AS name, GROUP_CONCAT(CONCAT(COLUMN_NAME, COALESCE(CONCAT('(', SUB_PART, ')'), ''), IF(COLLATION = 'D', ' DESC', '')) ORDER BY SEQ_IN_INDEX) AS cols, INDEX_TYPE AS kind, NON_UNIQUE AS uniq FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME, INDEX_TYPE, NON_UNIQUE ORDER BY INDEX_NAME",
        [t],
      )
    )
      .map((r) => `${r.name}: ${r.cols} ${r.kind}${String(r.uniq) === "0" ? " unique" : ""}`)
      .sort();
  const constraints = async (t: string) =>
    (
      await db().query<{ name: string; kind: string }>(
        "SELECT CONSTRAINT_NAME AS name, CONSTRAINT_TYPE AS kind FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME",
        [t],
      )
    )
      .map((r) => `${r.name} ${r.kind}`)
      .sort();
  return { apply, plan, columns, indexes, constraints };
}
