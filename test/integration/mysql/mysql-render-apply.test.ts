import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { renderMysqlSchema } from "../../../src/dialect/mysql/mysql-ddl.ts";
import { parseMysqlType } from "../../../src/dialect/mysql/mysql-type-text.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { Column } from "../../../src/schema/ir.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";
import { col, fkTo, id, mysql, renderPlace, table } from "./render-place.ts";

describe("MySQL DDL applied to MariaDB: tables and columns", () => {
  let db: MysqlTestDatabase;
  beforeEach(async () => {
    db = await freshMysqlDatabase("render");
  });
  afterEach(async () => {
    await db.dispose();
  });
  const { apply, columns, indexes, constraints } = renderPlace(() => db);

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
        // No precision is datetime(6), microseconds (mysql-type-text.ts), as pormg's models declare it.
        { kind: "timestamp", withTimeZone: false },
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

  test("a collation change is a MODIFY with COLLATE; back to none is the table's collation", async () => {
    const s = col("s", { kind: "varchar", length: 10 }, { nullable: false, default: { kind: "literal", value: "a" } });
    await apply([{ kind: "createTable", table: table("t", [id, s]) }]);
    const bin = { ...s, collation: "utf8mb4_bin" };
    await apply([{ kind: "alterColumn", table: "t", from: s, to: bin, changes: ["collation"] }]);
    expect((await columns("t")).s).toMatchObject({ collation: "utf8mb4_bin", dflt: "'a'", nullable: "NO" });
    await apply([{ kind: "alterColumn", table: "t", from: bin, to: s, changes: ["collation"] }]);
    expect((await columns("t")).s).toMatchObject({ collation: "utf8mb4_unicode_ci", dflt: "'a'", nullable: "NO" });
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
