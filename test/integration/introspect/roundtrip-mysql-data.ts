import { renderMysqlSchema } from "../../../src/dialect/mysql/mysql-ddl.ts";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import type { Column, Schema, Table } from "../../../src/schema/ir.ts";
import type { RoundTripData } from "./roundtrip-data.ts";

function table(name: string, columns: Column[], rest: Partial<Omit<Table, "name" | "columns">> = {}): Table {
  return { name, columns, foreignKeys: [], uniques: [], indexes: [], checks: [], ...rest };
}

const col = (name: string, type: Column["type"], nullable = true, extra: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable,
  ...extra,
});

const shop: Schema = {
  dialect: "mysql",
  tables: [
    table(
      "customer",
      [
        col("id", { kind: "bigint" }, false, { identity: { always: false } }),
        col("email", { kind: "varchar", length: 254 }, false),
        col("name", { kind: "varchar", length: 100 }, true, { default: { kind: "literal", value: 'it\'s "quoted"' } }),
        col("active", { kind: "boolean" }, false, { default: { kind: "literal", value: true } }),
        col("balance", { kind: "decimal", precision: 12, scale: 2 }, false, {
          default: { kind: "literal", value: -1.5 },
        }),
        col("created", { kind: "timestamp", withTimeZone: false, precision: 0 }, false, {
          default: { kind: "expression", sql: "CURRENT_TIMESTAMP" },
        }),
        col("token", { kind: "uuid" }, true),
        col("meta", { kind: "json", binary: false }, true),
      ],
      {
        primaryKey: { columns: ["id"] },
        // A unique index over plain columns is a unique constraint on MySQL: it reads back as one.
        uniques: [{ columns: ["email"] }, { name: "customer_name_unique", columns: ["name"] }],
        indexes: [{ keys: [{ column: "created", descending: true }, { column: "active" }], unique: false }],
        checks: [{ name: "customer_balance_check", expression: "`balance` >= -100" }],
      },
    ),
    table(
      "order",
      [
        col("id", { kind: "integer" }, false, { identity: { always: false } }),
        col("customer_id", { kind: "bigint" }, false),
        col("placed", { kind: "date" }, true),
        col("qty", { kind: "smallint" }, false, { default: { kind: "literal", value: 1 } }),
        col("note", { kind: "native", sql: "char(5)" }),
        col("huge", { kind: "bigint" }, true, { default: { kind: "literal", value: "9007199254740993" } }),
      ],
      {
        primaryKey: { columns: ["id"] },
        foreignKeys: [
          {
            columns: ["customer_id"],
            references: { table: "customer", columns: ["id"] },
            onDelete: "CASCADE",
            onUpdate: "NO ACTION",
            deferred: false,
          },
        ],
        indexes: [{ keys: [{ column: "placed" }, { column: "qty" }], unique: false }],
        checks: [{ name: "order_qty_check", expression: "`qty` > 0" }],
      },
    ),
  ],
};

const composite: Schema = {
  dialect: "mysql",
  tables: [
    table(
      "Mixed`Case",
      [
        col("Key A", { kind: "integer" }, false),
        col("select", { kind: "varchar", length: 40 }, false),
        col("r", { kind: "real" }, true, { default: { kind: "literal", value: 0.5 } }),
        col("d", { kind: "double" }),
        col("t", { kind: "time" }),
        col("ts", { kind: "timestamp", withTimeZone: false }),
        col("b", { kind: "bytes" }),
        col("txt", { kind: "text" }),
        col("dec10", { kind: "decimal", precision: 10, scale: 0 }),
        col("nat", { kind: "native", sql: "mediumint" }),
      ],
      {
        primaryKey: { columns: ["select", "Key A"] },
        uniques: [{ name: "custom_unique", columns: ["r"] }],
      },
    ),
    table(
      "user",
      [
        col("group", { kind: "varchar", length: 40 }, false),
        col("key a", { kind: "integer" }, false),
        col("boss_group", { kind: "varchar", length: 40 }),
        col("boss_key", { kind: "integer" }),
      ],
      {
        primaryKey: { columns: ["group", "key a"] },
        foreignKeys: [
          {
            columns: ["group", "key a"],
            references: { table: "Mixed`Case", columns: ["select", "Key A"] },
            onDelete: "RESTRICT",
            onUpdate: "CASCADE",
            deferred: false,
          },
          {
            name: "user_boss",
            columns: ["boss_group", "boss_key"],
            references: { table: "user", columns: ["group", "key a"] },
            onDelete: "SET NULL",
            onUpdate: "NO ACTION",
            deferred: false,
          },
        ],
      },
    ),
  ],
};

/** Two tables that reference each other: only separate FK statements can create them. */
const cycle: Schema = {
  dialect: "mysql",
  tables: ["a", "b"].map((name) =>
    table(
      name,
      [col("id", { kind: "bigint" }, false, { identity: { always: false } }), col("other_id", { kind: "bigint" })],
      {
        primaryKey: { columns: ["id"] },
        foreignKeys: [
          {
            columns: ["other_id"],
            references: { table: name === "a" ? "b" : "a", columns: ["id"] },
            onDelete: "RESTRICT",
            onUpdate: "RESTRICT",
            deferred: false,
          },
        ],
      },
    ),
  ),
};

/** MySQL's round-trip schemas (MariaDB has no functional or partial index), its DDL script, and the fixed-point schema. */
export const mysqlRoundTrip: RoundTripData = {
  dialect: mysqlDialect,
  scripts: (schema) => renderMysqlSchema(schema),
  readsNormalized: false,
  cases: [
    ["shop (defaults, auto-increment, DESC and unique indexes, checks, FK actions)", shop],
    ["composite keys, quoted and reserved names, the canonical types MySQL has", composite],
    ["foreign-key cycle", cycle],
  ],
  fixedPoint: shop,
};
