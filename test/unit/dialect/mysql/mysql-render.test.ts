import { describe, expect, test } from "bun:test";
import { lowerForMysql, rankForMysql } from "../../../../src/dialect/mysql/mysql-auto-increment.ts";
import { mysqlLossy } from "../../../../src/dialect/mysql/mysql-lossy.ts";
import { quoteIdent } from "../../../../src/dialect/mysql/mysql-quote.ts";
import { mysqlRenderer } from "../../../../src/dialect/mysql/mysql-render.ts";
import type { PlanDialect } from "../../../../src/plan/plan-dialect.ts";
import { renderOperations } from "../../../../src/plan/render.ts";
import type { RenderContext } from "../../../../src/plan/render-context.ts";
import type { Column, ForeignKey, Table } from "../../../../src/schema/ir.ts";
import type { Operation } from "../../../../src/schema/operation.ts";

const mysql: PlanDialect = { quoteIdent, renderer: mysqlRenderer, lossy: mysqlLossy };
const none: RenderContext = { unmanaged: [], tables: [] };
const sqlOf = (ops: Operation[], context = none) => renderOperations(ops, mysql, context).map((s) => s.sql);

const id: Column = { name: "id", type: { kind: "integer" }, nullable: false, identity: { always: false } };
const name: Column = { name: "name", type: { kind: "varchar", length: 40 }, nullable: true };
const fk: ForeignKey = {
  columns: ["author_id"],
  references: { table: "author", columns: ["id"] },
  onDelete: "SET NULL",
  onUpdate: "NO ACTION",
  deferred: false,
};
const post: Table = {
  name: "post",
  columns: [id, { name: "author_id", type: { kind: "integer" }, nullable: true }],
  primaryKey: { columns: ["id"] },
  foreignKeys: [fk],
  uniques: [],
  indexes: [],
  checks: [],
};

