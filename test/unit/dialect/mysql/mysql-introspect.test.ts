import { expect, test } from "bun:test";
import {
  checksQuery,
  type MysqlCatalog,
  type MysqlIndexPartRow,
  serverFlavor,
  statisticsQuery,
} from "../../../../src/dialect/mysql/mysql-catalog.ts";
import { buildMysqlLiveSchema } from "../../../../src/dialect/mysql/mysql-introspect.ts";

const mysql8 = serverFlavor("8.0.36");

test("serverFlavor tells MariaDB from MySQL and reads the version", () => {
  expect(serverFlavor("10.11.19-MariaDB-0+deb12u1")).toEqual({ flavor: "mariadb", major: 10, minor: 11, patch: 19 });
  expect(mysql8).toEqual({ flavor: "mysql", major: 8, minor: 0, patch: 36 });
});

test("the query texts follow the server: functional key parts, invisible or ignored indexes, checks", () => {
  expect(statisticsQuery(mysql8, false)).toContain("EXPRESSION AS expression");
  expect(statisticsQuery(mysql8, false)).toContain("IS_VISIBLE = 'NO'");
  const maria = serverFlavor("10.11.6-MariaDB");
  expect(statisticsQuery(maria, false)).toContain("NULL AS expression");
  expect(statisticsQuery(maria, false)).toContain("IGNORED = 'YES'");
  expect(statisticsQuery(serverFlavor("10.5.1-MariaDB"), true)).toContain("FALSE AS hidden");
  expect(statisticsQuery(maria, true)).toContain("TABLE_NAME IN (?)");
  expect(checksQuery(serverFlavor("8.0.15"), false)).toBeUndefined();
  expect(checksQuery(mysql8, false)).toContain("TABLE_CONSTRAINTS");
  expect(checksQuery(maria, false)).not.toContain("TABLE_CONSTRAINTS");
});

const part = (p: Partial<MysqlIndexPartRow> & { name: string; seq: number }): MysqlIndexPartRow => ({
  table: "t",
  non_unique: "1",
  column: null,
  expression: null,
  order: "A",
  sub_part: null,
  method: "BTREE",
  hidden: 0,
  ...p,
});

test("MySQL 8 rows: native json, DEFAULT_GENERATED, functional key parts, invisible indexes, NOT ENFORCED checks", () => {
  const catalog: MysqlCatalog = {
    server: mysql8,
    tables: [{ name: "t", type: "BASE TABLE", engine: "InnoDB", collation: "utf8mb4_0900_ai_ci", options: "" }],
    columns: [
      {
        table: "t",
        name: "id",
        type: "int",
        nullable: "NO",
        default: null,
        extra: "auto_increment",
        collation: null,
        generation: "",
      },
      {
        table: "t",
        name: "doc",
        type: "json",
        nullable: "YES",
        default: null,
        extra: "",
        collation: null,
        generation: "",
      },
      {
        table: "t",
        name: "at",
        type: "datetime",
        nullable: "NO",
        default: "CURRENT_TIMESTAMP",
        extra: "DEFAULT_GENERATED on update CURRENT_TIMESTAMP",
        collation: null,
        generation: "",
      },
      {
        table: "t",
        name: "name",
        type: "varchar(20)",
        nullable: "YES",
        default: "NULL",
        extra: "",
        collation: "utf8mb4_0900_ai_ci",
        generation: "",
      },
    ],
    indexParts: [
      part({ name: "PRIMARY", seq: 1, column: "id", non_unique: "0" }),
      part({ name: "fx", seq: 1, expression: "lower(`name`)" }),
      part({ name: "fx", seq: 2, column: "id", order: "D" }),
      part({ name: "quiet", seq: 1, column: "name", hidden: 1 }),
    ],
    foreignKeys: [],
    checks: [
      { table: "t", name: "t_chk_1", expression: "(`id` > 0)", enforced: "YES" },
      { table: "t", name: "t_chk_2", expression: "(`id` < 10)", enforced: "NO" },
    ],
    inventory: [],
  };
  const live = buildMysqlLiveSchema(catalog, { ignoreTables: [] });
  expect(live.schema.tables).toEqual([
    {
      name: "t",
      columns: [
        { name: "id", type: { kind: "integer" }, nullable: false, identity: { always: false } },
        { name: "doc", type: { kind: "json", binary: false }, nullable: true },
        {
          name: "at",
          type: { kind: "timestamp", withTimeZone: false, precision: 0 },
          nullable: false,
          default: { kind: "expression", sql: "CURRENT_TIMESTAMP" },
        },
        {
          name: "name",
          type: { kind: "varchar", length: 20 },
          nullable: true,
          default: { kind: "literal", value: "NULL" },
        },
      ],
      primaryKey: { columns: ["id"] },
      foreignKeys: [],
      uniques: [],
      indexes: [
        { name: "fx", keys: [{ expression: "lower(`name`)" }, { column: "id", descending: true }], unique: false },
      ],
      checks: [{ name: "t_chk_1", expression: "`id` > 0" }],
    },
  ]);
  expect(live.unmanaged).toEqual([
    { kind: "constraint", name: 'column "at" ON UPDATE CURRENT_TIMESTAMP', table: "t" },
    { kind: "constraint", name: "t_chk_2", table: "t" },
    { kind: "index", name: "quiet", table: "t" },
  ]);
});
