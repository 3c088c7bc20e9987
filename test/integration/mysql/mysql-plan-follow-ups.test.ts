/**
 * Plans that failed on MariaDB when the generic planner suites first ran on MySQL: each schema pair
 * is created by hand, planned with the real planner and rendered, and every step runs on the server.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { introspectMysql } from "../../../src/dialect/mysql/mysql-introspect.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { Schema } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

let db: MysqlTestDatabase;
beforeEach(async () => {
  db = await freshMysqlDatabase("plan");
});
afterEach(async () => {
  await db.dispose();
});

/** The database's schema, normalized. */
async function read(): Promise<Schema> {
  return normalizeSchema((await introspectMysql(db.driver, { ignoreTables: [] })).schema, mysqlDialect);
}

/** Plans from the schema `live` creates to the one `target` creates, runs every step, and returns the SQL. */
async function migrate(target: string, live: string, hints: string[] = []): Promise<string[]> {
  await db.driver.execute(target);
  const wanted = await read();
  await db.driver.execute(`DROP TABLE IF EXISTS ${wanted.tables.map((t) => `\`${t.name}\``).join(", ")}`);
  await db.driver.execute(live);
  const raw = (await introspectMysql(db.driver, { ignoreTables: [] })).schema;
  const ops = await planOperations(normalizeSchema(raw, mysqlDialect), wanted, mysqlDialect, { hints });
  const steps = renderOperations(ops, mysqlDialect, { unmanaged: [], tables: raw.tables });
  for (const s of steps) await db.driver.execute(s.sql);
  expect(await read()).toEqual(wanted);
  return steps.map((s) => s.sql);
}

describe("mysql: plans the generic suites found failing", () => {
  test("a dropped table's key to a column the plan retypes goes first (found by the convergence property)", async () => {
    const delta = (type: string) => `CREATE TABLE delta (id ${type} NOT NULL PRIMARY KEY, c2 int NOT NULL)`;
    const sql = await migrate(
      delta("int"),
      `${delta("bigint")};
       CREATE TABLE beta (id int NOT NULL PRIMARY KEY, ref_delta bigint NULL,
         CONSTRAINT beta_ref_delta_fkey FOREIGN KEY (ref_delta) REFERENCES delta (id))`,
    );
    // MySQL refuses the MODIFY while beta's key references delta.id (ER_FK_COLUMN_CANNOT_CHANGE_CHILD).
    expect(sql[0]).toStartWith("ALTER TABLE `beta` DROP FOREIGN KEY `beta_ref_delta_fkey`");
    expect(sql.at(-1)).toBe("DROP TABLE `beta`;");
  });

  test("retyping both sides of a kept foreign key re-creates the key around them", async () => {
    const t = (type: string) =>
      `CREATE TABLE gamma (id ${type} NOT NULL PRIMARY KEY);
       CREATE TABLE alpha (id int NOT NULL PRIMARY KEY, ref_gamma ${type} NULL,
         CONSTRAINT alpha_ref_gamma_fkey FOREIGN KEY (ref_gamma) REFERENCES gamma (id))`;
    const sql = await migrate(t("int"), t("bigint"));
    expect(sql[0]).toStartWith("ALTER TABLE `alpha` DROP FOREIGN KEY `alpha_ref_gamma_fkey`");
    expect(sql.at(-1)).toContain("ADD CONSTRAINT `alpha_ref_gamma_fkey` FOREIGN KEY (`ref_gamma`)");
  });

  test("a changed generated expression keeps the column's index (no duplicate CREATE INDEX)", async () => {
    const t = (e: string) =>
      `CREATE TABLE a (id bigint NOT NULL PRIMARY KEY, n int, g int GENERATED ALWAYS AS (${e}) STORED, KEY a_g_idx (g))`;
    const sql = await migrate(t("n * 3"), t("n * 2"));
    expect(sql.join("\n")).not.toContain("CREATE INDEX");
  });

  test("retyping a column a generated column reads keeps the generated column and its index", async () => {
    const t = (type: string) =>
      `CREATE TABLE a (id bigint NOT NULL PRIMARY KEY, n ${type}, g bigint GENERATED ALWAYS AS (n * 2) STORED, KEY a_g_idx (g))`;
    const sql = await migrate(t("bigint"), t("int"));
    expect(sql).toEqual(["ALTER TABLE `a` MODIFY COLUMN `n` bigint NULL;"]);
  });

  test("renaming a table renames its default-named unique but not its primary key (always PRIMARY)", async () => {
    const t = (name: string) =>
      `CREATE TABLE ${name} (id bigint NOT NULL PRIMARY KEY, name varchar(20), UNIQUE KEY ${name}_name_key (name))`;
    const sql = await migrate(t("writer"), t("author"), ["author=writer"]);
    expect(sql).toEqual([
      "RENAME TABLE `author` TO `writer`;",
      "ALTER TABLE `writer` RENAME INDEX `author_name_key` TO `writer_name_key`;",
    ]);
  });
});
