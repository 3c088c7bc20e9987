import { renderSqliteSchema } from "../../../src/dialect/sqlite/sqlite-ddl.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
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
  dialect: "sqlite",
  tables: [
    table(
      "customers",
      [
        col("id", { kind: "bigint" }, false, { identity: { always: false } }),
        col("email", { kind: "varchar", length: 254 }, false),
        col("name", { kind: "text" }),
        col("active", { kind: "boolean" }, false, { default: { kind: "literal", value: true } }),
        col("blocked", { kind: "boolean" }, false, { default: { kind: "literal", value: false } }),
        col("created", { kind: "timestamp", withTimeZone: false }, false, {
          default: { kind: "expression", sql: "CURRENT_TIMESTAMP" },
        }),
        col("note", { kind: "text" }, true, { default: { kind: "literal", value: 'it\'s "new"' } }),
      ],
      {
        primaryKey: { columns: ["id"] },
        uniques: [{ columns: ["email"] }],
        indexes: [
          { keys: [{ expression: "lower(email)" }], unique: true },
          { name: "customers_active", keys: [{ column: "created", descending: true }], unique: false, where: "active" },
        ],
      },
    ),
    table(
      "orders",
      [
        col("id", { kind: "bigint" }, false, { identity: { always: false } }),
        col("customer_id", { kind: "bigint" }, false),
        col("total", { kind: "decimal", precision: 10, scale: 2 }, false, { default: { kind: "literal", value: 0 } }),
        col("discount", { kind: "double" }, true, { default: { kind: "literal", value: -1.5 } }),
        col("due", { kind: "date" }, true, { default: { kind: "expression", sql: "date('now','+7 days')" } }),
        col("qty", { kind: "integer" }, false, { default: { kind: "literal", value: 1 } }),
      ],
      {
        primaryKey: { name: "orders_pk", columns: ["id"] },
        foreignKeys: [
          {
            columns: ["customer_id"],
            references: { table: "customers", columns: ["id"] },
            onDelete: "CASCADE",
            onUpdate: "NO ACTION",
            deferred: false,
          },
        ],
        indexes: [{ keys: [{ column: "customer_id" }, { column: "due" }], unique: false }],
        checks: [
          { expression: "qty >= 0" },
          { name: "orders_total_positive", expression: "total >= 0 AND total < 1e9" },
        ],
      },
    ),
  ],
};

const everyType: Schema = {
  dialect: "sqlite",
  tables: [
    table(
      "Select",
      [
        col("From", { kind: "smallint" }, false),
        col("Where", { kind: "varchar", length: 20 }, false),
        col('we"ird', { kind: "integer" }),
        col("b", { kind: "bigint" }),
        col("d", { kind: "double" }),
        col("dec", { kind: "decimal" }),
        col("dec5", { kind: "decimal", precision: 5 }),
        col("t", { kind: "time" }),
        col("iv", { kind: "interval" }),
        col("u", { kind: "uuid" }),
        col("j", { kind: "json", binary: false }),
        col("bin", { kind: "bytes" }),
        col("nat", { kind: "native", sql: "mediumint" }),
        col("untyped", { kind: "native", sql: "" }),
      ],
      {
        primaryKey: { name: "PK Select", columns: ["Where", "From"] },
        uniques: [{ name: "u named", columns: ['we"ird', "b"] }],
      },
    ),
    table(
      "child",
      [col("id", { kind: "bigint" }, false), col("w", { kind: "varchar", length: 20 }), col("f", { kind: "smallint" })],
      {
        primaryKey: { columns: ["id"] },
        foreignKeys: [
          {
            name: "child to select",
            columns: ["w", "f"],
            references: { table: "Select", columns: ["Where", "From"] },
            onDelete: "SET NULL",
            onUpdate: "CASCADE",
            deferred: false,
          },
        ],
      },
    ),
  ],
};

const cycle: Schema = {
  dialect: "sqlite",
  tables: ["a", "b"].map((name) =>
    table(name, [col("id", { kind: "bigint" }, false), col("other", { kind: "bigint" })], {
      primaryKey: { columns: ["id"] },
      foreignKeys: [
        {
          columns: ["other"],
          references: { table: name === "a" ? "b" : "a", columns: ["id"] },
          onDelete: "RESTRICT",
          onUpdate: "RESTRICT",
          deferred: false,
        },
      ],
    }),
  ),
};

/** SQLite's round-trip schemas and its DDL script. */
export const sqliteRoundTrip: RoundTripData = {
  dialect: sqliteDialect,
  scripts: (schema) => [renderSqliteSchema(schema).join(";\n")],
  readsNormalized: true,
  cases: [
    ["shop (identity, defaults, expression/partial/DESC indexes, checks, FK actions)", shop],
    ["every type, composite keys, quoted and reserved names", everyType],
    ["foreign-key cycle", cycle],
  ],
  fixedPoint: shop,
};
