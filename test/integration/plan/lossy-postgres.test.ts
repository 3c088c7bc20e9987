import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { Column, ColumnType, Table } from "../../../src/schema/ir.ts";
import type { ColumnChange, Operation } from "../../../src/schema/operation.ts";
import { createTestSchema, type TestSchema } from "../introspect/postgres-helpers.ts";
import { applyPostgres, count } from "./apply.ts";

let db: TestSchema;
let live: Table;

// Five rows; each column is shaped for one finding. Comments give the expected counts.
const setup = `
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
`;

beforeAll(async () => {
  db = await createTestSchema();
  await db.run(setup);
  const schema = await db.introspect();
  live = schema.schema.tables.find((t) => t.name === "l") as Table;
});
afterAll(async () => {
  await db?.dispose();
});

function retype(
  name: string,
  type: ColumnType,
  changes: ColumnChange[] = ["type"],
  extra: Partial<Column> = {},
): Operation {
  const from = live.columns.find((c) => c.name === name) as Column;
  return { kind: "alterColumn", table: "l", from, to: { ...from, type, ...extra }, changes };
}

/** Whether the rendered op runs on the live rows (always rolled back). */
async function runs(op: Operation): Promise<boolean> {
  const rollback = new Error("rollback");
  try {
    await db.driver.transaction(async (tx) => {
      for (const step of renderOperations([op], postgresDialect, { unmanaged: [], tables: [] }))
        await tx.execute(step.sql);
      throw rollback;
    });
  } catch (error) {
    return error === rollback;
  }
  return true;
}

const fk = {
  columns: ["p"],
  references: { table: "parent", columns: ["id"] },
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferred: false,
} as const;

describe("postgres lossy findings: counts match the rows, and rows findings match failures", () => {
  const cases: [string, () => Operation, Record<string, number>][] = [
    ["set_not_null", () => retype("nn", { kind: "text" }, ["nullable"], { nullable: false }), { set_not_null: 2 }],
    ["varchar_length", () => retype("v", { kind: "varchar", length: 5 }), { varchar_length: 3 }],
    ["text_cast integer", () => retype("s", { kind: "integer" }), { text_cast: 2 }],
    ["text_cast boolean", () => retype("bo", { kind: "boolean" }), { text_cast: 1 }],
    ["text_cast uuid", () => retype("uu", { kind: "uuid" }), { text_cast: 1 }],
    ["integer_range", () => retype("b", { kind: "integer" }), { integer_range: 2 }],
    [
      "decimal",
      () => retype("d", { kind: "decimal", precision: 6, scale: 2 }),
      { decimal_precision: 2, decimal_scale: 2 },
    ],
    ["to_integer", () => retype("f", { kind: "integer" }), { integer_range: 1, to_integer: 2 }],
    ["to_integer in range", () => retype("f", { kind: "bigint" }), { integer_range: 0, to_integer: 2 }],
    ["drop_timezone", () => retype("tz", { kind: "timestamp", withTimeZone: false }), { drop_timezone: 2 }],
    ["to_date", () => retype("ts", { kind: "date" }), { to_date: 1 }],
    ["to_boolean", () => retype("i", { kind: "boolean" }), { to_boolean: 2 }],
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
  ];
  for (const [name, make, expected] of cases) {
    test(name, async () => {
      const op = make();
      const findings = classifyChanges([op], postgresDialect);
      const counted: Record<string, number> = {};
      for (const f of findings) {
        expect(f.countSql).toBeDefined();
        counted[f.reason.split(/[ :]/)[0] as string] = await count(db.driver, f.countSql as string);
      }
      expect(counted).toEqual(expected);
      const failing = findings.some((f) => f.kind === "rows" && counted[f.reason.split(/[ :]/)[0] as string] !== 0);
      expect(await runs(op)).toBe(!failing);
    });
  }

  test("a finding on a renamed table and column counts on the live names", async () => {
    const ops: Operation[] = [
      { kind: "renameTable", from: "l", to: "l2" },
      { kind: "renameColumn", table: "l2", from: "nn", to: "nn2" },
      {
        ...(retype("nn", { kind: "text" }, ["nullable"], { nullable: false, name: "nn2" }) as object),
        table: "l2",
      } as Operation,
    ];
    const [finding] = classifyChanges(ops, postgresDialect);
    expect(finding).toMatchObject({ table: "l2", column: "nn2" });
    expect(await count(db.driver, finding?.countSql as string)).toBe(2);
    await expect(
      applyPostgres(db.driver, renderOperations(ops, postgresDialect, { unmanaged: [], tables: [] })),
    ).rejects.toThrow(/null/);
  });
});
