import type { Driver } from "../../../src/core/driver.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { Column, ColumnType, LiveSchema } from "../../../src/schema/ir.ts";
import type { ColumnChange, Operation } from "../../../src/schema/operation.ts";
import { fk, type LossyData, tableL } from "./lossy-data.ts";

/** An alterColumn of `l.<name>` to `type` (and `extra`), with `changes`. */
export function retype(
  live: LiveSchema,
  name: string,
  type: ColumnType,
  changes: ColumnChange[] = ["type"],
  extra: Partial<Column> = {},
): Operation {
  const from = tableL(live).columns.find((c) => c.name === name) as Column;
  return { kind: "alterColumn", table: "l", from, to: { ...from, type, ...extra }, changes };
}

/** PostgreSQL: column changes are ALTERs, each case on its own column of `l`. */
export const postgresLossy: LossyData = {
  dialect: postgresDialect,
  setup: `
  CREATE TABLE parent (id integer PRIMARY KEY);
  INSERT INTO parent VALUES (1);
  CREATE TABLE l (
    id integer PRIMARY KEY, nn text, v varchar(10), s text, b bigint, d numeric(10,4), f double precision,
    tz timestamptz, ts timestamp, i integer, u text, k integer, p integer, ck integer, bo text, uu text);
  INSERT INTO l VALUES
    (1, 'x',  'abc',        '12',  1,           123456.1234, 1.5,  '2024-01-01 10:00+00', '2024-01-01 00:00', 0,    'a',  1,    1,    1,    'yes',   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
    (2, NULL, 'abcdefgh',   ' 7',  3000000000,  9999.999,    2,    NULL,                  '2024-01-01 10:00', 1,    'a',  1,    99,   -1,   'no',    'nope'),
    (3, 'y',  'abcdefghij', 'x',   -3000000000, 12.5,        NULL, '2024-06-01 00:00+00', NULL,               2,    'b',  NULL, NULL, NULL, 'maybe', NULL),
    (4, NULL, NULL,         '1.5', NULL,        NULL,        3e9,  NULL,                  NULL,               -1,   NULL, 2,    1,    5,    't',     NULL),
    (5, 'z',  '  abcde   ', NULL,  5,           0,           -0.5, NULL,                  NULL,               NULL, NULL, 3,    1,    0,    NULL,    NULL);
`,
  cases: [
    [
      "set_not_null",
      (live) => retype(live, "nn", { kind: "text" }, ["nullable"], { nullable: false }),
      { set_not_null: 2 },
    ],
    ["varchar_length", (live) => retype(live, "v", { kind: "varchar", length: 5 }), { varchar_length: 3 }],
    ["text_cast integer", (live) => retype(live, "s", { kind: "integer" }), { text_cast: 2 }],
    ["text_cast boolean", (live) => retype(live, "bo", { kind: "boolean" }), { text_cast: 1 }],
    ["text_cast uuid", (live) => retype(live, "uu", { kind: "uuid" }), { text_cast: 1 }],
    ["integer_range", (live) => retype(live, "b", { kind: "integer" }), { integer_range: 2 }],
    [
      "decimal",
      (live) => retype(live, "d", { kind: "decimal", precision: 6, scale: 2 }),
      { decimal_precision: 2, decimal_scale: 2 },
    ],
    ["to_integer", (live) => retype(live, "f", { kind: "integer" }), { integer_range: 1, to_integer: 2 }],
    ["to_integer in range", (live) => retype(live, "f", { kind: "bigint" }), { integer_range: 0, to_integer: 2 }],
    ["drop_timezone", (live) => retype(live, "tz", { kind: "timestamp", withTimeZone: false }), { drop_timezone: 2 }],
    ["to_date", (live) => retype(live, "ts", { kind: "date" }), { to_date: 1 }],
    ["to_boolean", (live) => retype(live, "i", { kind: "boolean" }), { to_boolean: 2 }],
    ["add_unique", () => ({ kind: "addUnique", table: "l", unique: { columns: ["u"] } }), { add_unique: 2 }],
    [
      "add_unique over distinct rows",
      () => ({ kind: "addUnique", table: "l", unique: { columns: ["id", "u"] } }),
      { add_unique: 0 },
    ],
    [
      "add_primary_key",
      () => ({ kind: "setPrimaryKey", table: "l", from: { name: "l_pkey", columns: ["id"] }, to: { columns: ["k"] } }),
      { add_primary_key: 3 },
    ],
    ["add_foreign_key", () => ({ kind: "addForeignKey", table: "l", foreignKey: fk }), { add_foreign_key: 1 }],
    ["add_check", () => ({ kind: "addCheck", table: "l", check: { expression: "ck > 0" } }), { add_check: 2 }],
    [
      "add_not_null",
      () => ({ kind: "addColumn", table: "l", column: { name: "fresh", type: { kind: "text" }, nullable: false } }),
      { add_not_null: 5 },
    ],
  ],
  async runs(driver: Driver, _live: LiveSchema, op: Operation): Promise<boolean> {
    const rollback = new Error("rollback");
    try {
      await driver.transaction(async (tx) => {
        for (const step of renderOperations([op], postgresDialect, { unmanaged: [], tables: [] }))
          await tx.execute(step.sql);
        throw rollback;
      });
    } catch (error) {
      return error === rollback;
    }
    return true;
  },
};
