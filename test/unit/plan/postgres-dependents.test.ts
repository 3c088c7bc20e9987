import { describe, expect, test } from "bun:test";
import { PormgError } from "../../../src/core/errors.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { RenderContext } from "../../../src/plan/render-context.ts";
import type { LiveDependents } from "../../../src/schema/dependents.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { col, table } from "./fixtures.ts";

const dependents: LiveDependents = {
  readers: [
    { kind: "view", view: { name: "item_names" }, table: "item", columns: ["name"] },
    { kind: "view", view: { name: "item_count" }, table: "item", columns: [] },
    { kind: "materialized_view", view: { name: "prices", schema: "reports" }, table: "item", columns: ["price"] },
  ],
  inheritance: [
    { parent: { name: "animal" }, child: { name: "dog" }, columns: ["id", "name"], checks: ["named"] },
    { parent: { name: "animal" }, child: { name: "cat", schema: "zoo" }, columns: ["id", "name"], checks: ["named"] },
  ],
};
const context: RenderContext = { unmanaged: [], tables: [], dependents };

function refusal(ops: Operation[], ctx: RenderContext = context): PormgError {
  try {
    renderOperations(ops, postgresDialect, ctx);
  } catch (e) {
    if (e instanceof PormgError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

const text = col("name");
const int = col("price", { kind: "integer" });

describe("postgresql: views reading a table refuse the changes PostgreSQL would reject", () => {
  test("DROP TABLE names every view reading it, in any schema, also those reading it as a whole", () => {
    const e = refusal([{ kind: "dropTable", table: table("item", [text, int]) }]);
    expect(e.code).toBe("PLAN_REFUSED");
    expect(e.message).toContain(
      'Dropping table "item" would break view "item_names", view "item_count", materialized view "reports.prices"',
    );
  });

  test("DROP COLUMN and a type change name the views that read that column", () => {
    expect(refusal([{ kind: "dropColumn", table: "item", column: text }]).message).toContain(
      'Dropping column "name" of "item" would break view "item_names", which still reads it',
    );
    const retype: Operation = {
      kind: "alterColumn",
      table: "item",
      from: int,
      to: { ...int, type: { kind: "bigint" } },
      changes: ["type"],
    };
    expect(refusal([retype]).message).toContain('materialized view "reports.prices"');
    const recollate: Operation = {
      kind: "alterColumn",
      table: "item",
      from: text,
      to: { ...text, collation: "C" },
      changes: ["collation"],
    };
    expect(refusal([recollate]).message).toContain('Changing the type of column "name" of "item" (collation)');
    const regenerate: Operation = {
      kind: "alterColumn",
      table: "item",
      from: { ...int, generated: { expression: "1", stored: true } },
      to: { ...int, generated: { expression: "2", stored: true } },
      changes: ["generated"],
    };
    expect(refusal([regenerate]).message).toContain(
      'Re-creating generated column "price" of "item" (DROP COLUMN and ADD COLUMN, generated) would break materialized view "reports.prices"',
    );
  });

  test("columns nobody reads, other changes and renames plan as usual; live names are followed", () => {
    const ok: Operation[] = [
      { kind: "dropColumn", table: "item", column: col("note") },
      { kind: "alterColumn", table: "item", from: text, to: { ...text, nullable: false }, changes: ["nullable"] },
      { kind: "renameColumn", table: "item", from: "name", to: "title" },
      { kind: "renameTable", from: "item", to: "product" },
    ];
    expect(renderOperations(ok, postgresDialect, context).length).toBe(4);
    const renamed = refusal([
      { kind: "renameTable", from: "item", to: "product" },
      { kind: "dropColumn", table: "product", column: text },
    ]);
    expect(renamed.message).toContain('Dropping column "name" of "item" would break view "item_names"');
  });

  test("every reason is listed, in details too", () => {
    const e = refusal([
      { kind: "dropColumn", table: "item", column: text },
      { kind: "dropColumn", table: "item", column: int },
    ]);
    expect(e.message).toContain("The plan cannot be written (2 reasons)");
    expect((e.details.refusals as unknown[]).length).toBe(2);
  });
});

describe("postgresql: table inheritance", () => {
  const name = col("name");
  test("a parent's column drop, add, change and rename, and its table drop, name the children", () => {
    const cases: [Operation, string][] = [
      [{ kind: "dropColumn", table: "animal", column: name }, 'also drop "name" from each of them, with its values'],
      [{ kind: "addColumn", table: "animal", column: col("legs") }, 'add "legs" to each of them too'],
      [
        { kind: "alterColumn", table: "animal", from: name, to: { ...name, nullable: false }, changes: ["nullable"] },
        'make the same change to "name" of each of them',
      ],
      [{ kind: "renameColumn", table: "animal", from: "name", to: "title" }, "rename it in each of them too"],
      [{ kind: "dropTable", table: table("animal", [name]) }, 'refuse to drop "animal" without CASCADE'],
      [{ kind: "addCheck", table: "animal", check: { expression: "id > 0" } }, "add the CHECK to each of them too"],
      [
        { kind: "dropCheck", table: "animal", check: { name: "named", expression: "name <> ''" } },
        "drop it from each of them too",
      ],
    ];
    for (const [op, effect] of cases) {
      const e = refusal([op]);
      expect(e.message).toContain('tables "dog", "zoo.cat" inherit from "animal"');
      expect(e.message).toContain(effect);
      expect(e.message).toContain("managed: false");
    }
  });

  test("on a child, inherited columns and checks cannot be dropped, renamed or retyped", () => {
    expect(refusal([{ kind: "dropColumn", table: "dog", column: name }]).message).toContain(
      'Dropping column "name" of "dog": it is inherited from "animal"',
    );
    const retype: Operation = {
      kind: "alterColumn",
      table: "dog",
      from: name,
      to: { ...name, type: { kind: "varchar", length: 9 } },
      changes: ["type"],
    };
    expect(refusal([retype]).message).toContain("PostgreSQL only changes an inherited column on the parent");
    expect(refusal([{ kind: "dropCheck", table: "dog", check: { name: "named", expression: "x" } }]).message).toContain(
      'Dropping CHECK "named" of "dog": it is inherited from "animal"',
    );
  });

  test("what is not inherited plans as usual: indexes, uniques, keys, a child's own columns, a child's default, dropping a child", () => {
    const ok: Operation[] = [
      { kind: "createIndex", table: "animal", index: { keys: [{ column: "name" }], unique: false } },
      { kind: "addCheck", table: "animal", check: { expression: "id > 0", noInherit: true } },
      { kind: "addUnique", table: "animal", unique: { columns: ["name"] } },
      { kind: "addColumn", table: "dog", column: col("good") },
      { kind: "dropColumn", table: "dog", column: col("owner") },
      {
        kind: "alterColumn",
        table: "dog",
        from: name,
        to: { ...name, default: { kind: "literal", value: "rex" } },
        changes: ["default"],
      },
      { kind: "dropTable", table: table("dog", [name]) },
    ];
    expect(renderOperations(ok, postgresDialect, context).length).toBe(ok.length);
  });
});

describe("tables created over names the database gives to unmanaged objects", () => {
  const create = (name: string): Operation => ({ kind: "createTable", table: table(name, []) });
  test("postgresql: a partition, a partitioned table, a view, a type", () => {
    const unmanaged: RenderContext["unmanaged"] = [
      { kind: "partition", name: "measurements" },
      { kind: "partition", name: "measurements_2024", table: "measurements" },
      { kind: "view", name: "report" },
      { kind: "type", name: "mood" },
    ];
    const e = refusal(["measurements", "measurements_2024", "report", "mood"].map(create), { unmanaged, tables: [] });
    const reasons = (e.details.refusals as { reason: string }[]).map((r) => r.reason);
    expect(reasons[0]).toContain('"measurements" in the database is a partitioned table');
    expect(reasons[1]).toContain('"measurements_2024" in the database is a partition of "measurements"');
    expect(reasons[2]).toContain("is a view");
    expect(reasons[3]).toContain("is a type");
  });

  test("sqlite: a view, whatever its case", () => {
    const e = (() => {
      try {
        renderOperations([create("report")], sqliteDialect, {
          unmanaged: [{ kind: "view", name: "Report" }],
          tables: [],
        });
      } catch (error) {
        return error as PormgError;
      }
      throw new Error("expected a refusal");
    })();
    expect(e.message).toContain('"Report" in the database is a view');
  });
});
