import { renderPostgresSchema } from "../../../src/dialect/postgres/postgres-ddl.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import type { Schema } from "../../../src/schema/ir.ts";
import type { RoundTripData } from "./roundtrip-data.ts";

const shop: Schema = {
  dialect: "postgresql",
  tables: [
    {
      name: "customer",
      columns: [
        { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: false } },
        { name: "email", type: { kind: "varchar", length: 254 }, nullable: false },
        { name: "name", type: { kind: "text" }, nullable: true, default: { kind: "literal", value: 'it\'s "quoted"' } },
        { name: "active", type: { kind: "boolean" }, nullable: false, default: { kind: "literal", value: true } },
        {
          name: "balance",
          type: { kind: "decimal", precision: 12, scale: 2 },
          nullable: false,
          default: { kind: "literal", value: -1.5 },
        },
        {
          name: "created",
          type: { kind: "timestamp", withTimeZone: true },
          nullable: false,
          default: { kind: "expression", sql: "now()" },
        },
        {
          name: "token",
          type: { kind: "uuid" },
          nullable: false,
          default: { kind: "expression", sql: "gen_random_uuid()" },
        },
        {
          name: "meta",
          type: { kind: "json", binary: true },
          nullable: true,
          default: { kind: "literal", value: "{}" },
        },
      ],
      primaryKey: { columns: ["id"] },
      foreignKeys: [],
      uniques: [{ columns: ["email"] }],
      indexes: [
        { keys: [{ expression: "lower(name)" }], unique: false, name: "customer_lower_name_idx" },
        { keys: [{ column: "created", descending: true }, { column: "active" }], unique: false },
        { keys: [{ column: "email" }], unique: true, where: "active", name: "customer_active_email" },
        { keys: [{ column: "meta" }], unique: false, method: "gin" },
      ],
      checks: [{ name: "customer_balance_check", expression: "balance >= '-100'::integer::numeric" }],
    },
    {
      name: "order",
      columns: [
        { name: "id", type: { kind: "integer" }, nullable: false, identity: { always: false, serial: true } },
        { name: "customer_id", type: { kind: "bigint" }, nullable: false },
        {
          name: "placed",
          type: { kind: "date" },
          nullable: false,
          default: { kind: "expression", sql: "CURRENT_DATE" },
        },
        { name: "qty", type: { kind: "smallint" }, nullable: false, default: { kind: "literal", value: 1 } },
        { name: "note", type: { kind: "native", sql: "character(5)" }, nullable: true },
        { name: "addr", type: { kind: "native", sql: "macaddr" }, nullable: true },
        {
          name: "tags",
          type: { kind: "native", sql: "integer[]" },
          nullable: true,
          default: { kind: "literal", value: "{1,2}" },
        },
        {
          name: "huge",
          type: { kind: "bigint" },
          nullable: true,
          default: { kind: "literal", value: "9007199254740993" },
        },
      ],
      primaryKey: { columns: ["id"] },
      foreignKeys: [
        {
          columns: ["customer_id"],
          references: { table: "customer", columns: ["id"] },
          onDelete: "CASCADE",
          onUpdate: "NO ACTION",
          deferred: true,
        },
      ],
      uniques: [],
      indexes: [{ keys: [{ column: "customer_id" }], unique: false }],
      checks: [{ name: "order_qty_check", expression: "qty > 0" }],
    },
  ],
};

const composite: Schema = {
  dialect: "postgresql",
  tables: [
    {
      name: 'Mixed"Case',
      columns: [
        { name: "Key A", type: { kind: "integer" }, nullable: false },
        { name: "select", type: { kind: "text" }, nullable: false },
        { name: "n", type: { kind: "bigint" }, nullable: false, identity: { always: true } },
        { name: "r", type: { kind: "real" }, nullable: true, default: { kind: "literal", value: 0.5 } },
        { name: "d", type: { kind: "double" }, nullable: true },
        { name: "i", type: { kind: "interval" }, nullable: true, default: { kind: "literal", value: "1 day" } },
        { name: "t", type: { kind: "time" }, nullable: true },
        { name: "ts", type: { kind: "timestamp", withTimeZone: false }, nullable: true },
        { name: "b", type: { kind: "bytes" }, nullable: true },
        { name: "ip", type: { kind: "inet" }, nullable: true },
        { name: "net", type: { kind: "cidr" }, nullable: true },
        { name: "j", type: { kind: "json", binary: false }, nullable: true },
        { name: "dec", type: { kind: "decimal" }, nullable: true },
        { name: "dec10", type: { kind: "decimal", precision: 10, scale: 0 }, nullable: true },
      ],
      primaryKey: { name: "mixed_pk", columns: ["select", "Key A"] },
      foreignKeys: [],
      uniques: [{ columns: ["n", "select"] }, { name: "custom_unique", columns: ["r"] }],
      indexes: [],
      checks: [],
    },
    {
      name: "user",
      columns: [
        { name: "group", type: { kind: "text" }, nullable: false },
        { name: "key a", type: { kind: "integer" }, nullable: false },
        { name: "boss_group", type: { kind: "text" }, nullable: true },
        { name: "boss_key", type: { kind: "integer" }, nullable: true },
        { name: "sid", type: { kind: "smallint" }, nullable: false, identity: { always: false, serial: true } },
      ],
      primaryKey: { columns: ["group", "key a"] },
      foreignKeys: [
        {
          columns: ["group", "key a"],
          references: { table: 'Mixed"Case', columns: ["select", "Key A"] },
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
      uniques: [],
      indexes: [
        { keys: [{ column: "boss_group" }, { column: "boss_key" }], unique: false, where: "boss_key IS NOT NULL" },
      ],
      checks: [],
    },
  ],
};

/** Two tables that reference each other: only separate FK statements can create them. */
const cycle: Schema = {
  dialect: "postgresql",
  tables: ["a", "b"].map((name) => ({
    name,
    columns: [
      { name: "id", type: { kind: "bigint" } as const, nullable: false, identity: { always: false } },
      { name: "other_id", type: { kind: "bigint" } as const, nullable: true },
    ],
    primaryKey: { columns: ["id"] },
    foreignKeys: [
      {
        columns: ["other_id"],
        references: { table: name === "a" ? "b" : "a", columns: ["id"] },
        onDelete: "NO ACTION" as const,
        onUpdate: "NO ACTION" as const,
        deferred: true,
      },
    ],
    uniques: [],
    indexes: [],
    checks: [],
  })),
};

/** PostgreSQL's round-trip schemas, its DDL script, and the schema the fixed-point test re-reads. */
export const postgresRoundTrip: RoundTripData = {
  dialect: postgresDialect,
  scripts: (schema) => [renderPostgresSchema(schema).join("\n")],
  readsNormalized: false,
  cases: [
    ["shop (defaults, identity, serial, expression/partial/gin/DESC indexes, checks)", shop],
    ["composite keys, quoted and reserved names, every canonical type", composite],
    ["foreign-key cycle", cycle],
  ],
  fixedPoint: shop,
};