describe("MySQL renderer: one statement per step, every step non-transactional", () => {
  test("every step of a plan is non-transactional (MySQL commits each DDL statement)", () => {
    const steps = renderOperations(
      [
        { kind: "createTable", table: post },
        { kind: "addForeignKey", table: "post", foreignKey: fk },
        { kind: "addColumn", table: "post", column: name },
      ],
      mysql,
      none,
    );
    // The foreign key and the column, neighbours on one table, are one ALTER TABLE (mysql-combine.ts).
    expect(steps.map((s) => s.transactional)).toEqual([false, false]);
    expect(steps.map((s) => s.label)).toEqual([
      "post | Create table",
      "post | New foreign key: author_id; Add field: name",
    ]);
    expect(steps.every((s) => s.sql.split("\n").filter((l) => l.endsWith(";")).length === 1)).toBe(true);
  });

  test("tables: drop, rename", () => {
    const [drop] = renderOperations([{ kind: "dropTable", table: post }], mysql, none);
    expect(drop?.sql).toBe("DROP TABLE `post`;");
    expect(drop?.destructive).toBe(true);
    expect(sqlOf([{ kind: "renameTable", from: "post", to: "article" }])).toEqual([
      "RENAME TABLE `post` TO `article`;",
    ]);
  });

  test("columns: add, drop, rename; a NOT NULL datetime gets the temporary default, then loses it", () => {
    expect(sqlOf([{ kind: "addColumn", table: "post", column: name }])).toEqual([
      "ALTER TABLE `post` ADD COLUMN `name` varchar(40) NULL;",
    ]);
    const at: Column = { name: "at", type: { kind: "timestamp", withTimeZone: false, precision: 3 }, nullable: false };
    expect(sqlOf([{ kind: "addColumn", table: "post", column: at }])).toEqual([
      "ALTER TABLE `post` ADD COLUMN `at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3);\nALTER TABLE `post` ALTER COLUMN `at` DROP DEFAULT;",
    ]);
    const on: Column = { name: "on", type: { kind: "date" }, nullable: false };
    expect(sqlOf([{ kind: "addColumn", table: "post", column: on }])[0]).toStartWith(
      "ALTER TABLE `post` ADD COLUMN `on` date NOT NULL DEFAULT (CURRENT_DATE);",
    );
    expect(sqlOf([{ kind: "dropColumn", table: "post", column: name }])).toEqual([
      "ALTER TABLE `post` DROP COLUMN `name`;",
    ]);
    expect(sqlOf([{ kind: "renameColumn", table: "post", from: "name", to: "title" }])).toEqual([
      "ALTER TABLE `post` RENAME COLUMN `name` TO `title`;",
    ]);
  });

  test("alterColumn is one MODIFY restating the live column: AUTO_INCREMENT, default and collation survive", () => {
    const to: Column = { ...id, type: { kind: "bigint" } };
    expect(sqlOf([{ kind: "alterColumn", table: "post", from: id, to, changes: ["type"] }])).toEqual([
      "ALTER TABLE `post` MODIFY COLUMN `id` bigint NOT NULL AUTO_INCREMENT;",
    ]);
    const live: Column = { ...name, default: { kind: "literal", value: "x" }, collation: "utf8mb4_bin" };
    const wider: Column = { ...live, type: { kind: "varchar", length: 80 }, nullable: false };
    expect(
      sqlOf([{ kind: "alterColumn", table: "post", from: live, to: wider, changes: ["type", "nullable"] }]),
    ).toEqual(["ALTER TABLE `post` MODIFY COLUMN `name` varchar(80) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x';"]);
    // Only the listed changes come from the target; the rest is the live column's.
    const other: Column = { ...live, default: { kind: "literal", value: "y" }, collation: "utf8mb4_general_ci" };
    expect(sqlOf([{ kind: "alterColumn", table: "post", from: live, to: other, changes: ["default"] }])).toEqual([
      "ALTER TABLE `post` MODIFY COLUMN `name` varchar(40) COLLATE utf8mb4_bin NULL DEFAULT 'y';",
    ]);
    const plain: Column = { name: "n", type: { kind: "integer" }, nullable: false };
    expect(
      sqlOf([
        {
          kind: "alterColumn",
          table: "post",
          from: plain,
          to: { ...plain, identity: { always: false } },
          changes: ["identity"],
        },
      ]),
    ).toEqual(["ALTER TABLE `post` MODIFY COLUMN `n` int NOT NULL AUTO_INCREMENT;"]);
  });

  test("generated columns: a new expression re-creates the column in one statement; STORED → plain keeps values", () => {
    const g: Column = {
      name: "g",
      type: { kind: "integer" },
      nullable: true,
      generated: { expression: "`id` + 1", stored: true },
    };
    const g2: Column = { ...g, generated: { expression: "`id` + 2", stored: true } };
    const [step] = renderOperations(
      [{ kind: "alterColumn", table: "post", from: g, to: g2, changes: ["generated"] }],
      mysql,
      none,
    );
    expect(step?.sql).toBe(
      "ALTER TABLE `post` DROP COLUMN `g`, ADD COLUMN `g` int GENERATED ALWAYS AS (`id` + 2) STORED;",
    );
    expect(step?.label).toBe("post | Re-create generated field: g (derived values are recomputed; nothing is lost)");
    const { generated: _, ...plainG } = g;
    expect(sqlOf([{ kind: "alterColumn", table: "post", from: g, to: plainG, changes: ["generated"] }])).toEqual([
      "ALTER TABLE `post` MODIFY COLUMN `g` int NULL;",
    ]);
    const v: Column = { ...g, generated: { expression: "`id` + 1", stored: false } };
    expect(() => sqlOf([{ kind: "alterColumn", table: "post", from: v, to: plainG, changes: ["generated"] }])).toThrow(
      /VIRTUAL/,
    );
  });

  test("keys: primary key halves, uniques, checks", () => {
    expect(sqlOf([{ kind: "setPrimaryKey", table: "post", from: { columns: ["id"] } }])).toEqual([
      "ALTER TABLE `post` DROP PRIMARY KEY;",
    ]);
    expect(sqlOf([{ kind: "setPrimaryKey", table: "post", to: { columns: ["id", "author_id"] } }])).toEqual([
      "ALTER TABLE `post` ADD PRIMARY KEY (`id`, `author_id`);",
    ]);
    expect(sqlOf([{ kind: "addUnique", table: "post", unique: { columns: ["author_id"] } }])).toEqual([
      "ALTER TABLE `post` ADD CONSTRAINT `post_author_id_key` UNIQUE (`author_id`);",
    ]);
    expect(sqlOf([{ kind: "dropUnique", table: "post", unique: { columns: ["author_id"] } }])).toEqual([
      "ALTER TABLE `post` DROP INDEX `post_author_id_key`;",
    ]);
    const check = { name: "post_id_check", expression: "`id` > 0" };
    expect(sqlOf([{ kind: "addCheck", table: "post", check }])).toEqual([
      "ALTER TABLE `post` ADD CONSTRAINT `post_id_check` CHECK (`id` > 0);",
    ]);
    const [drop] = renderOperations([{ kind: "dropCheck", table: "post", check, recreated: true }], mysql, none);
    expect(drop?.sql).toBe("ALTER TABLE `post` DROP CONSTRAINT `post_id_check`;");
    expect(drop?.recreate).toBe(true);
  });

  test("indexes: create, drop (DROP INDEX … ON), rename", () => {
    expect(
      sqlOf([{ kind: "createIndex", table: "post", index: { keys: [{ column: "author_id" }], unique: false } }]),
    ).toEqual(["CREATE INDEX `post_author_id_idx` ON `post` (`author_id`);"]);
    expect(
      sqlOf([{ kind: "dropIndex", table: "post", index: { keys: [{ column: "author_id" }], unique: false } }]),
    ).toEqual(["DROP INDEX `post_author_id_idx` ON `post`;"]);
    expect(sqlOf([{ kind: "renameIndex", table: "post", from: "a", to: "b" }])).toEqual([
      "ALTER TABLE `post` RENAME INDEX `a` TO `b`;",
    ]);
    // MySQL cannot rename a constraint; it keeps its live name (constraints compare by shape).
    expect(sqlOf([{ kind: "renameConstraint", table: "post", from: "a", to: "b" }])).toEqual([]);
  });

  test("dropping a foreign key drops its own index unless another index serves the key", () => {
    const drop: Operation = { kind: "dropForeignKey", table: "post", foreignKey: fk };
    expect(sqlOf([drop], { unmanaged: [], tables: [post] })).toEqual([
      "ALTER TABLE `post` DROP FOREIGN KEY `post_author_id_fkey`, DROP INDEX `post_author_id_fkey`;",
    ]);
    const indexed: Table = { ...post, indexes: [{ keys: [{ column: "author_id" }, { column: "id" }], unique: false }] };
    expect(sqlOf([drop], { unmanaged: [], tables: [indexed] })).toEqual([
      "ALTER TABLE `post` DROP FOREIGN KEY `post_author_id_fkey`;",
    ]);
    const prefixed: Table = { ...post, indexes: [{ keys: [{ column: "author_id", prefixLength: 2 }], unique: false }] };
    expect(sqlOf([drop], { unmanaged: [], tables: [prefixed] })[0]).toEndWith(", DROP INDEX `post_author_id_fkey`;");
    const keyed: Table = { ...post, primaryKey: { columns: ["author_id", "id"] } };
    expect(sqlOf([drop], { unmanaged: [], tables: [keyed] })[0]).toBe(
      "ALTER TABLE `post` DROP FOREIGN KEY `post_author_id_fkey`;",
    );
  });

  test("operations of other dialects are planner bugs", () => {
    expect(() =>
      sqlOf([{ kind: "setStorage", table: "post", target: { kind: "table" }, to: { fillfactor: "70" } }]),
    ).toThrow(/MySQL renderer/);
    expect(() => sqlOf([{ kind: "rebuildTable", from: post, to: post, columns: [] }])).toThrow(/MySQL renderer/);
  });
});

