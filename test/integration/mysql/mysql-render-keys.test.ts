import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { lowerForMysql } from "../../../src/dialect/mysql/mysql-auto-increment.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";
import { col, fkTo, id, renderPlace, table } from "./render-place.ts";

describe("MySQL DDL applied to MariaDB: keys, foreign keys' own indexes, AUTO_INCREMENT", () => {
  let db: MysqlTestDatabase;
  beforeEach(async () => {
    db = await freshMysqlDatabase("render");
  });
  afterEach(async () => {
    await db.dispose();
  });
  const { apply, plan, columns, indexes, constraints } = renderPlace(() => db);

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
    // One ALTER TABLE (mysql-combine.ts): the unique and the AUTO_INCREMENT it lets id have.
    expect(back.map((s) => s.label)).toEqual(["t | Create unique constraint: t_id_key; Alter field: id"]);
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
});
