import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { lowerForMysql } from "../../../src/dialect/mysql/mysql-auto-increment.ts";
import { quoteIdent, renderMysqlSchema } from "../../../src/dialect/mysql/mysql-ddl.ts";
import { mysqlLossy } from "../../../src/dialect/mysql/mysql-lossy.ts";
import { mysqlRenderer } from "../../../src/dialect/mysql/mysql-render.ts";
import { parseMysqlType } from "../../../src/dialect/mysql/mysql-type-text.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { orderOperations } from "../../../src/plan/order.ts";
import type { PlanDialect } from "../../../src/plan/plan-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { RenderContext } from "../../../src/plan/render-context.ts";
import type { Column, ForeignKey, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

const mysql: PlanDialect = { quoteIdent, renderer: mysqlRenderer, lossy: mysqlLossy };

const col = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable: true,
  ...extra,
});
const id = col("id", { kind: "integer" }, { nullable: false, identity: { always: false } });
const fkTo = (columns: string[], table: string, onDelete: ForeignKey["onDelete"] = "NO ACTION"): ForeignKey => ({
  columns,
  references: { table, columns: ["id"] },
  onDelete,
  onUpdate: "NO ACTION",
  deferred: false,
});
const table = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
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

describe("MySQL DDL applied to MariaDB", () => {
  let db: MysqlTestDatabase;
  beforeEach(async () => {
    db = await freshMysqlDatabase("render");
  });
  afterEach(async () => {
    await db.dispose();
  });

  /** Renders `ops` as a plan and runs its steps one by one, as the deferred-step executor does. */
  async function apply(ops: Operation[], context: RenderContext = { unmanaged: [], tables: [] }) {
    const steps = renderOperations(ops, mysql, context);
    for (const step of steps) {
      expect(step.transactional).toBe(false);
      await db.driver.execute(step.sql);
    }
    return steps;
  }

  const columns = async (t: string) =>
    Object.fromEntries(
      (
        await db.driver.query<ColumnRow>(
          "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLLATION_NAME AS collation, GENERATION_EXPRESSION AS generation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
          [t],
        )
      ).map((r) => [r.name, r]),
    );
  const indexes = async (t: string) =>
    (
      await db.driver.query<{ name: string; cols: string; kind: string; uniq: string }>(
        "SELECT INDEX_NAME AS name, GROUP_CONCAT(CONCAT(COLUMN_NAME, COALESCE(CONCAT('(', SUB_PART, ')'), ''), IF(COLLATION = 'D', ' DESC', '')) ORDER BY SEQ_IN_INDEX) AS cols, INDEX_TYPE AS kind, NON_UNIQUE AS uniq FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME, INDEX_TYPE, NON_UNIQUE ORDER BY INDEX_NAME",
        [t],
      )
    )
      .map((r) => `${r.name}: ${r.cols} ${r.kind}${String(r.uniq) === "0" ? " unique" : ""}`)
      .sort();
  const constraints = async (t: string) =>
    (
      await db.driver.query<{ name: string; kind: string }>(
        "SELECT CONSTRAINT_NAME AS name, CONSTRAINT_TYPE AS kind FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME",
        [t],
      )
    )
      .map((r) => `${r.name} ${r.kind}`)
      .sort();

  test("renderSchema: every column type, keys, indexes, checks and a foreign key cycle", async () => {
    const every: Column[] = [
      id,
      col("small", { kind: "smallint" }, { nullable: false, default: { kind: "literal", value: 7 } }),
      col("big", { kind: "bigint" }),
      col("flag", { kind: "boolean" }, { nullable: false, default: { kind: "literal", value: false } }),
      col("ratio", { kind: "real" }),
      col("amount", { kind: "double" }),
      col("price", { kind: "decimal", precision: 10, scale: 2 }, { default: { kind: "literal", value: "20.50" } }),
      col(
        "code",
        { kind: "varchar", length: 12 },
        { collation: "utf8mb4_bin", default: { kind: "literal", value: "o'k" } },
      ),
      col("body", { kind: "text" }, { default: { kind: "literal", value: "none" } }),
      col("born", { kind: "date" }),
      col("at", { kind: "time", precision: 3 }),
      col(
        "seen",
        { kind: "timestamp", withTimeZone: false, precision: 6 },
        { nullable: false, default: { kind: "expression", sql: "CURRENT_TIMESTAMP(6)" } },
      ),
      col("uid", { kind: "uuid" }),
      col("doc", { kind: "json", binary: false }),
      col("raw", { kind: "bytes" }),
      col("tiny", { kind: "native", sql: "int unsigned" }),
      col("twice", { kind: "integer" }, { generated: { expression: "`small` * 2", stored: true } }),
      col("half", { kind: "double" }, { generated: { expression: "`amount` / 2", stored: false } }),
      col("parent_id", { kind: "integer" }),
    ];
    const thing = table("thing", every, {
      uniques: [{ columns: ["code"] }],
      indexes: [
        {
          keys: [
            { column: "body", prefixLength: 16 },
            { column: "born", descending: true },
          ],
          unique: false,
        },
        { name: "thing_body_ft", keys: [{ column: "body" }], unique: false, method: "fulltext" },
      ],
      checks: [{ name: "thing_small_check", expression: "`small` >= 0" }],
      foreignKeys: [fkTo(["parent_id"], "other", "SET NULL")],
    });
    const other = table("other", [id, col("thing_id", { kind: "integer" })], {
      foreignKeys: [fkTo(["thing_id"], "thing", "CASCADE")],
    });
    for (const statement of renderMysqlSchema({ dialect: "mysql", tables: [other, thing] }))
      await db.driver.execute(statement);

    const c = await columns("thing");
    // Each column reads back as the type it was declared with (the type map's contract), except
    // json: MariaDB's json is a longtext with a json_valid check (introspection's business).
    for (const column of every) {
      const read = parseMysqlType(c[column.name]?.type ?? "");
      expect([column.name, read]).toEqual([column.name, column.name === "doc" ? { kind: "text" } : column.type]);
    }
    expect(c.id?.extra).toBe("auto_increment");
    expect(c.small).toMatchObject({ nullable: "NO", dflt: "7" });
    expect(c.flag?.dflt).toBe("0");
    expect(c.price?.dflt).toBe("20.50");
    expect(c.code).toMatchObject({ collation: "utf8mb4_bin", dflt: "'o''k'" });
    expect(c.body).toMatchObject({ collation: "utf8mb4_unicode_ci", dflt: "'none'" });
    expect(c.seen?.dflt).toBe("current_timestamp(6)");
    expect(c.twice).toMatchObject({ extra: "STORED GENERATED", generation: "`small` * 2" });
    expect(c.half?.extra).toBe("VIRTUAL GENERATED");

    expect(await indexes("thing")).toEqual([
      "PRIMARY: id BTREE unique",
      "thing_body_born_idx: body(16),born DESC BTREE",
      "thing_body_ft: body FULLTEXT",
      "thing_code_key: code BTREE unique",
      "thing_parent_id_fkey: parent_id BTREE", // InnoDB's own index for the key
    ]);
    expect(await constraints("thing")).toEqual([
      "PRIMARY PRIMARY KEY",
      "doc CHECK",
      "thing_code_key UNIQUE",
      "thing_parent_id_fkey FOREIGN KEY",
      "thing_small_check CHECK",
    ]);
    const [options] = await db.driver.query<{ engine: string; collation: string }>(
      "SELECT ENGINE AS engine, TABLE_COLLATION AS collation FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'thing'",
    );
    expect(options).toEqual({ engine: "InnoDB", collation: "utf8mb4_unicode_ci" });
    const rules = await db.driver.query<{ name: string; del: string }>(
      "SELECT CONSTRAINT_NAME AS name, DELETE_RULE AS del FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1",
    );
    expect(rules).toEqual([
      { name: "other_thing_id_fkey", del: "CASCADE" },
      { name: "thing_parent_id_fkey", del: "SET NULL" },
    ]);
  });

  test("MODIFY keeps AUTO_INCREMENT, the default, the collation and the generated expression", async () => {
    const name = col(
      "name",
      { kind: "varchar", length: 20 },
      { collation: "utf8mb4_bin", default: { kind: "literal", value: "anon" } },
    );
    const n = col("n", { kind: "integer" }, { nullable: false, default: { kind: "literal", value: 5 } });
    const g = col("g", { kind: "integer" }, { generated: { expression: "`n` + 1", stored: true } });
    const t = table("t", [id, name, n, g]);
    await apply([{ kind: "createTable", table: t }]);
    await db.driver.execute("INSERT INTO t (name, n) VALUES ('Ab', 1), ('ab', 2)");

    await apply([
      { kind: "alterColumn", table: "t", from: id, to: { ...id, type: { kind: "bigint" } }, changes: ["type"] },
      {
        kind: "alterColumn",
        table: "t",
        from: name,
        to: { ...name, type: { kind: "varchar", length: 60 }, nullable: false },
        changes: ["type", "nullable"],
      },
      { kind: "alterColumn", table: "t", from: n, to: { ...n, type: { kind: "bigint" } }, changes: ["type"] },
      { kind: "alterColumn", table: "t", from: g, to: { ...g, type: { kind: "bigint" } }, changes: ["type"] },
    ]);
    const c = await columns("t");
    expect(c.id).toMatchObject({ type: "bigint(20)", extra: "auto_increment", nullable: "NO" });
    expect(c.name).toMatchObject({ type: "varchar(60)", nullable: "NO", dflt: "'anon'", collation: "utf8mb4_bin" });
    expect(c.n).toMatchObject({ type: "bigint(20)", nullable: "NO", dflt: "5" });
    expect(c.g).toMatchObject({ type: "bigint(20)", extra: "STORED GENERATED", generation: "`n` + 1" });
    // AUTO_INCREMENT still counts on from the rows there.
    await db.driver.execute("INSERT INTO t (name, n) VALUES ('c', 3)");
    expect(await db.driver.query("SELECT id, g FROM t WHERE name = 'c'")).toEqual([{ id: "3", g: "4" }]);

    // Default and identity changes, each restating the rest of the live column.
    const liveId: Column = { ...id, type: { kind: "bigint" } };
    const liveN: Column = { ...n, type: { kind: "bigint" } };
    const { identity: _, ...plainId } = liveId;
    await apply([
      {
        kind: "alterColumn",
        table: "t",
        from: liveN,
        to: { ...liveN, default: { kind: "literal", value: 9 } },
        changes: ["default"],
      },
      { kind: "alterColumn", table: "t", from: liveId, to: plainId, changes: ["identity"] },
    ]);
    const after = await columns("t");
    expect(after.n).toMatchObject({ dflt: "9", type: "bigint(20)", nullable: "NO" });
    expect(after.id).toMatchObject({ extra: "", nullable: "NO", type: "bigint(20)" });
    expect(await indexes("t")).toEqual(["PRIMARY: id BTREE unique"]);
  });

  test("a column becomes generated, a generated one becomes plain and keeps its values", async () => {
    const n = col("n", { kind: "integer" });
    const g = col("g", { kind: "integer" }, { generated: { expression: "`n` + 1", stored: true } });
    const p = col("p", { kind: "integer" });
    await apply([{ kind: "createTable", table: table("t", [id, n, g, p]) }]);
    await db.driver.execute("INSERT INTO t (n, p) VALUES (1, 5)");
    const { generated: _, ...plainG } = g;
    const steps = await apply([
      {
        kind: "alterColumn",
        table: "t",
        from: g,
        to: plainG,
        changes: ["generated"],
      },
      {
        kind: "alterColumn",
        table: "t",
        from: p,
        to: { ...p, generated: { expression: "`n` * 10", stored: false } },
        changes: ["generated"],
      },
    ]);
    expect(steps.map((s) => s.destructive)).toEqual([false, true]);
    const c = await columns("t");
    expect(c.g?.extra).toBe("");
    expect(c.p).toMatchObject({ extra: "VIRTUAL GENERATED", generation: "`n` * 10" });
    expect(await db.driver.query("SELECT g, p FROM t")).toEqual([{ g: 2, p: 10 }]);
  });

  test("renames, added and dropped columns, keys and indexes", async () => {
    const t = table("a", [id, col("x", { kind: "integer" }), col("y", { kind: "varchar", length: 10 })], {
      indexes: [{ keys: [{ column: "x" }], unique: false }],
    });
    await apply([{ kind: "createTable", table: t }]);
    await db.driver.execute("INSERT INTO a (x, y) VALUES (1, 'one'), (2, 'two')");
    await apply([
      { kind: "renameTable", from: "a", to: "b" },
      { kind: "renameColumn", table: "b", from: "x", to: "z" },
      { kind: "renameIndex", table: "b", from: "a_x_idx", to: "b_z_idx" },
      {
        kind: "addColumn",
        table: "b",
        column: col("made", { kind: "timestamp", withTimeZone: false, precision: 3 }, { nullable: false }),
      },
      { kind: "addColumn", table: "b", column: col("on", { kind: "date" }, { nullable: false }) },
      { kind: "dropColumn", table: "b", column: col("y", { kind: "varchar", length: 10 }) },
      { kind: "addUnique", table: "b", unique: { columns: ["z"] } },
      { kind: "addCheck", table: "b", check: { name: "b_z_check", expression: "`z` > 0" } },
      { kind: "createIndex", table: "b", index: { keys: [{ column: "made" }], unique: false } },
    ]);
    const c = await columns("b");
    expect(Object.keys(c)).toEqual(["id", "z", "made", "on"]);
    expect(c.made).toMatchObject({ type: "datetime(3)", nullable: "NO", dflt: null });
    expect(c.on).toMatchObject({ nullable: "NO", dflt: null });
    const [row] = await db.driver.query<{ bad: number }>(
      "SELECT COUNT(*) AS bad FROM b WHERE made < '2000-01-01' OR `on` < '2000-01-01'",
    );
    expect(Number(row?.bad)).toBe(0);
    expect(await indexes("b")).toEqual([
      "PRIMARY: id BTREE unique",
      "b_made_idx: made BTREE",
      "b_z_idx: z BTREE",
      "b_z_key: z BTREE unique",
    ]);
    expect(await constraints("b")).toContain("b_z_check CHECK");
    await expect(db.driver.execute("INSERT INTO b (z, made, `on`) VALUES (-1, NOW(), CURDATE())")).rejects.toThrow(
      /b_z_check/,
    );

    await apply([
      { kind: "dropCheck", table: "b", check: { name: "b_z_check", expression: "`z` > 0" } },
      { kind: "dropUnique", table: "b", unique: { columns: ["z"] } },
      { kind: "dropIndex", table: "b", index: { keys: [{ column: "made" }], unique: false } },
    ]);
    expect(await indexes("b")).toEqual(["PRIMARY: id BTREE unique", "b_z_idx: z BTREE"]);
    expect(await constraints("b")).toEqual(["PRIMARY PRIMARY KEY"]);
    await apply([{ kind: "dropTable", table: { ...t, name: "b" } }]);
    expect(
      await db.driver.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"),
    ).toEqual([]);
  });

  test("a primary key changes in two halves; a key over a plain column", async () => {
    const k = col("k", { kind: "integer" }, { nullable: false });
    await apply([{ kind: "createTable", table: table("t", [col("id", { kind: "integer" }, { nullable: false }), k]) }]);
    await apply([
      { kind: "setPrimaryKey", table: "t", from: { columns: ["id"] } },
      { kind: "setPrimaryKey", table: "t", to: { columns: ["k", "id"] } },
    ]);
    expect(await indexes("t")).toEqual(["PRIMARY: k,id BTREE unique"]);
  });

  test("dropping a foreign key drops InnoDB's own index for it, and never an index of the models", async () => {
    const parent = table("parent", [id]);
    const fk = fkTo(["parent_id"], "parent");
    const child = table("child", [id, col("parent_id", { kind: "integer" })], { foreignKeys: [fk] });
    const served = table("served", [id, col("parent_id", { kind: "integer" })], {
      foreignKeys: [{ ...fk, name: "served_fk" }],
      indexes: [{ keys: [{ column: "parent_id" }, { column: "id" }], unique: false }],
    });
    await apply([
      { kind: "createTable", table: parent },
      { kind: "createTable", table: child },
      { kind: "createTable", table: served },
      { kind: "addForeignKey", table: "child", foreignKey: fk },
      { kind: "addForeignKey", table: "served", foreignKey: { ...fk, name: "served_fk" } },
    ]);
    expect(await indexes("child")).toEqual(["PRIMARY: id BTREE unique", "child_parent_id_fkey: parent_id BTREE"]);
    expect(await indexes("served")).toEqual([
      "PRIMARY: id BTREE unique",
      "served_parent_id_id_idx: parent_id,id BTREE",
    ]);
    // Introspection leaves InnoDB's own index out: the live tables are the models' tables.
    await apply(
      [
        { kind: "dropForeignKey", table: "child", foreignKey: fk },
        { kind: "dropForeignKey", table: "served", foreignKey: { ...fk, name: "served_fk" } },
      ],
      { unmanaged: [], tables: [parent, child, served] },
    );
    expect(await indexes("child")).toEqual(["PRIMARY: id BTREE unique"]);
    expect(await indexes("served")).toEqual([
      "PRIMARY: id BTREE unique",
      "served_parent_id_id_idx: parent_id,id BTREE",
    ]);
    expect(await constraints("child")).toEqual(["PRIMARY PRIMARY KEY"]);
  });

  test("dropping the last index that serves a kept foreign key gives the key its own index in the same statement", async () => {
    const parent = table("parent", [id]);
    const fk = fkTo(["parent_id"], "parent");
    const index = { keys: [{ column: "parent_id" }], unique: false };
    const child = table("child", [id, col("parent_id", { kind: "integer" })], { foreignKeys: [fk], indexes: [index] });
    const unique = table("uchild", [id, col("parent_id", { kind: "integer" })], {
      foreignKeys: [fk],
      uniques: [{ columns: ["parent_id"] }],
    });
    const keyed = table(
      "kchild",
      [col("parent_id", { kind: "integer" }, { nullable: false }), col("n", { kind: "integer" }, { nullable: false })],
      {
        primaryKey: { columns: ["parent_id", "n"] },
        foreignKeys: [fk],
      },
    );
    await apply([
      { kind: "createTable", table: parent },
      { kind: "createTable", table: child },
      { kind: "createTable", table: unique },
      { kind: "createTable", table: keyed },
      { kind: "addForeignKey", table: "child", foreignKey: fk },
      { kind: "addForeignKey", table: "uchild", foreignKey: fk },
      { kind: "addForeignKey", table: "kchild", foreignKey: fk },
    ]);
    const live = [parent, child, unique, keyed];
    const steps = await plan(
      [
        { kind: "dropIndex", table: "child", index },
        { kind: "dropUnique", table: "uchild", unique: { columns: ["parent_id"] } },
        { kind: "setPrimaryKey", table: "kchild", from: { columns: ["parent_id", "n"] }, to: { columns: ["n"] } },
      ],
      live,
      [{ ...child, indexes: [] }, { ...unique, uniques: [] }, { ...keyed, primaryKey: { columns: ["n"] } }, parent],
    );
    expect(steps.map((s) => s.sql)).toEqual([
      "ALTER TABLE `child` DROP INDEX `child_parent_id_idx`, ADD INDEX `child_parent_id_fkey` (`parent_id`);",
      "ALTER TABLE `uchild` DROP INDEX `uchild_parent_id_key`, ADD INDEX `uchild_parent_id_fkey` (`parent_id`);",
      "ALTER TABLE `kchild` DROP PRIMARY KEY, ADD PRIMARY KEY (`n`), ADD INDEX `kchild_parent_id_fkey` (`parent_id`);",
    ]);
    expect(await indexes("child")).toEqual(["PRIMARY: id BTREE unique", "child_parent_id_fkey: parent_id BTREE"]);
    expect(await indexes("kchild")).toEqual(["PRIMARY: n BTREE unique", "kchild_parent_id_fkey: parent_id BTREE"]);
    // The key's own index goes with the key (the live tables now list no index serving it).
    await apply([{ kind: "dropForeignKey", table: "child", foreignKey: fk }], {
      unmanaged: [],
      tables: [{ ...child, indexes: [] }],
    });
    expect(await indexes("child")).toEqual(["PRIMARY: id BTREE unique"]);
  });

  test("the lossy count queries run on MariaDB and count the rows a retype would fail on or change", async () => {
    const cols = [
      id,
      col("s", { kind: "varchar", length: 40 }),
      col("i", { kind: "integer" }),
      col("d", { kind: "decimal", precision: 10, scale: 4 }),
      col("f", { kind: "double" }),
      col("ts", { kind: "timestamp", withTimeZone: false, precision: 6 }),
    ];
    await apply([{ kind: "createTable", table: table("t", cols) }]);
    await db.driver.execute(
      "INSERT INTO t (s, i, d, f, ts) VALUES ('12', 1, 1.5, 1.0, '2020-01-01 00:00:00'), (' -7 ', 40000, 123456.1234, 2.5, '2020-01-01 10:00:00.123456'), ('a long value', -5, 2, 3, NULL), (NULL, NULL, NULL, NULL, NULL)",
    );
    const count = async (column: string, from: Column["type"], to: Column["type"]) => {
      const out: Record<string, number> = {};
      for (const f of mysqlLossy.typeFindings(quoteIdent(column), from, to)) {
        if (f.predicate === undefined) continue;
        const [row] = await db.driver.query<{ n: string }>(`SELECT count(*) AS n FROM t WHERE ${f.predicate}`);
        out[f.reason.split(" ")[0] as string] = Number(row?.n);
      }
      return out;
    };
    expect(await count("s", { kind: "varchar", length: 40 }, { kind: "varchar", length: 5 })).toEqual({
      varchar_length: 1,
    });
    expect(await count("s", { kind: "varchar", length: 40 }, { kind: "integer" })).toEqual({ text_cast: 1 });
    expect(await count("i", { kind: "integer" }, { kind: "smallint" })).toEqual({ integer_range: 1 });
    expect(
      await count("d", { kind: "decimal", precision: 10, scale: 4 }, { kind: "decimal", precision: 6, scale: 2 }),
    ).toEqual({
      decimal_precision: 1,
      decimal_scale: 1,
    });
    expect(await count("f", { kind: "double" }, { kind: "integer" })).toEqual({ integer_range: 0, to_integer: 1 });
    expect(
      await count(
        "ts",
        { kind: "timestamp", withTimeZone: false, precision: 6 },
        { kind: "timestamp", withTimeZone: false },
      ),
    ).toEqual({ time_precision: 1 });
    expect(await count("ts", { kind: "timestamp", withTimeZone: false, precision: 6 }, { kind: "date" })).toEqual({
      to_date: 1,
    });
    // And what the counts predicted is what strict mode does.
    await expect(db.driver.execute("ALTER TABLE t MODIFY COLUMN `i` smallint NULL")).rejects.toThrow(/range/i);
    const [pk] = await db.driver.query<{ n: string }>(mysqlLossy.primaryKeyCount("t", ["i", "s"], { quoteIdent }));
    expect(Number(pk?.n)).toBe(1);
  });

  /** Lowers and orders `ops` as the planner does (live → target), renders them against `live` and runs them. */
  async function plan(ops: Operation[], live: Table[], target: Table[]) {
    const lowered = lowerForMysql(ops, { dialect: "mysql", tables: live }, { dialect: "mysql", tables: target });
    return apply(orderOperations(lowered, mysqlRenderer), { unmanaged: [], tables: live });
  }

  test("a new AUTO_INCREMENT column becomes the primary key in one statement, numbering the rows", async () => {
    const code = col("code", { kind: "varchar", length: 5 }, { nullable: false });
    const live = table("k", [code], { primaryKey: { columns: ["code"] } });
    await apply([{ kind: "createTable", table: live }]);
    await db.driver.execute("INSERT INTO k VALUES ('x'), ('y'), ('z')");
    const target = table("k", [code, id]);
    const steps = await plan(
      [
        { kind: "addColumn", table: "k", column: id },
        { kind: "setPrimaryKey", table: "k", from: { columns: ["code"] }, to: { columns: ["id"] } },
      ],
      [live],
      [target],
    );
    expect(steps.map((s) => s.sql)).toEqual([
      "ALTER TABLE `k` ADD COLUMN `id` int NOT NULL;",
      "ALTER TABLE `k` MODIFY COLUMN `id` int NOT NULL AUTO_INCREMENT, DROP PRIMARY KEY, ADD PRIMARY KEY (`id`);",
    ]);
    expect((await columns("k")).id?.extra).toBe("auto_increment");
    expect(await indexes("k")).toEqual(["PRIMARY: id BTREE unique"]);
    expect(await db.driver.query("SELECT code, id FROM k ORDER BY id")).toEqual([
      { code: "x", id: 1 },
      { code: "y", id: 2 },
      { code: "z", id: 3 },
    ]);
  });

  test("an AUTO_INCREMENT table's primary key changes in one statement; identity goes before its key", async () => {
    const x = col("x", { kind: "integer" }, { nullable: false, default: { kind: "literal", value: 0 } });
    const live = table("t", [id, x]);
    await apply([{ kind: "createTable", table: live }]);
    await db.driver.execute("INSERT INTO t (x) VALUES (10), (20)");
    const wider = table("t", [id, x], { primaryKey: { columns: ["id", "x"] } });
    const [change] = await plan(
      [{ kind: "setPrimaryKey", table: "t", from: { columns: ["id"] }, to: { columns: ["id", "x"] } }],
      [live],
      [wider],
    );
    expect(change?.sql).toBe("ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `x`);");
    expect(await indexes("t")).toEqual(["PRIMARY: id,x BTREE unique"]);

    // The identity goes, then the key moves to x alone (which the identity would have forbidden).
    const { identity: _, ...plainId } = id;
    const moved = table("t", [plainId, x], { primaryKey: { columns: ["x"] } });
    const steps = await plan(
      [
        { kind: "alterColumn", table: "t", from: id, to: plainId, changes: ["identity"] },
        { kind: "setPrimaryKey", table: "t", from: { columns: ["id", "x"] }, to: { columns: ["x"] } },
      ],
      [wider],
      [moved],
    );
    expect(steps.map((s) => s.label)).toEqual(["t | Alter field: id", "t | Set primary key: x"]);
    expect((await columns("t")).id?.extra).toBe("");
    expect(await indexes("t")).toEqual(["PRIMARY: x BTREE unique"]);

    // And back: x's key stays, id becomes AUTO_INCREMENT once its unique exists.
    const again = table("t", [id, x], { primaryKey: { columns: ["x"] }, uniques: [{ columns: ["id"] }] });
    const back = await plan(
      [
        { kind: "alterColumn", table: "t", from: plainId, to: id, changes: ["identity"] },
        { kind: "addUnique", table: "t", unique: { columns: ["id"] } },
      ],
      [moved],
      [again],
    );
    expect(back.map((s) => s.label)).toEqual(["t | Create unique constraint: t_id_key", "t | Alter field: id"]);
    expect((await columns("t")).id?.extra).toBe("auto_increment");
  });

  test("an identity column no key leads is refused", () => {
    const live = table("t", [col("x", { kind: "integer" }, { nullable: false })], { primaryKey: { columns: ["x"] } });
    const target = { ...live, columns: [...live.columns, id] };
    expect(() =>
      lowerForMysql(
        [{ kind: "addColumn", table: "t", column: id }],
        { dialect: "mysql", tables: [live] },
        { dialect: "mysql", tables: [target] },
      ),
    ).toThrow(/AUTO_INCREMENT/);
  });

  test("a collation change is a MODIFY with COLLATE; back to none is the table's collation", async () => {
    const s = col("s", { kind: "varchar", length: 10 }, { nullable: false, default: { kind: "literal", value: "a" } });
    await apply([{ kind: "createTable", table: table("t", [id, s]) }]);
    const bin = { ...s, collation: "utf8mb4_bin" };
    await apply([{ kind: "alterColumn", table: "t", from: s, to: bin, changes: ["collation"] }]);
    expect((await columns("t")).s).toMatchObject({ collation: "utf8mb4_bin", dflt: "'a'", nullable: "NO" });
    await apply([{ kind: "alterColumn", table: "t", from: bin, to: s, changes: ["collation"] }]);
    expect((await columns("t")).s).toMatchObject({ collation: "utf8mb4_unicode_ci", dflt: "'a'", nullable: "NO" });
  });

  test("the planner's lossy counts of a retype, a new NOT NULL and a new primary key are MySQL SQL", async () => {
    const s = col("s", { kind: "varchar", length: 40 });
    const n = col("n", { kind: "integer" });
    const live = table("t", [id, s, n]);
    await apply([{ kind: "createTable", table: live }]);
    await db.driver.execute("INSERT INTO t (s, n) VALUES ('short', 1), ('a value too long', NULL), (NULL, 1)");
    const findings = classifyChanges(
      [
        {
          kind: "alterColumn",
          table: "t",
          from: s,
          to: { ...s, type: { kind: "varchar", length: 8 } },
          changes: ["type"],
        },
        { kind: "alterColumn", table: "t", from: n, to: { ...n, nullable: false }, changes: ["nullable"] },
        { kind: "setPrimaryKey", table: "t", to: { columns: ["n"] } },
      ],
      mysql,
    );
    const counts: Record<string, number> = {};
    for (const f of findings) {
      expect(f.countSql).toBeDefined();
      const [row] = await db.driver.query<{ n: string }>(f.countSql as string);
      counts[f.reason.split(/[ :]/)[0] as string] = Number(row?.n);
    }
    // n is 1, NULL, 1: one NULL and two rows sharing a key.
    expect(counts).toEqual({ varchar_length: 1, set_not_null: 1, add_primary_key: 3 });
  });

  test("a VIRTUAL column becoming plain is refused before anything runs", () => {
    const v = col("v", { kind: "integer" }, { generated: { expression: "1", stored: false } });
    try {
      renderOperations(
        [{ kind: "alterColumn", table: "t", from: v, to: col("v", { kind: "integer" }), changes: ["generated"] }],
        mysql,
        {
          unmanaged: [],
          tables: [],
        },
      );
      throw new Error("not refused");
    } catch (e) {
      expect(isPormgError(e, "PLAN_REFUSED")).toBe(true);
    }
  });
});
