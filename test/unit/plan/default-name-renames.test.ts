import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import type { Table } from "../../../src/schema/ir.ts";
import { col, schema, simulate, summary, table } from "./simulate.ts";

/** A table `name` with a key, a unique, a self foreign key, a column check and an index, all default-named. */
const shop = (name: string, code = "code", extra: Partial<Table> = {}): Table =>
  table(
    name,
    [
      col("id", "bigint", { nullable: false }),
      col(code, { kind: "varchar", length: 10 }),
      col("parent", "bigint"),
      col("qty", "integer"),
    ],
    {
      primaryKey: { columns: ["id"] },
      uniques: [{ columns: [code] }],
      foreignKeys: [
        {
          columns: ["parent"],
          references: { table: name, columns: ["id"] },
          onDelete: "CASCADE",
          onUpdate: "NO ACTION",
          deferred: false,
        },
      ],
      checks: [{ name: `${name}_qty_check`, expression: "qty >= 0" }],
      indexes: [{ keys: [{ column: code }], unique: false }],
      ...extra,
    },
  );

describe("postgresql: default names follow a rename", () => {
  test("a renamed table's key, unique, foreign key, check and index take the names a fresh table would have", async () => {
    const live = schema("postgresql", [shop("customer")]);
    const target = schema("postgresql", [shop("client")]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect), { hints: ["customer=client"] });
    expect(ops.map(summary)).toEqual([
      "renameTable customer→client",
      "renameIndex client customer_pkey→client_pkey",
      "renameIndex client customer_code_key→client_code_key",
      "renameIndex client customer_code_idx→client_code_idx",
      "renameConstraint client customer_parent_fkey→client_parent_fkey",
      "renameConstraint client customer_qty_check→client_qty_check",
    ]);
    const after = simulate(live, ops);
    // Every name is the default again, so the renamed table is the fresh one, names included.
    expect(after).toEqual(target);
    expect(await planOperations(after, target, dialectNamed(after.dialect))).toEqual([]);
  });

  test("a column rename renames the names that embed the column", async () => {
    const live = schema("postgresql", [shop("customer")]);
    const target = schema("postgresql", [shop("customer", "sku")]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect), {
      hints: ["customer.code=customer.sku"],
    });
    expect(ops.map(summary)).toEqual([
      "renameColumn customer code→sku",
      "renameIndex customer customer_code_key→customer_sku_key",
      "renameIndex customer customer_code_idx→customer_sku_idx",
    ]);
    expect(simulate(live, ops)).toEqual(target);
  });

  test("explicit names, objects that go, and a name another relation holds are left alone", async () => {
    const named = shop("customer", "code", {
      indexes: [{ name: "by_code", keys: [{ column: "code" }], unique: false }],
      checks: [{ name: "qty_ok", expression: "qty >= 0" }],
    });
    const other = table("client_code_key", [col("id", "bigint")]);
    const live = schema("postgresql", [named, other]);
    const renamed = shop("client", "code", {
      indexes: [{ name: "by_code", keys: [{ column: "code" }], unique: false }],
      checks: [{ name: "qty_ok", expression: "qty >= 0" }],
      foreignKeys: [],
    });
    const target = schema("postgresql", [renamed, other]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect), { hints: ["customer=client"] });
    // The unique's new name is a table's (PostgreSQL indexes share its namespace); the foreign key goes.
    expect(ops.map(summary)).toEqual([
      "renameTable customer→client",
      "renameIndex client customer_pkey→client_pkey",
      "dropForeignKey client (parent)→client(id)",
    ]);
    const dropped = ops.find((op) => op.kind === "dropForeignKey");
    expect(dropped?.kind === "dropForeignKey" && dropped.foreignKey.name).toBe("customer_parent_fkey");
    expect(await planOperations(simulate(live, ops), target, dialectNamed(target.dialect))).toEqual([]);
  });
});

describe("sqlite: default-named indexes follow a rename", () => {
  test("a renamed table's index is made again under the new default name; its unnamed constraints need nothing", async () => {
    const plain = (name: string) => ({ ...shop(name), checks: [] });
    const live = schema("sqlite", [plain("customer")]);
    const target = schema("sqlite", [plain("client")]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect), { hints: ["customer=client"] });
    expect(ops.map(summary)).toEqual([
      "renameTable customer→client",
      "dropIndex client customer_code_idx",
      "createIndex client (code)",
    ]);
    const after = simulate(live, ops);
    expect(after.tables[0]?.indexes).toEqual([{ keys: [{ column: "code" }], unique: false }]);
    expect(await planOperations(after, target, dialectNamed(after.dialect))).toEqual([]);
  });
});
