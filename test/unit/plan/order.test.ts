import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { orderOperations } from "../../../src/plan/order.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import type { ForeignKey, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { DIALECTS } from "../../lib/dialects.ts";
import { col, schema, simulate, summary, table } from "./simulate.ts";

const id = col("id", "bigint", { nullable: false });
const pk = { primaryKey: { columns: ["id"] } };
const fk = (column: string, to: string): ForeignKey => ({
  columns: [column],
  references: { table: to, columns: ["id"] },
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferred: true,
});
const cyclic = (a = "a", b = "b"): Table[] => [
  table(a, [id, col(`${b}_id`, "bigint")], { ...pk, foreignKeys: [fk(`${b}_id`, b)] }),
  table(b, [id, col(`${a}_id`, "bigint")], { ...pk, foreignKeys: [fk(`${a}_id`, a)] }),
];

describe("orderOperations", () => {
  test("a foreign-key cycle: both tables first, then both keys (PostgreSQL)", async () => {
    const ops = await planOperations(schema("postgresql", []), schema("postgresql", cyclic()), postgresDialect);
    expect(ops.map(summary)).toEqual([
      "createTable a",
      "createTable b",
      "addForeignKey a (b_id)→b(id)",
      "addForeignKey b (a_id)→a(id)",
    ]);
    expect(() => simulate(schema("postgresql", []), ops)).not.toThrow();
  });

  test("dropping a foreign-key cycle: keys first, tables last (PostgreSQL)", async () => {
    const live = schema("postgresql", [...cyclic(), table("keep", [id], pk)]);
    const target = schema("postgresql", [table("keep", [id, col("x", "text")], pk)]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect));
    expect(ops.map(summary)).toEqual([
      "dropForeignKey a (b_id)→b(id)",
      "dropForeignKey b (a_id)→a(id)",
      "addColumn keep.x",
      "dropTable a",
      "dropTable b",
    ]);
    expect(() => simulate(live, ops)).not.toThrow();
  });

  test("SQLite: a rebuild follows the table's renames and adds; table drops come just before it", async () => {
    const live = schema("sqlite", [table("t", [id, col("a", "text"), col("b", "text")], pk), table("old", [id], pk)]);
    const target = schema("sqlite", [
      table("t", [id, col("aa", "text"), col("c", "text"), col("b", "integer")], pk),
      table("u", [id], pk),
    ]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect), { hints: ["t.a=t.aa", "old="] });
    expect(ops.map(summary)).toEqual([
      "renameColumn t a→aa",
      "createTable u",
      "addColumn t.c",
      "dropTable old",
      "rebuildTable t id,aa,c,b",
    ]);
  });

  test("a primary-key change is split: the old key goes with the constraint drops, the new one after the column changes", () => {
    const a = col("a", "integer", { nullable: false });
    const ops: Operation[] = [
      { kind: "alterColumn", table: "t", from: a, to: { ...a, nullable: true }, changes: ["nullable"] },
      { kind: "setPrimaryKey", table: "t", from: { columns: ["a", "id"] }, to: { columns: ["id"] } },
      { kind: "dropUnique", table: "t", unique: { columns: ["a"] } },
      { kind: "addColumn", table: "t", column: col("b") },
    ];
    expect(orderOperations(ops, postgresDialect.renderer).map(summary)).toEqual([
      "setPrimaryKey t (a,id)→none",
      "dropUnique t (a)",
      "addColumn t.b",
      "alterColumn t.a nullable",
      "setPrimaryKey t none→(id)",
    ]);
  });

  test("the full rank order, ties by table name, given order kept within a table", () => {
    const t = (name: string) => table(name, [id], pk);
    const c = col("x", "text");
    const ops: Operation[] = [
      { kind: "dropTable", table: t("z") },
      { kind: "dropColumn", table: "b", column: c },
      { kind: "addForeignKey", table: "a", foreignKey: fk("x", "b") },
      { kind: "addCheck", table: "a", check: { expression: "x <> ''" } },
      { kind: "createIndex", table: "a", index: { keys: [{ column: "x" }], unique: false } },
      { kind: "setPrimaryKey", table: "a", to: { columns: ["id"] } },
      { kind: "alterColumn", table: "a", from: c, to: { ...c, nullable: false }, changes: ["nullable"] },
      { kind: "addColumn", table: "b", column: col("y") },
      { kind: "addColumn", table: "a", column: col("y") },
      { kind: "addColumn", table: "a", column: col("w") },
      { kind: "createTable", table: t("c") },
      { kind: "dropIndex", table: "a", index: { keys: [{ column: "x" }], unique: false } },
      { kind: "dropForeignKey", table: "a", foreignKey: fk("x", "z") },
      { kind: "renameColumn", table: "a", from: "p", to: "q" },
      { kind: "renameTable", from: "o", to: "a" },
    ];
    expect(orderOperations(ops, postgresDialect.renderer).map(summary)).toEqual([
      "renameTable o→a",
      "renameColumn a p→q",
      "dropForeignKey a (x)→z(id)",
      "dropIndex a (x)",
      "createTable c",
      "addColumn a.y",
      "addColumn a.w",
      "addColumn b.y",
      "alterColumn a.x nullable",
      "setPrimaryKey a none→(id)",
      "addCheck a x <> ''",
      "createIndex a (x)",
      "addForeignKey a (x)→b(id)",
      "dropColumn b.x",
      "dropTable z",
    ]);
  });

  for (const { name: dialect } of DIALECTS)
    test(`${dialect}: the plan does not depend on the order tables are listed in`, async () => {
      const live = schema(dialect, [table("p", [id, col("n", "text")], pk), table("q", [id], pk)]);
      const target = schema(dialect, [...cyclic("q", "r"), table("p", [id, col("m", "integer")], pk)]);
      const one = await planOperations(live, target, dialectNamed(live.dialect));
      const two = await planOperations(
        { ...live, tables: [...live.tables].reverse() },
        { ...target, tables: [...target.tables].reverse() },
        dialectNamed(live.dialect),
      );
      expect(two).toEqual(one);
    });
});
