import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mysqlLossy } from "../../../src/dialect/mysql/mysql-lossy.ts";
import { quoteIdent } from "../../../src/dialect/mysql/mysql-quote.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import type { Column } from "../../../src/schema/ir.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";
import { col, id, mysql, renderPlace, table } from "./render-place.ts";

describe("MySQL lossy counts run on MariaDB", () => {
  let db: MysqlTestDatabase;
  beforeEach(async () => {
    db = await freshMysqlDatabase("render");
  });
  afterEach(async () => {
    await db.dispose();
  });
  const { apply } = renderPlace(() => db);

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
        { kind: "timestamp", withTimeZone: false, precision: 0 },
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
});
