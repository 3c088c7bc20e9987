import type { Driver } from "../../../src/core/driver.ts";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { quoteIdent } from "../../../src/dialect/mysql/mysql-quote.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { createMysqlDatabase, dropMysqlDatabase } from "../../lib/mysql.ts";
import { fk, type LossyData } from "./lossy-data.ts";
import { retype } from "./lossy-postgres-data.ts";

/**
 * Runs `fn` connected (by `USE`) to a scratch database holding copies of `parent` and `l`, then
 * drops it: MySQL has no transactional DDL, so an ALTER cannot be rolled back on the live rows.
 */
async function inScratchCopy<T>(driver: Driver, fn: () => Promise<T>): Promise<T> {
  const [row] = await driver.query<{ db: string }>("SELECT DATABASE() AS db");
  const home = quoteIdent(String(row?.db));
  const scratch = await createMysqlDatabase("lossy");
  try {
    for (const t of ["parent", "l"]) {
      await driver.execute(`CREATE TABLE ${quoteIdent(scratch)}.${t} LIKE ${home}.${t}`);
      await driver.execute(`INSERT INTO ${quoteIdent(scratch)}.${t} SELECT * FROM ${home}.${t}`);
    }
    await driver.execute(`USE ${quoteIdent(scratch)}`);
    try {
      return await fn();
    } finally {
      await driver.execute(`USE ${home}`);
    }
  } finally {
    await dropMysqlDatabase(scratch);
  }
}

/** MySQL: column changes are MODIFY COLUMNs (strict mode fails on what does not fit), each case on its own column of `l`. */
export const mysqlLossy: LossyData = {
  dialect: mysqlDialect,
  setup: `
  CREATE TABLE parent (id int PRIMARY KEY);
  INSERT INTO parent VALUES (1);
  CREATE TABLE l (
    id int PRIMARY KEY, nn text, v varchar(10), s varchar(20), b bigint, d decimal(10,4), f double,
    ts datetime(6), i int, u varchar(10), k int, p int, ck int);
  INSERT INTO l VALUES
    (1, 'x',  'abc',        '12',  1,           123456.1234, 1.5,  '2024-01-01 00:00:00',     0,    'a',  1,    1,    1),
    (2, NULL, 'abcdefgh',   ' 7',  3000000000,  9999.999,    2,    '2024-01-01 10:00:00',     1,    'a',  1,    99,   -1),
    (3, 'y',  'abcdefghij', 'x',   -3000000000, 12.5,        NULL, NULL,                      2,    'b',  NULL, NULL, NULL),
    (4, NULL, NULL,         '1.5', NULL,        NULL,        3e9,  NULL,                      -1,   NULL, 2,    1,    5),
    (5, 'z',  '  abcde   ', NULL,  5,           0,           -0.5, '2024-01-02 00:00:00.500', NULL, NULL, 3,    1,    0);
`,
  cases: [
    [
      "set_not_null",
      (live) => retype(live, "nn", { kind: "text" }, ["nullable"], { nullable: false }),
      { set_not_null: 2 },
    ],
    ["varchar_length", (live) => retype(live, "v", { kind: "varchar", length: 5 }), { varchar_length: 3 }],
    ["text_cast integer", (live) => retype(live, "s", { kind: "integer" }), { text_cast: 2 }],
    ["integer_range", (live) => retype(live, "b", { kind: "integer" }), { integer_range: 2 }],
    [
      "decimal",
      (live) => retype(live, "d", { kind: "decimal", precision: 6, scale: 2 }),
      { decimal_precision: 2, decimal_scale: 2 },
    ],
    ["to_integer", (live) => retype(live, "f", { kind: "integer" }), { integer_range: 1, to_integer: 2 }],
    ["to_integer in range", (live) => retype(live, "f", { kind: "bigint" }), { integer_range: 0, to_integer: 2 }],
    [
      "time_precision",
      (live) => retype(live, "ts", { kind: "timestamp", withTimeZone: false, precision: 0 }),
      { time_precision: 1 },
    ],
    ["to_date", (live) => retype(live, "ts", { kind: "date" }), { to_date: 2 }],
    ["add_unique", () => ({ kind: "addUnique", table: "l", unique: { columns: ["u"] } }), { add_unique: 2 }],
    [
      "add_unique over distinct rows",
      () => ({ kind: "addUnique", table: "l", unique: { columns: ["id", "u"] } }),
      { add_unique: 0 },
    ],
    [
      "add_primary_key",
      () => ({ kind: "setPrimaryKey", table: "l", from: { columns: ["id"] }, to: { columns: ["k"] } }),
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
  fills: ["add_not_null"],
  /** Whether the rendered steps run on a copy of the live rows (MySQL cannot roll an ALTER back). */
  async runs(driver: Driver, live: LiveSchema, op: Operation): Promise<boolean> {
    return inScratchCopy(driver, async () => {
      try {
        for (const step of renderOperations([op], mysqlDialect, renderContext(live))) await driver.execute(step.sql);
        return true;
      } catch {
        return false;
      }
    });
  },
};
