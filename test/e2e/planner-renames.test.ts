import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import type { DialectName } from "../../src/core/dialect-name.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

/** The shop models with the parent table and the child's column named as given. */
const shop = (parent: string, note: string, options = { table: "", column: "" }) => `
export const ${parent} = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
}${options.table ? `, { renamedFrom: "${options.table}" }` : ""});
export const Orders = Models.Model({
  id: Models.IDField(),
  buyer: Models.ForeignKey(${parent}, { onDelete: "CASCADE" }),
  ${note}: Models.TextField({ null: true${options.column ? `, renamedFrom: "${options.column}"` : ""} }),
});
`;

/** The table a foreign key of `table` references. */
async function referencedTable(f: PlannerFolder, table: string): Promise<string[]> {
  if (f.dialect === "sqlite")
    return (await f.rows<{ table: string }>(`SELECT "table" FROM pragma_foreign_key_list('${table}')`)).map(
      (r) => r.table,
    );
  if (f.dialect === "mysql")
    return (
      await f.rows<{ t: string }>(
        "SELECT referenced_table_name AS t FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND table_name = ?",
        [table],
      )
    ).map((r) => r.t);
  const rows = await f.rows<{ t: string }>(
    "SELECT confrelid::regclass::text AS t FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass",
    [table],
  );
  return rows.map((r) => r.t);
}

async function seeded(dialect: DialectName): Promise<PlannerFolder> {
  const f = await plannerFolder(dialect, shop("Customer", "note"));
  f.ok(["makemigrations"]);
  f.ok(["migrate"]);
  await f.sql(
    "INSERT INTO customer (name) VALUES ('ana'), ('bo'); INSERT INTO orders (buyer, note) VALUES (1, 'first'), (2, 'second'), (2, NULL)",
  );
  return f;
}

const orderRows = (f: PlannerFolder, table: string, column: string) => {
  const q = dialectNamed(f.dialect).quoteIdent;
  return f.rows(
    `SELECT o.id, c.name, o.${q(column)} AS note FROM orders o JOIN ${q(table)} c ON c.id = o.buyer ORDER BY o.id`,
  );
};

for (const { name: dialect, dialect: d } of DIALECTS) {
  const q = d.quoteIdent;
  describe(`${dialect}: renames are never guessed`, () => {
    test("an unhinted table rename fails closed; --rename renames and keeps the rows", async () => {
      const f = await seeded(dialect);
      const expected = await orderRows(f, "customer", "note");
      f.models(shop("Client", "note"));

      const refused = f.cli(["makemigrations"]);
      expectExit(refused, 3);
      expect(refused.stderr).toContain("RENAME_AMBIGUOUS");
      expect(refused.stderr).toContain("--rename customer=client");
      expect(existsSync(f.pending)).toBe(false);
      const json = f.json(["makemigrations"], 3);
      expect(json).toMatchObject({ schema: "pormg.makemigrations/1", outcome: "refused" });
      expect((json.error as { details: { candidates: unknown[] } }).details.candidates).toEqual([
        { kind: "table", from: "customer", to: "client", rename: "customer=client", drop: "customer=" },
      ]);
      expect(existsSync(f.pending)).toBe(false);

      const made = f.json(["makemigrations", "--rename", "customer=client"]);
      // PostgreSQL renames the key's default name with the table (customer_pkey → client_pkey).
      expect(made).toMatchObject({ outcome: "written", steps: dialect === "postgresql" ? 2 : 1, destructive: false });
      expect(readFileSync(f.pending, "utf8")).toContain(
        dialect === "mysql" ? "RENAME TABLE `customer` TO `client`;" : 'ALTER TABLE "customer" RENAME TO "client";',
      );
      expectExit(f.cli(["migrate"]), 0);
      expect(await orderRows(f, "client", "note")).toEqual(expected);
      expect(await referencedTable(f, "orders")).toEqual(["client"]);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
    }, 60_000);

    test("an unhinted column rename fails closed; --rename t.old=t.new renames and keeps the values", async () => {
      const f = await seeded(dialect);
      const expected = await orderRows(f, "customer", "note");
      f.models(shop("Customer", "remark"));

      const json = f.json(["makemigrations"], 3);
      expect((json.error as { details: { candidates: unknown[] } }).details.candidates).toEqual([
        {
          kind: "column",
          table: "orders",
          from: "note",
          to: "remark",
          rename: "orders.note=orders.remark",
          drop: "orders.note=",
        },
      ]);
      expect(json.stderr).toContain("--rename orders.note=orders.remark");
      expect(existsSync(f.pending)).toBe(false);

      const made = f.json(["makemigrations", "--rename", "orders.note=orders.remark"]);
      expect(made).toMatchObject({ outcome: "written", steps: 1, destructive: false });
      expect(readFileSync(f.pending, "utf8")).toContain(`RENAME COLUMN ${q("note")} TO ${q("remark")}`);
      expectExit(f.cli(["migrate"]), 0);
      expect(await orderRows(f, "customer", "remark")).toEqual(expected);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
    }, 60_000);

    test("renamedFrom in the models renames a table and a column at once", async () => {
      const f = await seeded(dialect);
      const expected = await orderRows(f, "customer", "note");
      f.models(shop("Client", "remark", { table: "customer", column: "note" }));
      const made = f.json(["makemigrations"]);
      expect(made).toMatchObject({ outcome: "written", steps: dialect === "postgresql" ? 3 : 2, destructive: false });
      expectExit(f.cli(["migrate"]), 0);
      expect(await orderRows(f, "client", "remark")).toEqual(expected);
      expect(await referencedTable(f, "orders")).toEqual(["client"]);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
      expectExit(f.cli(["check"]), 0);
    }, 60_000);
  });
}