describe("MySQL: an AUTO_INCREMENT column never lacks its key", () => {
  test("a primary key change is folded into its add half, one DROP PRIMARY KEY, ADD PRIMARY KEY", () => {
    const ops = lowerForMysql(
      [{ kind: "setPrimaryKey", table: "post", from: { columns: ["id"] }, to: { columns: ["id", "author_id"] } }],
      { dialect: "mysql", tables: [post] },
      { dialect: "mysql", tables: [{ ...post, primaryKey: { columns: ["id", "author_id"] } }] },
    );
    expect(ops).toEqual([{ kind: "setPrimaryKey", table: "post", to: { columns: ["id", "author_id"] } }]);
    expect(sqlOf(ops, { unmanaged: [], tables: [post] })).toEqual([
      "ALTER TABLE `post` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `author_id`);",
    ]);
  });

  test("column changes rank around the keys", () => {
    const { identity: _, ...plain } = id;
    const ranks = orderOperationsRanks();
    expect(rankForMysql({ kind: "alterColumn", table: "t", from: plain, to: id, changes: ["identity"] }, ranks)).toBe(
      9.5,
    );
    expect(rankForMysql({ kind: "alterColumn", table: "t", from: id, to: plain, changes: ["identity"] }, ranks)).toBe(
      2.5,
    );
    const notNull: Column = { ...name, nullable: false };
    expect(
      rankForMysql({ kind: "alterColumn", table: "t", from: notNull, to: name, changes: ["nullable"] }, ranks),
    ).toBe(7.5);
    expect(
      rankForMysql({ kind: "alterColumn", table: "t", from: name, to: notNull, changes: ["nullable"] }, ranks),
    ).toBe(undefined);
  });
});

/** The generic ranks the planner passes to `Renderer.rank` (only the kinds these tests use matter). */
function orderOperationsRanks() {
  return { dropForeignKey: 2, setPrimaryKey: 7, addUnique: 9 } as unknown as Parameters<typeof rankForMysql>[1];
}
